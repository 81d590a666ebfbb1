"""CL502: ``"iptables": false``."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.rules.daemon.helpers import findings


def test_false_is_reported_on_the_value(tmp_path: Path) -> None:
    [found] = findings(tmp_path, '{\n  "iptables": false\n}', "CL502")
    assert (found.span.start.line, found.span.start.column, found.span.end.column) == (1, 14, 19)
    assert "DOCKER-USER" in found.message
    assert found.fix is None


@pytest.mark.parametrize(
    "text", ['{"iptables": true}', '{"ip": "127.0.0.1"}', '{"iptables": "false", "icc": false}']
)
def test_true_unset_or_not_a_boolean_is_not_reported(tmp_path: Path, text: str) -> None:
    assert findings(tmp_path, text, "CL502") == []
