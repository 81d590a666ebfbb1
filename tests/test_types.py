"""The model and diagnostic types keep what the rest of composelint counts on: frozen
values compare by value and hash, a few fields stay out of ``==``, workers pickle them."""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from msgspec.structs import replace

from composelint.diagnostics import Diagnostic, Severity
from composelint.dockerfile.parser import parse_dockerfile
from composelint.source import Source


def _diagnostic(rule: str = "") -> Diagnostic:
    span = Source.from_text("compose.yml", "services: {}\n").span(0, 8)
    return Diagnostic("CL102", "published on all interfaces", span, rule=rule)


def test_frozen_values_refuse_assignment_and_new_attributes() -> None:
    diagnostic = _diagnostic()
    with pytest.raises(AttributeError):
        diagnostic.code = "CL103"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        diagnostic.other = 1  # type: ignore[attr-defined]


def test_the_rule_name_is_not_part_of_equality_or_hash() -> None:
    assert _diagnostic() == _diagnostic("port-published-on-all-interfaces")
    assert hash(_diagnostic()) == hash(_diagnostic("port-published-on-all-interfaces"))
    assert _diagnostic() != replace(_diagnostic(), severity=Severity.ERROR)
    assert replace(_diagnostic(), rule="a").rule == "a"


def test_instructions_and_comments_compare_without_their_source() -> None:
    text = "# base\nFROM alpine:3\n"
    first = parse_dockerfile(Source.from_text("a/Dockerfile", text))
    second = parse_dockerfile(Source.from_text("b/Dockerfile", text))
    assert first.instructions == second.instructions
    assert {*first.instructions} == {*second.instructions}
    assert first.comments == second.comments
    assert hash(first.comments[0]) == hash(second.comments[0])


def test_a_source_compares_without_its_caches_and_hides_its_text_in_repr() -> None:
    one, other = (
        Source.from_text("x", "a\nb\U0001f600\n"),
        Source.from_text("x", "a\nb\U0001f600\n"),
    )
    one.position(4)  # fills the line starts and the caches of line 1
    other.position(0)  # the line starts only
    assert one == other
    assert "b\U0001f600" not in repr(one) and "'x'" in repr(one)
    with pytest.raises(TypeError):
        hash(one)


def test_values_pickle() -> None:
    # Worker processes send findings back pickled.
    diagnostic = _diagnostic("rule")
    assert pickle.loads(pickle.dumps(diagnostic)) == diagnostic
    assert pickle.loads(pickle.dumps(diagnostic)).rule == "rule"


def test_a_one_file_check_does_not_import_dataclasses(tmp_path: Path) -> None:
    # Importing dataclasses and making the types with it cost a third of the start-up a
    # pre-commit run pays for every file.  (msgspec itself imports inspect.)
    compose = tmp_path / "compose.yml"
    compose.write_text("services:\n  web:\n    image: nginx:1\n    privileged: true\n")
    code = (
        "import sys\n"
        "from composelint.cli.main import main\n"
        "try:\n"
        f"    main(['check', '--output-format', 'json', {str(compose)!r}])\n"
        "except SystemExit:\n"
        "    pass\n"
        "sys.stderr.write('dataclasses' if 'dataclasses' in sys.modules else '')\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert json.loads(run.stdout)["summary"]["diagnostics"] >= 1
    assert run.stderr == ""
