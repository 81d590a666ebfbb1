"""--fix --unsafe-fixes over the real-world corpus keeps the round-trip promise.

Once over a copy of the whole corpus tree (so cross-file fixes run), and once per file of
``corpus/real`` alone in its own folder (so each file's own fixes run without context).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import CORPUS_REAL, CORPUS_TREE, manifest_rows
from tests.fix.guarantees import fix_and_check

ROWS = [r for r in manifest_rows() if r["kind"] in ("compose", "dockerfile")]


def test_fixing_the_corpus_tree_keeps_every_other_byte(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    shutil.copytree(CORPUS_TREE, tree, symlinks=True)
    report = fix_and_check([tree])
    assert len(report.outcome.changed) > 50  # the corpus has plenty to fix


@pytest.mark.parametrize("row", ROWS, ids=[r["file"] for r in ROWS])
def test_fixing_one_corpus_file_alone_keeps_every_other_byte(
    row: dict[str, str], tmp_path: Path
) -> None:
    # The file under its own name, so it is classified as in its repository.
    path = tmp_path / Path(row["path"]).name
    shutil.copyfile(CORPUS_REAL / row["file"], path)
    report = fix_and_check([path])
    assert str(path) in {f.path for f in report.before.files}
