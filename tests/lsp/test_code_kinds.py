"""Python files, Makefiles and Markdown in the editor: known by name or language, checked,
fixed, suppressed in each kind's comment form, explained on hover; a file that names no
container runtime gets nothing and never reaches the engine."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from composelint.lsp.documents import OpenDocument
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
from tests.lsp.test_hover import hover_at

CONFTEST = """\
import docker
import pytest


@pytest.fixture
def db():
    client = docker.from_env()
    container = client.containers.run("postgres:16", ports={"5432/tcp": 5432}, detach=True)
    yield container
    container.remove(force=True)
"""
MAKEFILE = "IMAGE = shop:1.4\n\nrun:\n\tdocker run -p 8080:80 $(IMAGE)\n"
README = "# Shop\n\nRun it:\n\n```sh\ndocker run -p 8080:80 shop:1.4\n```\n"
PLAIN = {
    "python": "import subprocess\n\n\ndef build():\n    subprocess.run(['make', 'all'])\n",
    "makefile": "all:\n\tcc -o shop main.c\n",
    "markdown": "# Shop\n\n```sh\nmake all\n./shop --port 8080\n```\n",
}
RUNTIME = {
    "python": "subprocess.run(['docker', 'run', '-p', '9000:9000', 'minio/minio:RELEASE.2024-05-10T01-41-38Z'])\n",
    "makefile": "minio:\n\tdocker run -p 9000:9000 minio/minio:RELEASE.2024-05-10T01-41-38Z\n",
    "markdown": "\n```sh\ndocker run -p 9000:9000 minio/minio:RELEASE.2024-05-10T01-41-38Z\n```\n",
}
NAMES = {"python": "tasks.py", "makefile": "Makefile", "markdown": "README.md"}


async def open_file(
    client: LanguageClient, path: Path, text: str, language: str
) -> list[types.Diagnostic]:
    uri = path.as_uri()
    waiting = asyncio.ensure_future(next_diagnostics(client, uri, 1))
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, language, 1, text))
    )
    return await waiting


@pytest.mark.asyncio
async def test_python_is_checked_fixed_and_suppressed(client: LanguageClient, tmp_path: Path):
    conftest = tmp_path / "conftest.py"
    await start(client, tmp_path)
    found = await open_file(client, conftest, CONFTEST, "python")
    assert codes(found) == ["CL102"]
    assert found[0].range == utf16_range(CONFTEST, "5432", 1)

    fix, suppress, _fix_all = await actions_at(client, conftest, found[0])
    fixed = apply_text_edits(CONFTEST, edits_for(fix, conftest.as_uri()))
    assert 'ports={"5432/tcp": ("127.0.0.1", 5432)}, detach=True)\n' in fixed
    compile(fixed, "conftest.py", "exec")
    assert await change_document(client, conftest, fixed, 2) == []

    assert suppress.title == "Suppress CL102 on this line"
    text = apply_text_edits(CONFTEST, edits_for(suppress, conftest.as_uri()))
    assert "detach=True)  # composelint: ignore CL102\n" in text
    assert await change_document(client, conftest, text, 3) == []


@pytest.mark.asyncio
async def test_a_makefile_is_checked_fixed_and_suppressed(client: LanguageClient, tmp_path: Path):
    makefile = tmp_path / "Makefile"
    await start(client, tmp_path)
    found = await open_file(client, makefile, MAKEFILE, "makefile")
    assert codes(found) == ["CL102"]
    assert found[0].range == utf16_range(MAKEFILE, "8080:80")
    assert found[0].severity == types.DiagnosticSeverity.Warning

    actions = await actions_at(client, makefile, found[0])
    fixed = apply_text_edits(MAKEFILE, edits_for(actions[0], makefile.as_uri()))
    assert fixed == MAKEFILE.replace("-p 8080", "-p 127.0.0.1:8080")  # the recipe's tab kept
    assert await change_document(client, makefile, fixed, 2) == []

    await change_document(client, makefile, MAKEFILE, 3)
    suppress = titled(await actions_at(client, makefile, found[0]), "Suppress CL102 on this line")
    text = apply_text_edits(MAKEFILE, edits_for(suppress, makefile.as_uri()))
    assert text.endswith("\tdocker run -p 8080:80 $(IMAGE)  # composelint: ignore CL102\n")
    assert await change_document(client, makefile, text, 4) == []


@pytest.mark.asyncio
async def test_markdown_findings_are_examples(client: LanguageClient, tmp_path: Path):
    readme = tmp_path / "README.md"
    await start(client, tmp_path)
    found = await open_file(client, readme, README, "markdown")
    assert codes(found) == ["CL102"]
    assert found[0].severity == types.DiagnosticSeverity.Information
    assert "an example in documentation" in found[0].message

    fix, suppress = await actions_at(client, readme, found[0])  # no safe fix: no fix-all
    assert fix.title.endswith("(unsafe fix)") and not fix.is_preferred
    fixed = apply_text_edits(README, edits_for(fix, readme.as_uri()))
    assert fixed == README.replace("-p 8080", "-p 127.0.0.1:8080")  # the fence's lines kept

    text = apply_text_edits(README, edits_for(suppress, readme.as_uri()))
    assert "Run it:\n\n<!-- composelint: ignore CL102 -->\n```sh\n" in text
    assert await change_document(client, readme, text, 2) == []


@pytest.mark.asyncio
async def test_hover_explains_a_python_finding(client: LanguageClient, tmp_path: Path):
    conftest = tmp_path / "conftest.py"
    await start(client, tmp_path)
    [cl102] = await open_file(client, conftest, CONFTEST, "python")

    found = await hover_at(client, conftest, cl102.range.start)

    assert found is not None and isinstance(found.contents, types.MarkupContent)
    assert found.contents.value.startswith("### CL102 ")


@pytest.mark.asyncio
@pytest.mark.parametrize("kind", ["python", "makefile", "markdown"])
async def test_a_file_that_names_no_runtime_gets_nothing(
    client: LanguageClient, tmp_path: Path, kind: str
):
    plain = tmp_path / NAMES[kind]
    await start(client, tmp_path)
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            types.TextDocumentItem(plain.as_uri(), kind, 1, PLAIN[kind])
        )
    )
    # Messages are answered in order: once the next file's diagnostics are in, the plain
    # one would have had its own.
    assert codes(await open_file(client, tmp_path / "conftest.py", CONFTEST, "python")) != []
    assert plain.as_uri() not in client.diagnostics

    # Naming a runtime makes it a checked file; removing it again clears its findings.
    found = await change_document(client, plain, PLAIN[kind] + RUNTIME[kind], 2)
    assert codes(found) == ["CL102"]
    assert await change_document(client, plain, PLAIN[kind], 3) == []


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("name", "language", "text"),
    [
        ("provision", "python", CONFTEST),
        ("Makefile.inc", "makefile", MAKEFILE),
        ("Makefile.inc", "make", MAKEFILE),
        ("SETUP", "markdown", README),
    ],
)
async def test_a_kind_is_known_by_the_editors_language(
    client: LanguageClient, tmp_path: Path, name: str, language: str, text: str
):
    await start(client, tmp_path)
    assert codes(await open_file(client, tmp_path / name, text, language)) == ["CL102"]


@pytest.mark.asyncio
async def test_fix_all_in_an_unsaved_python_buffer(client: LanguageClient, tmp_path: Path):
    unsaved = tmp_path / "provision"  # not on disk, no suffix: Python by its language only
    await start(client, tmp_path, {"unsafeFixes": True})
    await open_file(client, unsaved, CONFTEST, "python")

    actions = await actions_at(client, unsaved, only_kinds=[types.CodeActionKind.SourceFixAll])
    fixed = apply_text_edits(CONFTEST, edits_for(actions[0], unsaved.as_uri()))

    assert 'ports={"5432/tcp": ("127.0.0.1", 5432)}' in fixed
    assert await change_document(client, unsaved, fixed, 2) == []


@pytest.mark.asyncio
async def test_untitled_markdown_buffers_are_checked(client: LanguageClient, tmp_path: Path):
    await start(client, tmp_path)
    uri = "untitled:Untitled-1"
    waiting = asyncio.ensure_future(next_diagnostics(client, uri, 1))
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "markdown", 1, README))
    )
    assert codes(await waiting) == ["CL102"]


@pytest.mark.asyncio
async def test_the_configuration_can_turn_a_kind_off(client: LanguageClient, tmp_path: Path):
    (tmp_path / ".composelint.yaml").write_text("kinds:\n  markdown:\n    enabled: false\n")
    await start(client, tmp_path)
    readme = tmp_path / "README.md"
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            types.TextDocumentItem(readme.as_uri(), "markdown", 1, README)
        )
    )
    assert codes(await open_file(client, tmp_path / "Makefile", MAKEFILE, "makefile")) != []
    assert readme.as_uri() not in client.diagnostics


@pytest.mark.parametrize("kind", ["python", "makefile", "markdown"])
def test_the_screen_keeps_a_file_from_the_engine(
    kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    import composelint.run.engine

    def refuse(*_args: object, **_kwargs: object) -> object:
        raise AssertionError("the engine was called")

    monkeypatch.setattr(composelint.run.engine, "run_classified", refuse)
    path = str(tmp_path / NAMES[kind])
    document = OpenDocument(Path(path).as_uri(), path, PLAIN[kind], 1, kind)
    effective = ProjectConfigs(known_codes_or_builtin()).for_document(path, Settings())

    result = lint_document(document, {path: PLAIN[kind]}, effective)

    assert result.kind is None and result.findings == []
