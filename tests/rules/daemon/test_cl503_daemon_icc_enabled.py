"""CL503 (opt-in): inter-container traffic on the default bridge."""

from __future__ import annotations

from pathlib import Path

from composelint.run.engine import run
from tests.rules.daemon.helpers import findings, write


def test_unset_is_reported_on_the_brace(tmp_path: Path) -> None:
    [found] = findings(tmp_path, '{"ip": "127.0.0.1"}', "CL503")
    assert (found.span.start.column, found.span.end.column) == (0, 1)
    assert '"icc" is not set' in found.message


def test_true_is_reported_on_the_value(tmp_path: Path) -> None:
    [found] = findings(tmp_path, '{"ip": "127.0.0.1", "icc": true}', "CL503")
    assert (found.span.start.column, found.span.end.column) == (27, 31)
    assert '"icc": true' in found.message


def test_false_is_not_reported(tmp_path: Path) -> None:
    assert findings(tmp_path, '{"icc": false}', "CL503") == []


def test_it_is_off_unless_selected(tmp_path: Path) -> None:
    write(tmp_path, '{"ip": "127.0.0.1"}')
    assert run([str(tmp_path)], environ={}).diagnostics == []
