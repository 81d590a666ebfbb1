"""A tree fixed a batch at a time ends as one in-memory fix leaves it, byte for byte,
with the same findings left; groups of projects that share files across batches
(includes, ``COMPOSE_FILE``, ``extends: file:`` in the corpus) are fixed together."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from composelint.diagnostics import Diagnostic
from composelint.diagnostics.report import FileReport
from composelint.run.fix_batches import Fixing
from composelint.run.fixing import fix_run
from composelint.run.stream import check_stream
from tests.conftest import CORPUS_TREE


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _shape(diagnostics: list[Diagnostic], root: Path) -> list[tuple]:
    return [
        (
            d.code,
            d.message.replace(str(root), ""),
            d.span.start.offset,
            None if d.fix is None else d.fix.applicability,
        )
        for d in diagnostics
    ]


@pytest.mark.parametrize(("batch_files", "jobs"), [(7, 1), (3, 3)])
def test_batches_fix_what_one_run_fixes(tmp_path: Path, batch_files: int, jobs: int) -> None:
    whole, batched = tmp_path / "whole", tmp_path / "batched"
    shutil.copytree(CORPUS_TREE, whole)
    shutil.copytree(CORPUS_TREE, batched)
    outcome = fix_run([str(whole)], unsafe=True, environ={})
    for path, text in outcome.changed.items():
        Path(path).write_bytes(outcome.originals[path].encode(text))
    reports: list[FileReport] = []
    streamed = check_stream(
        [str(batched)],
        reports.append,
        environ={},
        batch_files=batch_files,
        jobs=jobs,
        fixing=Fixing(unsafe=True),
    )
    assert streamed.fixes is not None and not streamed.fixes.errors
    assert len(streamed.fixes.written) == len(outcome.changed) > 0
    assert _files(batched) == _files(whole)
    assert [r.path.removeprefix(str(batched)) for r in reports] == [
        f.path.removeprefix(str(whole)) for f in outcome.result.files
    ]
    for report, result in zip(reports, outcome.result.files, strict=True):
        assert _shape(report.diagnostics, batched) == _shape(result.diagnostics, whole)


def test_a_diff_writes_nothing_and_gives_every_fixed_text(tmp_path: Path) -> None:
    shutil.copytree(CORPUS_TREE, tmp_path / "tree")
    before = _files(tmp_path / "tree")
    outcome = fix_run([str(tmp_path / "tree")], unsafe=False, environ={})
    streamed = check_stream(
        [str(tmp_path / "tree")],
        lambda _report: None,
        environ={},
        batch_files=5,
        fixing=Fixing(unsafe=False, write=False),
    )
    assert streamed.fixes is not None
    assert sorted(streamed.fixes.diffs) == sorted(outcome.changed)
    assert _files(tmp_path / "tree") == before
