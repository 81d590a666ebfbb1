"""Shell scripts in the editor: found by name, shebang or language, checked, fixed,
suppressed in shell comment form, explained on hover; a script that starts no container
gets nothing."""

from __future__ import annotations

import asyncio
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
    utf16_range,
)
from tests.lsp.test_actions import actions_at, titled
from tests.lsp.test_hover import hover_at

pytestmark = pytest.mark.asyncio

SCRIPT = """\
#!/bin/sh
set -eu
docker network create shop
docker run -d --name db --network shop \\
  -p 5432:5432 \\
  postgres:16
docker run -d --name web --network shop \\
  -e DATABASE_URL=postgres://shop@db:5432/shop \\
  -p 8080:8080 -v ./conf:/etc/web shop/web:1.0
"""
PLAIN = "#!/bin/sh\nset -eu\nmake build\n./run-tests --port 8080\n"


async def open_script(
    client: LanguageClient, path: Path, text: str, language: str = "shellscript"
) -> list[types.Diagnostic]:
    uri = path.as_uri()
    waiting = asyncio.ensure_future(next_diagnostics(client, uri, 1))
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, language, 1, text))
    )
    return await waiting


async def test_a_script_is_checked_and_its_fixes_apply(client: LanguageClient, tmp_path: Path):
    script = tmp_path / "deploy.sh"
    script.write_text(SCRIPT, encoding="utf-8")
    await start(client, tmp_path)

    found = await open_script(client, script, SCRIPT)
    assert codes(found) == ["CL101", "CL102", "CL301"]
    assert only(found, "CL101").range == utf16_range(SCRIPT, "5432:5432")
    assert only(found, "CL102").range == utf16_range(SCRIPT, "8080:8080")

    actions = await actions_at(client, script, only(found, "CL101"))
    # The fix's title is the rule's (``Use --expose``); then the suppression (no fix-all:
    # the script has no safe fix).
    assert [a.title for a in actions][1:] == ["Suppress CL101 on this line"]
    assert actions[0].title.endswith("(unsafe fix)") and not actions[0].is_preferred
    text = apply_text_edits(SCRIPT, edits_for(actions[0], script.as_uri()))
    assert "  --expose 5432 \\\n  postgres:16\n" in text
    found = await change_document(client, script, text, 2)
    assert codes(found) == ["CL102", "CL301"]

    [fix, _suppress] = await actions_at(client, script, only(found, "CL102"))
    assert fix.title.endswith("(unsafe fix)")
    text = apply_text_edits(text, edits_for(fix, script.as_uri()))
    assert "  -p 127.0.0.1:8080:8080 -v ./conf:/etc/web shop/web:1.0\n" in text
    assert codes(await change_document(client, script, text, 3)) == ["CL301"]


async def test_suppressions_take_the_shell_comment_form(client: LanguageClient, tmp_path: Path):
    script = tmp_path / "deploy.sh"
    await start(client, tmp_path)
    found = await open_script(client, script, SCRIPT)

    # The line of the CL101 ends in a continuation: the comment goes above the command.
    suppress = titled(
        await actions_at(client, script, only(found, "CL101")), "Suppress CL101 on this line"
    )
    text = apply_text_edits(SCRIPT, edits_for(suppress, script.as_uri()))
    assert "\n# composelint: ignore CL101\ndocker run -d --name db" in text
    found = await change_document(client, script, text, 2)
    assert codes(found) == ["CL102", "CL301"]

    # The last line of a command may carry a trailing comment, and a second code joins it.
    for version, code in enumerate(("CL102", "CL301"), start=3):
        suppress = titled(
            await actions_at(client, script, only(found, code)), f"Suppress {code} on this line"
        )
        text = apply_text_edits(text, edits_for(suppress, script.as_uri()))
        found = await change_document(client, script, text, version)
    assert text.endswith(
        "  -p 8080:8080 -v ./conf:/etc/web shop/web:1.0  # composelint: ignore CL102, CL301\n"
    )
    assert found == []  # suppressed, and no CL003: each suppression is used


