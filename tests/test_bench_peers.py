"""The peer-parity script in bench/peers: its mapping table and the extraction of
inputs and expectations from the peers' test files (given as strings; no mirror)."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path
from types import ModuleType

HERE = Path(__file__).resolve().parent.parent / "bench" / "peers"
CODES = set(
    re.findall(
        r"^\| (CL\d{3}) \|",
        (Path(__file__).resolve().parent.parent.parent / "shared" / "design.md").read_text(),
        re.M,
    )
)


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_peers", HERE / "peers.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_peers"] = module
    spec.loader.exec_module(module)
    return module


peers = _load()


def test_mapping_rows_name_design_codes_and_give_reasons() -> None:
    rows = list(peers.iter_rows())
    assert {p for p, *_ in rows} == {"compose-lint", "dclint", "hadolint"}
    assert len([r for r in rows if r[0] == "compose-lint"]) == 27
    for peer, rule, codes, counted, note in rows:
        assert all(c in CODES for c in codes), (peer, rule, codes)
        if not counted:
            assert not codes and note.startswith("not carried"), (peer, rule)
        elif not codes:
            assert note, (peer, rule)  # a counted rule without a code says why


def test_hadolint_rules_match_the_suppression_mapping() -> None:
    table = {r: c for p, r, c, *_ in peers.iter_rows() if p == "hadolint"}
    assert table == {
        "DL3002": ("CL201",),
        "DL3004": ("CL210",),
        "DL3006": ("CL401",),
        "DL3007": ("CL401",),
    }


PY_TEST = """
from compose_lint.parser import load_compose, loads
from compose_lint.rules.CL0002_privileged import PrivilegedRule

FIXTURES = Path(__file__).parent / "compose_files"


class TestPrivileged:
    def setup_method(self) -> None:
        self.rule = PrivilegedRule()

    def _check(self, flag: str) -> list:
        data, lines = loads(
            "services:\\n"
            "  a:\\n"
            f"    privileged: {flag}\\n"
        )
        return list(self.rule.check("a", data["services"]["a"], data, lines))

    def test_fixture(self) -> None:
        data, lines = load_compose(FIXTURES / "priv.yml")
        findings = list(self.rule.check("bad", data["services"]["bad"], data, lines))
        assert len(findings) == 1
        assert findings[0].rule_id == "CL-0002"

    def test_inline_clean(self) -> None:
        for flag in ("false", "no"):
            assert self._check(flag) == []

    def test_dict(self) -> None:
        findings = list(self.rule.check("x", {"privileged": True}, {}, {}))
        assert findings

    def test_unrelated(self) -> None:
        assert PrivilegedRule().metadata.id == "CL-0002"
"""


def test_python_test_file_yields_inputs_services_and_expectations() -> None:
    fixtures = {"priv.yml": "services:\n  bad:\n    privileged: true\n  good:\n    image: x\n"}
    cases = peers.python_test_cases(PY_TEST, fixtures, "CL-0002", "test_CL0002.py")
    got = [(c.test.rsplit("::", 1)[1], c.services, c.expect) for c in cases]
    assert got == [
        ("test_fixture", ("bad",), "flagged"),
        ("test_inline_clean", ("a",), "clean"),
        ("test_inline_clean", ("a",), "clean"),
        ("test_dict", ("x",), "flagged"),
    ]
    assert cases[0].text == fixtures["priv.yml"]
    assert cases[1].text == "services:\n  a:\n    privileged: false\n"
    assert cases[2].text == "services:\n  a:\n    privileged: no\n"
    assert json.loads(cases[3].text) == {"services": {"x": {"privileged": True}}}
    assert {c.rule for c in cases} == {"CL-0002"}


def test_service_spans_cover_each_service() -> None:
    text = (
        "version: '3'\nservices:\n  a:\n    image: x\n\n  'b':\n    image: y\nvolumes:\n  v: {}\n"
    )
    assert peers.service_spans(text) == {"a": (2, 4), "b": (5, 6)}


def test_dclint_spec_yields_flagged_services_and_clean_files() -> None:
    spec = (
        "const yamlBad = `\nservices:\n  a:\n    ports:\n      - 80:80\n`;\n"
        "const yamlGood = `\nservices:\n  a:\n    ports:\n      - 127.0.0.1:80:80\n`;\n"
        "test('flags', (t) => {\n  const rule = new XRule();\n"
        "  const context = { content: parseDocument(yamlBad).toJS() };\n"
        "  const expectedMessages = [\n    rule.getMessage({ serviceName: 'a', port: '80' }),\n  ];\n"
        "  runRuleTest(t, rule, context, expectedMessages);\n});\n\n"
        "test('clean', (t) => {\n  const rule = new XRule();\n"
        "  const context = { content: parseDocument(yamlGood).toJS() };\n"
        "  const expectedMessages: string[] = [];\n"
        "  runRuleTest(t, rule, context, expectedMessages);\n});\n"
    )
    cases = peers.dclint_cases(spec, "no-unbound-port-interfaces", "x.spec.ts")
    assert [(c.expect, c.services) for c in cases] == [("flagged", ("a",)), ("clean", ())]
    assert cases[0].text == "services:\n  a:\n    ports:\n      - 80:80\n"


def test_hadolint_spec_yields_dockerfiles() -> None:
    spec = (
        '    it "root" $\n      let dockerFile =\n            [ "FROM scratch",\n'
        '              "USER root"\n            ]\n'
        '       in ruleCatches "DL3002" $ Text.unlines dockerFile\n'
        '    it "sudo" $ do\n      ruleCatches "DL3002" "RUN sudo \\"x\\""\n'
        '      onBuildRuleCatchesNot "DL3002" "RUN true"\n'
    )
    cases = peers.hadolint_cases(spec, "DL3002", "DL3002Spec.hs")
    assert [(c.expect, c.text) for c in cases] == [
        ("flagged", "FROM scratch\nUSER root\n"),
        ("flagged", 'FROM debian:12.5\nRUN sudo "x"\n'),
        ("clean", "FROM debian:12.5\nONBUILD RUN true\n"),
    ]
