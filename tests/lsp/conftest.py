"""Each LSP test talks to its own ``composelint lsp`` process, as an editor would."""

from __future__ import annotations

import sys

import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from tests.lsp.helpers import record_publishes

# Edits are linted at once in most tests (--debounce-ms 0); one test keeps the debounce.
SERVER = [sys.executable, "-m", "composelint", "lsp", "--stdio", "--debounce-ms", "0"]


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER))
async def client(lsp_client: LanguageClient):
    registrations: list[types.Registration] = []

    @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams) -> None:
        registrations.extend(params.registrations)

    lsp_client.registrations = registrations  # type: ignore[attr-defined]
    record_publishes(lsp_client)
    yield
    await lsp_client.shutdown_session()
