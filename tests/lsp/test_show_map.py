"""The language server's ``composelint.showMap`` command: the Mermaid map of the project
the open file belongs to."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from tests.lsp.helpers import open_document, start
from tests.lsp.project import write_project


@pytest.mark.asyncio
async def test_show_map_returns_the_project_s_mermaid(client: LanguageClient, tmp_path: Path):
    compose = write_project(tmp_path)
    initialized = await start(client, tmp_path)
    assert initialized.capabilities.execute_command_provider is not None
    assert "composelint.showMap" in initialized.capabilities.execute_command_provider.commands
    await open_document(client, compose)
    answer = await client.workspace_execute_command_async(
        types.ExecuteCommandParams("composelint.showMap", [compose.as_uri()])
    )
    assert isinstance(answer, str) and answer.startswith("flowchart LR\n")
    assert "subgraph p0[" in answer
    nothing = await client.workspace_execute_command_async(
        types.ExecuteCommandParams("composelint.showMap", [])
    )
    assert nothing is None