async def test_hover_explains_a_scripts_finding(client: LanguageClient, tmp_path: Path):
    script = tmp_path / "deploy.sh"
    await start(client, tmp_path)
    cl301 = only(await open_script(client, script, SCRIPT), "CL301")

    found = await hover_at(client, script, cl301.range.start)

    assert found is not None and isinstance(found.contents, types.MarkupContent)
    assert found.contents.value.startswith("### CL301 ")


@pytest.mark.parametrize(
    ("name", "language", "text"),
    [
        ("deploy", "plaintext", SCRIPT),  # a shebang, whatever the editor calls it
        ("deploy.run", "sh", SCRIPT.split("\n", 1)[1]),  # no shebang: the editor's language
        ("deploy.zsh", "plaintext", SCRIPT.split("\n", 1)[1]),  # the name
    ],
)
async def test_a_script_is_known_by_shebang_language_or_name(
    client: LanguageClient, tmp_path: Path, name: str, language: str, text: str
):
    await start(client, tmp_path)
    found = await open_script(client, tmp_path / name, text, language)
    assert codes(found) == ["CL101", "CL102", "CL301"]


async def test_a_script_that_starts_no_container_gets_nothing(
    client: LanguageClient, tmp_path: Path
):
    plain = tmp_path / "build.sh"
    await start(client, tmp_path)
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            types.TextDocumentItem(plain.as_uri(), "shellscript", 1, PLAIN)
        )
    )
    # Messages are answered in order: once the next script's diagnostics are in, the
    # plain one would have had its own.
    assert codes(await open_script(client, tmp_path / "deploy.sh", SCRIPT)) != []
    assert plain.as_uri() not in client.diagnostics

    # Naming a runtime makes it a checked script; removing it again clears its findings.
    launching = (
        PLAIN + "docker run -p 9000:9000 minio/minio:RELEASE.2024-05-10T01-41-38Z server /data\n"
    )
    assert codes(await change_document(client, plain, launching, 2)) == ["CL102"]
    assert await change_document(client, plain, PLAIN, 3) == []


async def test_fix_all_in_a_script_only_the_editor_knows(client: LanguageClient, tmp_path: Path):
    unsaved = tmp_path / "deploy"  # not on disk, no shebang: a script by its language only
    body = SCRIPT.split("\n", 1)[1]
    await start(client, tmp_path, {"unsafeFixes": True})
    await open_script(client, unsaved, body, "bash")

    actions = await actions_at(client, unsaved, only_kinds=[types.CodeActionKind.SourceFixAll])
    fixed = apply_text_edits(body, edits_for(actions[0], unsaved.as_uri()))

    assert "  --expose 5432 \\\n" in fixed
    assert "  -p 127.0.0.1:8080:8080 -v ./conf:/etc/web:ro shop/web:1.0\n" in fixed
    assert await change_document(client, unsaved, fixed, 2) == []


async def test_untitled_script_buffers_are_checked(client: LanguageClient, tmp_path: Path):
    await start(client, tmp_path)
    uri = "untitled:Untitled-1"
    waiting = asyncio.ensure_future(next_diagnostics(client, uri, 1))
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "shellscript", 1, SCRIPT))
    )
    assert codes(await waiting) == ["CL101", "CL102", "CL301"]


async def test_the_configuration_can_turn_scripts_off(client: LanguageClient, tmp_path: Path):
    (tmp_path / ".composelint.yaml").write_text("kinds:\n  shell:\n    exclude: [ops/*]\n")
    (tmp_path / "ops").mkdir()
    await start(client, tmp_path)
    off = tmp_path / "ops" / "deploy.sh"
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            types.TextDocumentItem(off.as_uri(), "shellscript", 1, SCRIPT)
        )
    )
    assert codes(await open_script(client, tmp_path / "deploy.sh", SCRIPT)) != []
    assert off.as_uri() not in client.diagnostics
