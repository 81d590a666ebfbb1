"""The example plugin registers through entry points, reports its code, and collides loudly."""

from __future__ import annotations

import sys
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest

from composelint.rules import registry
from composelint.rules.selection import Selection
from composelint.run.engine import run

PLUGIN = Path(__file__).resolve().parents[2] / "examples" / "plugin"


@pytest.fixture
def with_plugin(monkeypatch: pytest.MonkeyPatch):  # noqa: ANN201
    monkeypatch.syspath_prepend(str(PLUGIN))
    builtin = registry._entry_points()
    extra = [EntryPoint("ACME001", "composelint_acme.rules:RULE", registry.GROUP)]
    monkeypatch.setattr(registry, "_entry_points", lambda: builtin + extra)
    registry.all_rules.cache_clear()
    yield builtin
    registry.all_rules.cache_clear()
    sys.modules.pop("composelint_acme.rules", None)


def test_plugin_rule_runs(with_plugin, tmp_path: Path) -> None:  # noqa: ANN001
    (tmp_path / "compose.yml").write_text("services:\n  web:\n    image: x\n    restart: always\n")
    result = run([str(tmp_path)], environ={}, selection=Selection(select=("ACME",)))
    [diagnostic] = result.diagnostics
    assert diagnostic.code == "ACME001"
    assert (diagnostic.span.start.line, diagnostic.span.start.column) == (3, 13)


def test_code_collision_is_a_clear_startup_error(with_plugin, monkeypatch) -> None:  # noqa: ANN001
    # A second package registering the built-in CL102 rule object again.
    twice = EntryPoint(
        "X",
        "composelint.rules.exposure.cl102_port_published_on_all_interfaces:RULE",
        registry.GROUP,
    )
    monkeypatch.setattr(registry, "_entry_points", lambda: [*with_plugin, twice])
    registry.all_rules.cache_clear()
    with pytest.raises(registry.RegistryError, match="CL102 is registered twice"):
        registry.all_rules()
