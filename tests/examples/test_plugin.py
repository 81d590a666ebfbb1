"""The example plugin registers through entry points, reports its code, and collides loudly."""

from __future__ import annotations

import json
import sys
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest

from composelint.diagnostics import Severity
from composelint.lsp.hover import rule_markdown
from composelint.output.github import render as render_github
from composelint.output.json_format import render as render_json
from composelint.output.sarif import render as render_sarif
from composelint.output.text import render as render_text
from composelint.rules import registry
from composelint.rules.catalog import describe, listing, rule_infos
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


RESTART_ALWAYS = "services:\n  web:\n    image: x\n    restart: always\n"


def _plugin_run(root: Path):  # noqa: ANN202
    (root / "compose.yml").write_text(RESTART_ALWAYS)
    return run([str(root)], environ={}, selection=Selection(select=("ACME",)))


def test_plugin_rule_name_and_severity_reach_every_output(with_plugin, tmp_path: Path) -> None:  # noqa: ANN001
    result = _plugin_run(tmp_path)
    [diagnostic] = result.diagnostics
    assert (diagnostic.name, diagnostic.severity) == ("restart-always", Severity.ERROR)
    assert result.exit_code(Severity.ERROR) == 1

    [entry] = json.loads(render_json(result))["files"][0]["diagnostics"]
    assert (entry["data"]["rule"], entry["severity"]) == ("restart-always", 1)
    # Its documentation is its own, not a page under composelint's documentation base.
    linked = render_json(result, "https://example.org/rules", rule_infos(specs=False))
    [entry] = json.loads(linked)["files"][0]["diagnostics"]
    assert entry["codeDescription"]["href"] == "https://example.org/acme/composelint/ACME001"

    assert f"{tmp_path}/compose.yml:4:14: ACME001 " in render_text(result)
    assert render_github(result).startswith("::error ")

    sarif = json.loads(render_sarif(result, None, rule_infos()))
    [rule] = sarif["runs"][0]["tool"]["driver"]["rules"]
    assert rule["name"] == "restart-always"
    assert rule["shortDescription"]["text"] == "restart: always"
    assert rule["defaultConfiguration"]["level"] == "error"
    assert rule["helpUri"] == "https://example.org/acme/composelint/ACME001"
    assert sarif["runs"][0]["results"][0]["level"] == "error"


def test_plugin_rule_in_the_language_server_and_the_rule_list(with_plugin, tmp_path: Path) -> None:  # noqa: ANN001
    from lsprotocol import types

    from composelint.config import Config
    from composelint.lsp.documents import OpenDocument
    from composelint.lsp.linting import lint_document
    from composelint.lsp.settings import Effective

    path = tmp_path / "compose.yml"
    path.write_text(RESTART_ALWAYS)
    document = OpenDocument(path.as_uri(), str(path), RESTART_ALWAYS)
    effective = Effective(Config(), Selection(select=("ACME",)))
    [found] = lint_document(document, {}, effective).lsp_diagnostics
    assert found.severity == types.DiagnosticSeverity.Error
    assert found.data["rule"] == "restart-always"
    assert found.code_description is not None
    assert found.code_description.href == "https://example.org/acme/composelint/ACME001"

    [line] = [line for line in listing() if line.startswith("ACME001")]
    assert line.split()[:4] == ["ACME001", "restart-always", "error", "fix:"]
    assert "Severity: error.\nFix: none." in (describe("acme001") or "")
    hover = rule_markdown("ACME001") or ""
    assert hover.startswith("### ACME001 `restart-always`\n\nerror; fix: none")
