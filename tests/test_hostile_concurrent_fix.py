"""Two ``--fix`` runs on one tree at once: no torn or broken file, no temporary file left."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from composelint.fix.write import TEMP_PREFIX
from tests.conftest import CORPUS_TREE
from tests.hostile_support import Run, run_cli

REPOSITORIES = 30


def _copy_subset(target: Path) -> None:
    repositories = sorted(p for owner in CORPUS_TREE.iterdir() for p in owner.iterdir())
    assert len(repositories) >= REPOSITORIES
    for repository in repositories[:REPOSITORIES]:
        shutil.copytree(repository, target / repository.relative_to(CORPUS_TREE))


def _contents(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _broken(run: Run) -> set[tuple[str, str]]:
    """(file, code) of every CL000 and CL001: what does not parse or crashed."""
    return {
        (f["path"], d["code"])
        for f in run.document["files"]
        for d in f["diagnostics"]
        if d["code"] in ("CL000", "CL001")
    }


def test_two_fix_runs_at_once_leave_every_file_whole(tmp_path: Path) -> None:
    original, alone, raced = tmp_path / "original", tmp_path / "alone", tmp_path / "raced"
    _copy_subset(original)
    shutil.copytree(original, alone)
    shutil.copytree(original, raced)
    before = _contents(original)
    broken_before = _broken(run_cli("check", "--output-format", "json", ".", cwd=original))
    assert run_cli("check", "--fix", "--unsafe-fixes", ".", cwd=alone).code in (0, 1)
    fixed = _contents(alone)
    assert fixed != before  # the subset has something to fix

    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "VIRTUAL_ENV", "LANG")}
    command = [sys.executable, "-m", "composelint", "check", "--fix", "--unsafe-fixes", "."]
    racers = [
        subprocess.Popen(
            command, cwd=raced, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for _ in range(2)
    ]
    for racer in racers:
        out, err = (stream.decode() for stream in racer.communicate(timeout=600))
        assert "Traceback" not in err, err
        if racer.returncode == 2:  # the other run wrote the file first: it is left alone
            problems = [line for line in err.splitlines() if ": error: " in line]
            assert problems and all("changed on disk" in line for line in problems), err
        else:
            assert racer.returncode in (0, 1), (out, err)

    after = _contents(raced)
    assert not [name for name in after if os.path.basename(name).startswith(TEMP_PREFIX)]
    assert after.keys() == before.keys()
    # Each file holds the original or what one run alone writes, never a mix.
    torn = [n for n in after if after[n] not in (before[n], fixed[n])]
    assert not torn, torn
    assert _broken(run_cli("check", "--output-format", "json", ".", cwd=raced)) <= broken_before
    assert run_cli("check", "--fix", "--unsafe-fixes", ".", cwd=raced).code in (0, 1)
    assert _contents(raced) == after
