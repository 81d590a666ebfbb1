"""Property: a Dockerfile in any style parses to what was written, and reads back byte for byte.

The strategy writes directives, stages, continuations with comment and empty lines,
heredocs and USER lines itself, and knows each instruction's exact text, every comment,
every heredoc body and whether the final stage runs as root.
"""

from __future__ import annotations

from hypothesis import given, settings

from composelint.dockerfile.parser import parse_dockerfile
from composelint.rules.privilege.root import final_stage_root
from composelint.source import Source
from tests.strategies.dockerfiles import DockerfileDoc, dockerfiles


@settings(max_examples=150)
@given(dockerfiles())
def test_a_dockerfile_parses_to_what_was_written(doc: DockerfileDoc) -> None:
    source = Source.from_bytes("Dockerfile", doc.data)
    assert source.encode(source.text) == doc.data
    parsed = parse_dockerfile(source)
    assert [d.message for d in parsed.diagnostics] == []
    written = [(i.keyword, i.span.slice(source.text)) for i in parsed.instructions]
    assert written == list(doc.instructions)
    assert [c.text for c in parsed.comments] == list(doc.comments)
    bodies = [h.body for i in parsed.instructions for h in i.heredocs]
    assert bodies == list(doc.heredoc_bodies)
    assert parsed.directives == doc.directives
    assert len(parsed.stages) == doc.stages
    assert (final_stage_root(parsed) is not None) == doc.runs_as_root
