"""The CI formats: JUnit read back by a JUnit consumer's parser, GitLab Code Quality with
its documented fields, Checkstyle parsed as XML, SARIF's code-scanning properties."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from jsonschema import Draft4Validator
from junitparser import Failure, JUnitXml

from composelint.cli.check_command import parse_plain, run_check
from tests.conftest import SHARED

STACK = (
    "services:\n"
    "  web:\n"
    "    image: example/app:1.2\n"
    "    ports: ['8080:80']\n"
    "    privileged: true\n"
    "    environment:\n"
    "      NOTE: \"a \\x1b[31m <tag> & 'quote'\"\n"
    "  web2:\n"
    "    image: example/app:1.2\n"
    "    ports: ['8081:80']\n"
)


def _run(tmp_path: Path, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    args = parse_plain([*argv])
    assert args is not None, argv
    code = run_check(args)
    return code, capsys.readouterr().out


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "compose.yml").write_text(STACK, encoding="utf-8")
    (tmp_path / "clean").mkdir()
    (tmp_path / "clean" / "compose.yml").write_text(
        "services:\n  db:\n    image: postgres:16\n    user: postgres\n", encoding="utf-8"
    )
    return tmp_path


def test_junit_is_read_back_by_a_junit_parser(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = _run(tree, capsys, "--output-format", "junit", str(tree))
    assert code == 1
    report = tree / "report.xml"
    report.write_text(out, encoding="utf-8")
    xml = JUnitXml.fromfile(str(report))
    [suite] = list(xml)
    cases = list(suite)
    failing = [c for c in cases if any(isinstance(r, Failure) for r in c.result)]
    passing = [c for c in cases if not c.result]
    assert [c.classname for c in passing] == [str(tree / "clean" / "compose.yml")]
    codes = sorted(r.type for c in failing for r in c.result)
    assert "CL102" in codes and "CL203" in codes
    assert suite.tests == len(cases) and suite.failures == len(failing)
    cl203 = next(c for c in failing if c.name.startswith("CL203 "))
    assert cl203.name == f"CL203 {tree / 'app' / 'compose.yml'}:5:17"
    assert "runs privileged" in cl203.result[0].message


def test_gitlab_code_quality_has_the_documented_fields(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = _run(tree, capsys, "--output-format", "gitlab", str(tree))
    assert code == 1
    issues = json.loads(out)
    assert issues
    for issue in issues:
        assert isinstance(issue["description"], str) and issue["description"]
        assert issue["check_name"].startswith("CL")
        assert issue["severity"] in ("info", "minor", "major", "critical", "blocker")
        assert issue["location"]["path"].endswith("compose.yml")
        assert issue["location"]["lines"]["begin"] >= 1
    fingerprints = [i["fingerprint"] for i in issues]
    assert len(set(fingerprints)) == len(fingerprints)
    severities = {i["check_name"]: i["severity"] for i in issues}
    assert severities["CL203"] == "critical" and severities["CL102"] == "major"


def test_gitlab_fingerprints_survive_lines_moving(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _code, before = _run(tree, capsys, "--output-format", "gitlab", str(tree))
    compose = tree / "app" / "compose.yml"
    compose.write_text("# a comment above moves every line\n\n" + STACK, encoding="utf-8")
    _code, after = _run(tree, capsys, "--output-format", "gitlab", str(tree))
    old, new = json.loads(before), json.loads(after)
    assert [i["location"]["lines"]["begin"] + 2 for i in old] == [
        i["location"]["lines"]["begin"] for i in new
    ]
    assert [i["fingerprint"] for i in old] == [i["fingerprint"] for i in new]


def test_an_empty_gitlab_report_is_an_empty_array(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = _run(tree, capsys, "--output-format", "gitlab", str(tree / "clean"))
    assert (code, json.loads(out)) == (0, [])


def test_checkstyle_parses_and_escapes_what_a_file_quotes(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tree / "app" / "compose.yml").write_text(
        STACK.replace("  web2:", '  "w<&>\\x1b":'), encoding="utf-8"
    )
    code, out = _run(tree, capsys, "--output-format", "checkstyle", str(tree))
    assert code == 1
    root = ET.fromstring(out)
    assert root.tag == "checkstyle"
    [app] = root.findall("file")  # a file without findings is left out
    assert app.get("name") == str(tree / "app" / "compose.yml")
    errors = app.findall("error")
    sources = {e.get("source") for e in errors}
    assert {"composelint.CL102", "composelint.CL203"} <= sources
    privileged = next(e for e in errors if e.get("source") == "composelint.CL203")
    assert (privileged.get("line"), privileged.get("column"), privileged.get("severity")) == (
        "5",
        "17",
        "error",
    )
    assert any("w<&>\\x1b" in (e.get("message") or "") for e in errors)


def test_sarif_rules_carry_code_scanning_properties(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tree / "app" / "broken.yml").write_text("services: [\n", encoding="utf-8")
    code, out = _run(tree, capsys, "--output-format", "sarif", str(tree))
    assert code == 1
    document = json.loads(out)
    schema = json.loads((SHARED / "spec" / "sarif-schema-2.1.0.json").read_text())
    assert sorted(Draft4Validator(schema).iter_errors(document), key=str) == []
    rules = {r["id"]: r for r in document["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["CL203"]["properties"] == {
        "tags": ["security"],
        "precision": "high",
        "security-severity": "8.0",
    }
    assert rules["CL102"]["properties"]["security-severity"] == "6.0"
    float(rules["CL102"]["properties"]["security-severity"])  # a number, as a string
