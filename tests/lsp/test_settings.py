"""Settings: editor values on top of the project's configuration file; bad ones reported."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from composelint.lsp.settings import ProjectConfigs, Settings, read_settings
from composelint.rules.selection import known_codes
from tests.lsp.helpers import codes, eventually, next_diagnostics, open_document, start
from tests.lsp.project import write_project

KNOWN = known_codes()


def test_valid_settings_apply_key_by_key():
    base = Settings(debounce_ms=100)
    raw = {"select": "CL1,CL3", "ignore": ["CL303"], "unsafeFixes": True, "debounceMs": 0}
    settings, problems = read_settings(raw, base, KNOWN, "workspace settings")
    assert problems == []
    assert settings == Settings(("CL1", "CL3"), (), ("CL303",), True, 0)
    # initializationOptions may hold the section under its name; None means "not set".
    nested, _ = read_settings(
        {"composelint": {"ignore": None, "extendSelect": ["hardening"]}}, base, KNOWN, "x"
    )
    assert nested == Settings(extend_select=("hardening",), debounce_ms=100)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (
            {"select": ["CL9"]},
            "workspace settings: composelint.select: unknown rule code or prefix 'CL9'",
        ),
        ({"ignore": 102}, "workspace settings: composelint.ignore must be a list of rule codes"),
        (
            {"unsafeFixes": "yes"},
            "workspace settings: composelint.unsafeFixes must be true or false",
        ),
        (
            {"debounceMs": -5},
            "workspace settings: composelint.debounceMs must be between 0 and 10000",
        ),
        ({"debounceMS": 5}, "workspace settings: unknown setting 'debounceMS'"),
        ("fast", "workspace settings: the 'composelint' settings must be an object"),
    ],
)
def test_bad_settings_are_reported_and_left_out(raw: object, message: str):
    base = Settings(ignore=("CL303",))
    settings, problems = read_settings(raw, base, KNOWN, "workspace settings")
    assert settings == base
    assert len(problems) == 1 and problems[0].startswith(message)


def test_the_editor_selection_goes_on_top_of_the_configuration_file(tmp_path: Path):
    (tmp_path / ".composelint.yaml").write_text(
        "select: [CL1]\nignore: [CL103]\n", encoding="utf-8"
    )
    compose = str(tmp_path / "deploy" / "compose.yaml")
    configs = ProjectConfigs(KNOWN)

    from_file = configs.for_document(compose, Settings())
    assert (from_file.selection.select, from_file.selection.ignore) == (("CL1",), ("CL103",))
    editor = configs.for_document(compose, Settings(select=("CL3",), ignore=("CL303",)))
    assert (editor.selection.select, editor.selection.ignore) == (("CL3",), ("CL103", "CL303"))

    (tmp_path / ".composelint.yaml").write_text("selekt: [CL1]\n", encoding="utf-8")
    broken = configs.for_document(compose, Settings())
    assert broken.error is not None and "unknown key 'selekt'" in broken.error
    assert broken.selection.select == ()  # checked with the defaults meanwhile


@pytest.mark.asyncio
async def test_bad_initialization_options_show_an_error_and_linting_goes_on(
    client: LanguageClient, tmp_path: Path
):
    compose = write_project(tmp_path)
    await start(client, tmp_path, {"select": ["NOPE1"], "unsafeFixes": 1})

    found = await open_document(client, compose)

    assert codes(found) == ["CL101", "CL102", "CL202"]
    messages = [m.message for m in client.messages if m.type == types.MessageType.Error]
    assert any("composelint.select: unknown rule code or prefix 'NOPE1'" in m for m in messages)
    assert any("composelint.unsafeFixes must be true or false" in m for m in messages)


@pytest.mark.asyncio
async def test_workspace_settings_and_configuration_file_choose_the_rules(
    client: LanguageClient, tmp_path: Path
):
    compose = write_project(tmp_path)
    (tmp_path / ".composelint.yaml").write_text("ignore: [CL202]\n", encoding="utf-8")
    client.set_configuration({"ignore": ["CL101"]}, section="composelint")
    await start(client, tmp_path)
    await open_document(client, compose)

    # The server asks for its settings once initialized, and checks open files again.
    found = await eventually(client, compose.as_uri(), lambda d: "CL101" not in codes(d))
    assert codes(found) == ["CL102"]

    # The user changes the setting; the server asks again and checks everything again.
    client.set_configuration({"ignore": []}, section="composelint")
    waiting = asyncio.ensure_future(next_diagnostics(client, compose.as_uri()))
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
    assert codes(await waiting) == ["CL101", "CL102"]


def test_a_broken_plugin_leaves_the_builtin_codes_known(monkeypatch: pytest.MonkeyPatch) -> None:
    from composelint.lsp import settings
    from composelint.rules import registry

    def broken() -> dict:
        raise registry.RegistryError("rule plugin 'acme:RULE' failed to load")

    monkeypatch.setattr(registry, "all_rules", broken)
    known = settings.known_codes_or_builtin()
    assert {"CL000", "CL102", "CL203", "CL303"} <= known
