"""The compose files and Dockerfiles the project ships as examples keep the round-trip promise.

Every file block of the rule specs in ``rules/`` (each example set written out as the
project it describes), the services of the detection table in tests/rules and the demo
stack in ``examples/insecure-stack`` load back byte for byte, and ``--fix --unsafe-fixes`` on them keeps every guarantee of
:mod:`tests.fix.guarantees`.  The regression files have their own test, the rewrite tests call the same checks.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from composelint.rules.docs import ExampleFile, parse_doc
from tests.fix.guarantees import fix_and_check
from tests.rules.test_detection import CASES

REPO = Path(__file__).resolve().parents[2]
SETS = [
    (f"{spec.stem}-{heading}".replace(" ", "-"), files)
    for spec in sorted((REPO / "rules").glob("CL*.md"))
    for heading, files in parse_doc(spec.read_text(encoding="utf-8"), spec.name).examples.items()
    if any(f.path.endswith((".yml", ".yaml")) or "Dockerfile" in f.path for f in files)
]


def test_the_specs_have_example_files() -> None:
    assert len(SETS) >= 30


@pytest.mark.parametrize("files", [files for _id, files in SETS], ids=[i for i, _f in SETS])
def test_spec_example_keeps_the_promise(files: list[ExampleFile], tmp_path: Path) -> None:
    for example in files:
        path = tmp_path / example.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(example.text, encoding="utf-8")
    report = fix_and_check([tmp_path])
    assert report.before.files  # the example was checked, not skipped


@pytest.mark.parametrize(("code", "body", "image", "_lines"), CASES)
def test_detection_case_keeps_the_promise(
    code: str, body: str, image: str, _lines: list[int], tmp_path: Path
) -> None:
    (tmp_path / "compose.yml").write_text(f"services:\n  web:\n    image: {image}\n{body}")
    report = fix_and_check([tmp_path])
    assert [Path(f.path).name for f in report.before.files] == ["compose.yml"]


def test_demo_stack_keeps_the_promise(tmp_path: Path) -> None:
    stack = tmp_path / "insecure-stack"
    shutil.copytree(REPO / "examples" / "insecure-stack", stack)
    report = fix_and_check([stack], cli=True)
    assert {Path(p).name for p in report.outcome.changed} == {"compose.yaml"}
    assert min(report.kept_lines.values()) > 30  # a handful of lines edited, the rest kept
