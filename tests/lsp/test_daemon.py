"""A daemon.json in the editor: checked when dockerd's, fixed, never offered a suppression."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from tests.lsp.helpers import (
    apply_text_edits,
    change_document,
    codes,
    edits_for,
    next_diagnostics,
    only,
    start,
)
from tests.lsp.test_actions import actions_at, titled

pytestmark = pytest.mark.asyncio

DAEMON = '{\n  "iptables": false,\n  "log-driver": "journald"\n}\n'


async def open_json(client: LanguageClient, path: Path, text: str) -> list[types.Diagnostic]:
    waiting = next_diagnostics(client, path.as_uri(), 1)
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(types.TextDocumentItem(path.as_uri(), "json", 1, text))
    )
    return await waiting


async def test_a_daemon_json_buffer_is_checked_and_fixed(client: LanguageClient, tmp_path: Path):
    path = tmp_path / "etc" / "docker" / "daemon.json"
    path.parent.mkdir(parents=True)
    path.write_text(DAEMON, encoding="utf-8")
    await start(client, tmp_path)

    found = await open_json(client, path, DAEMON)
    assert codes(found) == ["CL501", "CL502"]
    cl501 = only(found, "CL501")
    assert cl501.range == types.Range(types.Position(0, 0), types.Position(0, 1))

    actions = await actions_at(client, path, cl501)
    assert [a.title for a in actions] == ['Set "ip": "127.0.0.1" (unsafe fix)']  # no suppression
    text = apply_text_edits(DAEMON, edits_for(titled(actions, actions[0].title), path.as_uri()))
    assert text == '{\n  "iptables": false,\n  "log-driver": "journald",\n  "ip": "127.0.0.1"\n}\n'
    assert codes(await change_document(client, path, text, 2)) == ["CL502"]

    broken = text.replace('"journald",', '"journald",,')
    [error] = await change_document(client, path, broken, 3)
    assert error.code == "CL001" and error.range.start == types.Position(2, 27)


async def test_another_programs_daemon_json_gets_nothing(client: LanguageClient, tmp_path: Path):
    other = tmp_path / "tool" / "daemon.json"
    other.parent.mkdir()
    other.write_text('{"port": 7000}\n', encoding="utf-8")
    docker = tmp_path / "daemon.json"
    docker.write_text(DAEMON, encoding="utf-8")
    await start(client, tmp_path)
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            types.TextDocumentItem(other.as_uri(), "json", 1, '{"port": 7000}\n')
        )
    )
    assert codes(await open_json(client, docker, DAEMON)) == ["CL501", "CL502"]
    assert not client.diagnostics.get(other.as_uri())  # answered in order: nothing for it
