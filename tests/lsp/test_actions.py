"""Code actions end to end: quick fixes, suppressions and fix-all, applied as an editor does."""

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
    only,
    open_document,
    start,
)
from tests.lsp.project import COMPOSE, DOCKERFILE, write_project

pytestmark = pytest.mark.asyncio


async def actions_at(
    client: LanguageClient,
    path: Path,
    diagnostic: types.Diagnostic | None = None,
    only_kinds: list[str] | None = None,
) -> list[types.CodeAction]:
    at = diagnostic.range if diagnostic else types.Range(types.Position(0, 0), types.Position(0, 0))
    found = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(path.as_uri()),
            range=at,
            context=types.CodeActionContext(
                diagnostics=[diagnostic] if diagnostic else [], only=only_kinds
            ),
        )
    )
    return [a for a in found or [] if isinstance(a, types.CodeAction)]


def titled(actions: list[types.CodeAction], title: str) -> types.CodeAction:
    found = [a for a in actions if a.title == title]
    assert len(found) == 1, [a.title for a in actions]
    return found[0]


async def test_quick_fixes_remove_their_findings(client: LanguageClient, tmp_path: Path):
    compose = write_project(tmp_path)
    await start(client, tmp_path)
    found = await open_document(client, compose)

    actions = await actions_at(client, compose, only(found, "CL102"))

    assert [a.title for a in actions] == [
        "Bind to 127.0.0.1 (unsafe fix)",
        "Suppress CL102 on this line",
    ]  # no fix-all: the file has no safe fix
    fix = titled(actions, "Bind to 127.0.0.1 (unsafe fix)")
    assert fix.kind == types.CodeActionKind.QuickFix
    assert not fix.is_preferred  # only safe fixes are preferred
    text = apply_text_edits(COMPOSE, edits_for(fix, compose.as_uri()))
    assert '- "127.0.0.1:8080:8080"' in text
    found = await change_document(client, compose, text, 2)
    assert codes(found) == ["CL101", "CL202"]

    fix = titled(
        await actions_at(client, compose, only(found, "CL101")), "Move to expose: (unsafe fix)"
    )
    assert not fix.is_preferred
    text = apply_text_edits(text, edits_for(fix, compose.as_uri()))
    assert '    expose:\n      - "5432"   # for the app\n' in text
    assert codes(await change_document(client, compose, text, 3)) == ["CL202"]


async def test_suppress_on_a_yaml_line(client: LanguageClient, tmp_path: Path):
    compose = write_project(tmp_path)
    await start(client, tmp_path)
    found = await open_document(client, compose)

    # A line without a comment gets a trailing one; a line with a comment gets one above.
    text = COMPOSE
    for code in ("CL102", "CL101"):
        diagnostic = only(found, code)
        suppress = titled(
            await actions_at(client, compose, diagnostic), f"Suppress {code} on this line"
        )
        text = apply_text_edits(text, edits_for(suppress, compose.as_uri()))
        found = await change_document(client, compose, text, 3 if code == "CL101" else 2)

    assert '      - "8080:8080"  # composelint: ignore CL102\n' in text
    assert '      # composelint: ignore CL101\n      - "5432:5432"   # for the app\n' in text
    assert codes(found) == ["CL202"]  # suppressed, and no CL003 for an unused suppression


async def test_suppress_in_a_dockerfile(client: LanguageClient, tmp_path: Path):
    write_project(tmp_path)
    dockerfile = tmp_path / "Dockerfile"
    await start(client, tmp_path)
    cl201 = only(await open_document(client, dockerfile), "CL201")

    suppress = titled(await actions_at(client, dockerfile, cl201), "Suppress CL201 on this line")
    text = apply_text_edits(DOCKERFILE, edits_for(suppress, dockerfile.as_uri()))

    assert text == "# composelint: ignore CL201\n" + DOCKERFILE
    assert await change_document(client, dockerfile, text, 2) == []


async def test_fix_all_applies_the_safe_fixes(client: LanguageClient, tmp_path: Path):
    compose = write_project(tmp_path)
    text = COMPOSE.replace(
        '      - "5432:5432"   # for the app\n',
        '      - "5432:5432"   # for the app\n'
        "    volumes:\n      - ./init.sql:/docker-entrypoint-initdb.d/init.sql\n",
    )
    compose.write_text(text, encoding="utf-8")
    (tmp_path / "init.sql").write_text("create table t (id int);\n", encoding="utf-8")
    await start(client, tmp_path)
    await open_document(client, compose)

    actions = await actions_at(client, compose, only_kinds=[types.CodeActionKind.SourceFixAll])

    assert [(a.title, a.kind) for a in actions] == [
        ("Fix all safe problems in this file", "source.fixAll.composelint")
    ]
    fixed = apply_text_edits(text, edits_for(actions[0], compose.as_uri()))
    assert "/docker-entrypoint-initdb.d/init.sql:ro\n" in fixed  # the safe fix
    assert '      - "8080:8080"\n' in fixed  # the unsafe fixes are left alone
    assert '      - "5432:5432"   # for the app\n' in fixed
    assert codes(await change_document(client, compose, fixed, 2)) == ["CL101", "CL102", "CL202"]


async def test_fix_all_with_unsafe_fixes_resolves_lazily(client: LanguageClient, tmp_path: Path):
    compose = write_project(tmp_path)
    await start(client, tmp_path, {"unsafeFixes": True}, resolve_edits=True)
    await open_document(client, compose)

    actions = await actions_at(client, compose, only_kinds=["source"])
    action = titled(actions, "Fix all problems in this file (unsafe fixes included)")
    assert action.edit is None  # the client resolves it when chosen
    resolved = await client.code_action_resolve_async(action)

    fixed = apply_text_edits(COMPOSE, edits_for(resolved, compose.as_uri()))
    assert '"127.0.0.1:8080:8080"' in fixed and "expose:" in fixed
    assert codes(await change_document(client, compose, fixed, 2)) == ["CL202"]
