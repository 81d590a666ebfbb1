"""Every file in tests/fix/regressions/ once broke the fixer; each keeps the full promise now.

The folder's README says, one line per file, what broke.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.fix.guarantees import fix_and_check

FOLDER = Path(__file__).parent / "regressions"
CASES = sorted(p for p in FOLDER.iterdir() if p.suffix in (".yml", ".Dockerfile"))


def test_every_case_is_explained_in_the_readme() -> None:
    readme = (FOLDER / "README.md").read_text(encoding="utf-8")
    assert CASES
    assert [p.name for p in CASES if f"`{p.name}`" not in readme] == []


@pytest.mark.parametrize("case", CASES, ids=[p.name for p in CASES])
def test_regression_keeps_the_promise(case: Path, tmp_path: Path) -> None:
    # Under a name discovery classifies: compose.yaml, or app/Dockerfile next to it.
    name = "Dockerfile" if case.suffix == ".Dockerfile" else "compose.yaml"
    shutil.copyfile(case, tmp_path / name)
    report = fix_and_check([tmp_path])
    assert [f.path for f in report.before.files] == [str(tmp_path / name)]
