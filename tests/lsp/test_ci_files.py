"""Workflows and GitLab CI files in the editor: known by name or place, checked, fixed
inside their script blocks, suppressed in the YAML or in the script; a file that names no
container runtime never reaches the engine."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from composelint.lsp.documents import OpenDocument, classify
from composelint.lsp.linting import lint_document
from composelint.lsp.settings import ProjectConfigs, Settings, known_codes_or_builtin
from tests.lsp.helpers import (
    apply_text_edits,
    change_document,
    codes,
    edits_for,
    next_diagnostics,
    start,
    utf16_range,
)
from tests.lsp.test_actions import actions_at, titled

GITLAB = "e2e:\n  script:\n    - |\n      docker run -d -p 5432:5432 postgres:16\n"
WORKFLOW = (
    "on: push\njobs:\n  e2e:\n    runs-on: self-hosted\n    steps:\n"
    "      - run: docker run -d -p 5432:5432 postgres:16\n"
)
FILES = {"gitlab": (".gitlab-ci.yml", GITLAB), "workflow": (".github/workflows/ci.yml", WORKFLOW)}


async def open_file(client: LanguageClient, path: Path, text: str) -> list[types.Diagnostic]:
    uri = path.as_uri()
    waiting = asyncio.ensure_future(next_diagnostics(client, uri, 1))
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "yaml", 1, text))
    )
    return await waiting


def test_ci_files_are_classified_by_name_and_place() -> None:
    assert classify("/srv/app/.gitlab-ci.yml", "test:\n  script: make\n") == "gitlab"
    assert classify("/srv/app/.github/workflows/ci.yml", "on: push\n") == "workflow"
    assert classify("/srv/app/ci/workflows/ci.yml", "on: push\n") is None


@pytest.mark.asyncio
@pytest.mark.parametrize("kind", ["gitlab", "workflow"])
async def test_a_ci_file_is_checked_fixed_and_suppressed(
    kind: str, client: LanguageClient, tmp_path: Path
) -> None:
    name, text = FILES[kind]
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    await start(client, tmp_path)
    found = await open_file(client, path, text)
    assert codes(found) == ["CL102"]
    assert found[0].range == utf16_range(text, "5432:5432")
    assert found[0].severity == types.DiagnosticSeverity.Warning

    actions = await actions_at(client, path, found[0])
    fixed = apply_text_edits(text, edits_for(actions[0], path.as_uri()))
    assert fixed == text.replace("-p 5432", "-p 127.0.0.1:5432")  # the block's text only
    assert await change_document(client, path, fixed, 2) == []

    await change_document(client, path, text, 3)
    suppress = titled(await actions_at(client, path, found[0]), "Suppress CL102 on this line")
    suppressed = apply_text_edits(text, edits_for(suppress, path.as_uri()))
    assert suppressed == text.replace("postgres:16\n", "postgres:16  # composelint: ignore CL102\n")
    assert await change_document(client, path, suppressed, 4) == []


@pytest.mark.parametrize("kind", ["gitlab", "workflow"])
def test_the_screen_keeps_a_ci_file_from_the_engine(
    kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import composelint.run.engine

    def refuse(*_args: object, **_kwargs: object) -> object:
        raise AssertionError("the engine was called")

    monkeypatch.setattr(composelint.run.engine, "run_classified", refuse)
    name, text = FILES[kind]
    plain = text.replace("docker run -d -p 5432:5432 postgres:16", "make test")
    path = str(tmp_path / name)
    document = OpenDocument(Path(path).as_uri(), path, plain, 1, "yaml")
    effective = ProjectConfigs(known_codes_or_builtin()).for_document(path, Settings())

    result = lint_document(document, {path: plain}, effective)

    assert result.kind is None and result.findings == []
