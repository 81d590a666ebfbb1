"""The server's document life cycle, end to end: open, edit, save, close, neighbours."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from tests.lsp.helpers import (
    change_document,
    codes,
    next_diagnostics,
    only,
    open_document,
    start,
    until,
    utf16_range,
)
from tests.lsp.project import COMPOSE, DOCKERFILE, write_project

pytestmark = pytest.mark.asyncio


async def test_open_reports_findings_at_their_ranges(client: LanguageClient, tmp_path: Path):
    compose = write_project(tmp_path)
    result = await start(client, tmp_path)
    assert result.capabilities.position_encoding == types.PositionEncodingKind.Utf16

    found = await open_document(client, compose)

    assert codes(found) == ["CL101", "CL102", "CL202"]
    cl102 = only(found, "CL102")
    assert cl102.range == utf16_range(COMPOSE, '"8080:8080"')
    assert cl102.severity == types.DiagnosticSeverity.Warning
    assert cl102.source == "composelint"
    assert only(found, "CL101").range == utf16_range(COMPOSE, '"5432:5432"')
    assert only(found, "CL202").range == utf16_range(COMPOSE, "web")
    # The fix travels with the diagnostic, as in the JSON output.
    assert cl102.data["fix"]["applicability"] == "unsafe"


async def test_unsaved_edit_is_checked_without_touching_the_disk(
    client: LanguageClient, tmp_path: Path
):
    compose = write_project(tmp_path)
    await start(client, tmp_path)
    await open_document(client, compose)

    edited = COMPOSE.replace(
        "    image: adminer:4\n", "    image: adminer:4\n    privileged: true\n"
    )
    found = await change_document(client, compose, edited, 2)

    assert only(found, "CL203").range == utf16_range(edited, "true")
    assert compose.read_text(encoding="utf-8") == COMPOSE


async def test_positions_count_utf16_code_units(client: LanguageClient, tmp_path: Path):
    text = 'services:\n  web: {image: "shop-\U0001f680:1", ports: ["8080:8080"]}\n'
    compose = tmp_path / "compose.yaml"
    compose.write_text(text, encoding="utf-8")
    await start(client, tmp_path)

    found = await open_document(client, compose)

    # The rocket is one character in Python and two UTF-16 code units in LSP.
    assert only(found, "CL102").range == utf16_range(text, '"8080:8080"')
    assert only(found, "CL102").range.start.character == text.splitlines()[1].index('"8080') + 1


async def test_save_checks_again_and_close_clears(client: LanguageClient, tmp_path: Path):
    compose = write_project(tmp_path)
    await start(client, tmp_path)
    await open_document(client, compose)
    identifier = types.TextDocumentIdentifier(compose.as_uri())

    waiting = asyncio.ensure_future(next_diagnostics(client, compose.as_uri()))
    client.text_document_did_save(types.DidSaveTextDocumentParams(identifier))
    assert codes(await waiting) == ["CL101", "CL102", "CL202"]

    waiting = asyncio.ensure_future(next_diagnostics(client, compose.as_uri()))
    client.text_document_did_close(types.DidCloseTextDocumentParams(identifier))
    assert await waiting == []


async def test_editing_the_env_buffer_checks_the_compose_file_again(
    client: LanguageClient, tmp_path: Path
):
    compose = write_project(tmp_path)
    await start(client, tmp_path)
    before = await open_document(client, compose)
    assert [d.range for d in before if d.code == "CL102"] == [utf16_range(COMPOSE, '"8080:8080"')]
    dotenv = tmp_path / ".env"
    await open_document(client, dotenv, wait=False)  # a .env gets no diagnostics of its own...

    found = await change_document(
        client, dotenv, "PG_TAG=16\nADMIN_BIND=0.0.0.0\n", 2, wait_for=compose
    )  # ...but its compose file is checked with the unsaved values

    assert [d.range for d in found if d.code == "CL102"] == [
        utf16_range(COMPOSE, '"8080:8080"'),
        utf16_range(COMPOSE, '"${ADMIN_BIND}:8081:8080"'),
    ]


async def test_a_watched_env_file_change_checks_the_compose_file_again(
    client: LanguageClient, tmp_path: Path
):
    compose = write_project(tmp_path)
    await start(client, tmp_path)
    await open_document(client, compose)
    await until(lambda: bool(client.registrations))  # registered once initialized
    globs = [w["globPattern"] for r in client.registrations for w in r.register_options["watchers"]]
    assert "**/.env" in globs

    dotenv = tmp_path / ".env"
    dotenv.write_text("PG_TAG=16\nADMIN_BIND=0.0.0.0\n", encoding="utf-8")
    waiting = asyncio.ensure_future(next_diagnostics(client, compose.as_uri()))
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            [types.FileEvent(uri=dotenv.as_uri(), type=types.FileChangeType.Changed)]
        )
    )
    assert len([d for d in await waiting if d.code == "CL102"]) == 2


async def test_dockerfile_gets_its_own_findings_and_feeds_the_compose_file(
    client: LanguageClient, tmp_path: Path
):
    compose = write_project(tmp_path)
    dockerfile = tmp_path / "Dockerfile"
    await start(client, tmp_path)
    assert "CL202" in codes(await open_document(client, compose))

    found = await open_document(client, dockerfile)
    assert codes(found) == ["CL201"]
    assert only(found, "CL201").range == utf16_range(DOCKERFILE, "FROM python:3.12-slim")

    # A non-root USER in the unsaved Dockerfile: the service no longer runs as root.
    fixed = DOCKERFILE + "USER 1000\n"
    found = await change_document(client, dockerfile, fixed, 2, wait_for=compose)
    assert "CL202" not in codes(found)


async def test_broken_yaml_gets_cl001_and_the_server_goes_on(
    client: LanguageClient, tmp_path: Path
):
    compose = write_project(tmp_path)
    broken = tmp_path / "docker-compose.yml"
    broken.write_text("services:\n  web:\n    image: [nginx\n", encoding="utf-8")
    await start(client, tmp_path)

    found = await open_document(client, broken)
    assert codes(found) == ["CL001"]

    assert codes(await open_document(client, compose)) == ["CL101", "CL102", "CL202"]
    hover = await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(broken.as_uri()), types.Position(0, 0))
    )
    assert hover is None


async def test_yaml_that_is_not_compose_gets_nothing(client: LanguageClient, tmp_path: Path):
    compose = write_project(tmp_path)
    ci = tmp_path / "ci.yml"
    ci.write_text("services:\n  - docker:dind\nscript: [make]\n", encoding="utf-8")
    await start(client, tmp_path)
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            types.TextDocumentItem(ci.as_uri(), "yaml", 1, ci.read_text(encoding="utf-8"))
        )
    )
    await open_document(client, compose)  # answered after ci.yml, in order

    assert ci.as_uri() not in client.diagnostics  # every publish lands there


async def test_edits_wait_for_the_debounce(client: LanguageClient, tmp_path: Path):
    compose = write_project(tmp_path)
    await start(client, tmp_path, {"debounceMs": 300})
    await open_document(client, compose)
    edited = COMPOSE.replace("8080:8080", "127.0.0.1:8080:8080")

    loop = asyncio.get_running_loop()
    sent = loop.time()
    found = await change_document(client, compose, edited, 2)

    assert loop.time() - sent >= 0.3
    assert codes(found) == ["CL101", "CL202"]


async def test_a_message_the_server_cannot_handle_does_not_stop_it(
    client: LanguageClient, tmp_path: Path
):
    compose = write_project(tmp_path)
    await start(client, tmp_path)
    # An edit to a document that was never opened: nothing to apply it to.
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(
                uri=(tmp_path / "never-opened.yml").as_uri(), version=2
            ),
            content_changes=[
                types.TextDocumentContentChangePartial(
                    range=types.Range(types.Position(5, 0), types.Position(9, 0)), text="x"
                )
            ],
        )
    )
    assert codes(await open_document(client, compose)) == ["CL101", "CL102", "CL202"]


async def _open_untitled(
    client: LanguageClient, uri: str, language_id: str, text: str
) -> list[types.Diagnostic]:
    waiting = asyncio.ensure_future(next_diagnostics(client, uri, 1))
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            types.TextDocumentItem(uri=uri, language_id=language_id, version=1, text=text)
        )
    )
    return await waiting


async def test_a_buffer_never_saved_is_checked_alone(client: LanguageClient, tmp_path: Path):
    await start(client, tmp_path)
    compose = "services:\n  web:\n    image: nginx:1\n    privileged: true\n"
    first = await _open_untitled(client, "untitled:Untitled-1", "dockercompose", compose)
    assert "CL203" in codes(first)
    assert only(first, "CL203").range == utf16_range(compose, "true")
    # A YAML buffer is checked when it looks like compose, as a saved .yaml file is.
    found = await _open_untitled(client, "untitled:Untitled-2", "yaml", compose)
    assert "CL203" in codes(found)
    found = await _open_untitled(client, "untitled:Untitled-3", "dockerfile", "FROM alpine:3\n")
    assert codes(found) == ["CL201"]
    # A suppression edits the buffer itself.
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri="untitled:Untitled-1"),
            range=utf16_range(compose, "true"),
            context=types.CodeActionContext(diagnostics=[only(first, "CL203")]),
        )
    )
    edits = [
        action.edit.changes
        for action in actions or []
        if isinstance(action, types.CodeAction) and action.edit and action.edit.changes
    ]
    assert edits
    assert all(set(changes) == {"untitled:Untitled-1"} for changes in edits)
