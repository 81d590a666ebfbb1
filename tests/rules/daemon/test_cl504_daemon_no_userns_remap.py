"""CL504 (opt-in): no user-namespace remapping."""

from __future__ import annotations

from pathlib import Path

from tests.rules.daemon.helpers import findings


def test_unset_is_reported_on_the_brace(tmp_path: Path) -> None:
    [found] = findings(tmp_path, '{"ip": "127.0.0.1"}', "CL504")
    assert (found.span.start.column, found.span.end.column) == (0, 1)
    assert '"userns-remap" is not set' in found.message


def test_empty_is_reported_on_the_value(tmp_path: Path) -> None:
    [found] = findings(tmp_path, '{"userns-remap": ""}', "CL504")
    assert (found.span.start.column, found.span.end.column) == (17, 19)
    assert "is empty" in found.message


def test_a_remap_user_is_not_reported(tmp_path: Path) -> None:
    assert findings(tmp_path, '{"userns-remap": "default"}', "CL504") == []
    assert findings(tmp_path, '{"userns-remap": "dockremap:dockremap"}', "CL504") == []
