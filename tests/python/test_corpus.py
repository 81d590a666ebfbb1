"""Every Python file of the shared corpus that passes the screen reads without a
traceback, and each value points at its own text."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from composelint.python import read_python, screen
from composelint.source import Source
from tests.conftest import SHARED

ROOTS = (SHARED / "corpus" / "tree", SHARED / "corpus" / "beyond")


def _files() -> list[Path]:
    return [p for root in ROOTS if root.is_dir() for p in sorted(root.rglob("*.py"))]


FILES = _files()


def test_every_corpus_python_file_reads() -> None:
    assert FILES, (
        "the shared corpus (../shared/corpus) holds no Python files: is it beside the repository?"
    )
    counts: Counter[str] = Counter()
    for path in FILES:
        source = Source.read(path)
        if not screen(source.text):
            continue
        found = read_python(source)
        counts["files"] += 1
        counts["notes"] += found.note is not None
        for service in found.containers:
            counts["containers"] += 1
            for item in (*service.ports, *service.volumes):
                origin = item.origin
                assert origin is not None
                assert 0 <= origin.node.start < origin.node.end <= len(source.text)
        counts["launches"] += len(found.launches)
        counts["command lines"] += len(found.commands)
    assert counts["files"] > 0
    assert counts["notes"] == 0
