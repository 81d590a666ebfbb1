"""CL505 (opt-in): ``"no-new-privileges"`` not true."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.rules.daemon.helpers import findings


def test_unset_is_reported_on_the_brace(tmp_path: Path) -> None:
    [found] = findings(tmp_path, '{"ip": "127.0.0.1"}', "CL505")
    assert (found.span.start.column, found.span.end.column) == (0, 1)
    assert "is not set" in found.message


@pytest.mark.parametrize(("value", "end"), [("false", 27), ('"true"', 28)])
def test_not_true_is_reported_on_the_value(tmp_path: Path, value: str, end: int) -> None:
    [found] = findings(tmp_path, f'{{"no-new-privileges": {value}}}', "CL505")
    assert (found.span.start.column, found.span.end.column) == (22, end)
    assert "is not true" in found.message


def test_true_is_not_reported(tmp_path: Path) -> None:
    assert findings(tmp_path, '{"no-new-privileges": true}', "CL505") == []
