"""A user's editor, reduced to what the LSP tests need: start, open, edit, wait, apply."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from lsprotocol import types
from pytest_lsp import LanguageClient

PUBLISH = types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS
TIMEOUT = 15.0


def capabilities(*, resolve_edits: bool = False) -> types.ClientCapabilities:
    """What a typical editor announces (VS Code and Neovim announce much the same)."""
    kinds = [types.CodeActionKind.QuickFix, types.CodeActionKind.SourceFixAll]
    return types.ClientCapabilities(
        workspace=types.WorkspaceClientCapabilities(
            configuration=True,
            did_change_configuration=types.DidChangeConfigurationClientCapabilities(),
            did_change_watched_files=types.DidChangeWatchedFilesClientCapabilities(
                dynamic_registration=True
            ),
        ),
        text_document=types.TextDocumentClientCapabilities(
            publish_diagnostics=types.PublishDiagnosticsClientCapabilities(version_support=True),
            code_action=types.CodeActionClientCapabilities(
                code_action_literal_support=types.ClientCodeActionLiteralOptions(
                    code_action_kind=types.ClientCodeActionKindOptions(value_set=kinds)
                ),
                resolve_support=types.ClientCodeActionResolveOptions(properties=["edit"])
                if resolve_edits
                else None,
            ),
            hover=types.HoverClientCapabilities(content_format=[types.MarkupKind.Markdown]),
        ),
        window=types.WindowClientCapabilities(
            show_message=types.ShowMessageRequestClientCapabilities()
        ),
        general=types.GeneralClientCapabilities(
            # Neovim offers UTF-8 first: the server must still answer in UTF-16.
            position_encodings=[types.PositionEncodingKind.Utf8, types.PositionEncodingKind.Utf16]
        ),
    )


async def start(
    client: LanguageClient,
    root: Path,
    options: Any = None,
    *,
    resolve_edits: bool = False,
) -> types.InitializeResult:
    return await client.initialize_session(
        types.InitializeParams(
            capabilities=capabilities(resolve_edits=resolve_edits),
            root_uri=root.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name=root.name)],
            initialization_options=options,
        )
    )


def next_diagnostics(
    client: LanguageClient, uri: str, version: int | None = None
) -> Coroutine[Any, Any, list[types.Diagnostic]]:
    """The next diagnostics the server publishes for ``uri`` (for ``version`` of it, if given),
    counting from this call: publishes are read from the client's log of every one
    (see ``record_publishes``), so two that arrive in one read are both seen."""
    log: list[types.PublishDiagnosticsParams] = client.published  # type: ignore[attr-defined]
    seen = len(log)

    async def wait() -> list[types.Diagnostic]:
        nonlocal seen
        while True:
            while seen < len(log):
                params = log[seen]
                seen += 1
                if params.uri == uri and (version is None or params.version == version):
                    return list(params.diagnostics)
            await client.wait_for_notification(PUBLISH)

    return asyncio.wait_for(wait(), TIMEOUT)


def record_publishes(client: LanguageClient) -> None:
    """Keep every publishDiagnostics the client receives, in order, in ``client.published``."""
    published: list[types.PublishDiagnosticsParams] = []
    features = client.protocol.fm.features
    store = features[PUBLISH]  # the client's own handler, which keeps the latest per uri

    def record(params: types.PublishDiagnosticsParams) -> None:
        published.append(params)
        store(params)

    features[PUBLISH] = record
    client.published = published  # type: ignore[attr-defined]


async def eventually(
    client: LanguageClient, uri: str, wanted: Callable[[list[types.Diagnostic]], bool]
) -> list[types.Diagnostic]:
    """The diagnostics of ``uri`` once they satisfy ``wanted`` (the latest ones, or the next
    published): for changes the server makes on its own, such as new settings."""

    async def wait() -> list[types.Diagnostic]:
        while True:
            latest = client.diagnostics.get(uri)
            if latest is not None and wanted(list(latest)):
                return list(latest)
            await client.wait_for_notification(PUBLISH)

    return await asyncio.wait_for(wait(), TIMEOUT)


async def until(condition: Callable[[], bool]) -> None:
    """Wait for something the server does on its own after ``initialized``."""
    async with asyncio.timeout(TIMEOUT):
        while not condition():
            await asyncio.sleep(0.02)


async def open_document(
    client: LanguageClient, path: Path, text: str | None = None, *, wait: bool = True
) -> list[types.Diagnostic]:
    """didOpen ``path`` (with its text on disk unless given) and wait for its diagnostics
    (a ``.env`` has none of its own: ``wait=False``)."""
    uri = path.as_uri()
    waiting = asyncio.ensure_future(next_diagnostics(client, uri, 1)) if wait else None
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            types.TextDocumentItem(
                uri=uri,
                language_id="dockerfile" if "Dockerfile" in path.name else "yaml",
                version=1,
                text=path.read_text(encoding="utf-8") if text is None else text,
            )
        )
    )
    return await waiting if waiting is not None else []


async def change_document(
    client: LanguageClient, path: Path, text: str, version: int, *, wait_for: Path | None = None
) -> list[types.Diagnostic]:
    """A full-text didChange (unsaved); waits for the diagnostics of ``wait_for`` (the
    document itself unless another one is named)."""
    target = (wait_for or path).as_uri()
    waiting = asyncio.ensure_future(next_diagnostics(client, target, None if wait_for else version))
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=path.as_uri(), version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )
    return await waiting


def codes(diagnostics: list[types.Diagnostic]) -> list[str]:
    return sorted(str(d.code) for d in diagnostics)


def only(diagnostics: list[types.Diagnostic], code: str) -> types.Diagnostic:
    found = [d for d in diagnostics if d.code == code]
    assert len(found) == 1, [(d.code, d.message) for d in diagnostics]
    return found[0]


def utf16_range(text: str, needle: str, occurrence: int = 0) -> types.Range:
    """The LSP range of ``needle`` in ``text``, counting UTF-16 code units as LSP does."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(needle, start + 1)
    return types.Range(_position(text, start), _position(text, start + len(needle)))


def _position(text: str, offset: int) -> types.Position:
    line_start = text.rfind("\n", 0, offset) + 1
    prefix = text[line_start:offset]
    return types.Position(text.count("\n", 0, offset), len(prefix.encode("utf-16-le")) // 2)


def apply_text_edits(text: str, edits: list[types.TextEdit]) -> str:
    """Apply LSP edits (UTF-16 positions) as an editor does: from the last to the first."""
    lines = text.splitlines(keepends=True)

    def offset(position: types.Position) -> int:
        before = sum(len(line) for line in lines[: position.line])
        line = lines[position.line] if position.line < len(lines) else ""
        units = line.encode("utf-16-le")[: position.character * 2].decode("utf-16-le")
        return before + len(units)

    ordered = sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character))
    for edit in reversed(ordered):
        text = text[: offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end) :]
    return text


def edits_for(action: types.CodeAction, uri: str) -> list[types.TextEdit]:
    assert action.edit is not None and action.edit.changes is not None, action
    return list(action.edit.changes[uri])
