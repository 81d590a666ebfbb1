"""The engine: a big tree checked by several processes says exactly what one process says."""

from __future__ import annotations

import pytest

from composelint import engine
from tests.conftest import CORPUS_TREE


def test_parallel_run_matches_a_single_process(monkeypatch: pytest.MonkeyPatch) -> None:
    single = engine.run([str(CORPUS_TREE)], environ={}, parallel=False)
    monkeypatch.setattr(engine, "PARALLEL_MIN_FILES", 10)
    monkeypatch.setattr(engine, "_workers", lambda files: 2)
    several = engine.run([str(CORPUS_TREE)], environ={})
    assert [f.path for f in several.files] == [f.path for f in single.files]
    for a, b in zip(several.files, single.files, strict=True):
        assert a.diagnostics == b.diagnostics, a.path
