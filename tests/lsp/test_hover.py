"""Hover over a finding shows the rule's spec."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from composelint.lsp.hover import rule_markdown
from tests.lsp.helpers import only, open_document, start
from tests.lsp.project import write_project


async def hover_at(
    client: LanguageClient, path: Path, position: types.Position
) -> types.Hover | None:
    return await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(path.as_uri()), position)
    )


@pytest.mark.asyncio
async def test_hover_on_a_finding_shows_its_rule(client: LanguageClient, tmp_path: Path):
    compose = write_project(tmp_path)
    await start(client, tmp_path)
    cl102 = only(await open_document(client, compose), "CL102")
    inside = types.Position(cl102.range.start.line, cl102.range.start.character + 3)

    found = await hover_at(client, compose, inside)

    assert found is not None and isinstance(found.contents, types.MarkupContent)
    assert found.contents.kind == types.MarkupKind.Markdown
    text = found.contents.value
    assert text.startswith("### CL102 `port-published-on-all-interfaces`")
    assert "#### Why is this bad?" in text and "#### Fix safety" in text
    assert found.range == cl102.range
    # Away from any finding there is nothing to say.
    assert await hover_at(client, compose, types.Position(0, 0)) is None


def test_every_section_of_the_spec_is_in_the_hover():
    from composelint.rules.docs import load_doc

    doc = load_doc("CL301")
    text = rule_markdown("CL301")
    assert doc is not None and text is not None
    for heading, body in doc.sections.items():
        assert f"#### {heading}\n\n{body.strip()}" in text
    assert rule_markdown("XX999") is None
