"""Shared fixtures: the corpus in ../shared and a controlled environment."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPUS_REAL = SHARED / "corpus" / "real"
CORPUS_TREE = SHARED / "corpus" / "tree"
CORPUS_BEYOND = SHARED / "corpus" / "beyond"

# Property tests draw the same examples on every run and machine, CI included, so a
# failure reproduces; HYPOTHESIS_PROFILE=explore draws new ones (and remembers failures).
settings.register_profile("ci", derandomize=True, database=None, deadline=None)
settings.register_profile("explore", deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def manifest_rows(corpus: Path = CORPUS_REAL) -> list[dict[str, str]]:
    """The rows of a corpus's MANIFEST.tsv (``corpus/real`` unless told)."""
    lines = (corpus / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"), strict=False)) for line in lines[1:] if line]


def daemon_json_paths() -> set[str]:
    """The tree paths (``owner/repo/path``) of the corpus's dockerd ``daemon.json`` files."""
    rows = manifest_rows(CORPUS_BEYOND)
    return {f"{r['repo']}/{r['path']}" for r in rows if r["kind"] == "daemon-json"}


def copy_beyond(kind: str, tree: Path) -> list[Path]:
    """The beyond manifest's files of ``kind`` copied from the corpus tree under ``tree``
    (``owner/repo/path``, as in a repository); returns the copies."""
    import shutil

    out = []
    for row in manifest_rows(CORPUS_BEYOND):
        if row["kind"] == kind:
            copy = tree / row["repo"] / row["path"]
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(CORPUS_TREE / row["repo"] / row["path"], copy)
            out.append(copy)
    return out


@pytest.fixture(autouse=True)
def controlled_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No variable of the machine ($HOSTNAME, $USER, ...) leaks into an expectation."""
    for name in list(os.environ):
        if name not in (
            "PATH",
            "HOME",
            "TMPDIR",
            "LANG",
            "LC_ALL",
            "PYTHONPATH",
            "VIRTUAL_ENV",
            "SYSTEMROOT",
            "PYTHONHASHSEED",
        ):
            monkeypatch.delenv(name, raising=False)
