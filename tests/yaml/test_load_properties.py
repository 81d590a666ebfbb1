"""Property: a compose file in any style loads to its data, byte for byte and comment by comment.

The strategy writes each file itself (block and flow collections, every quoting style,
1-4 space indents, zero-indented lists, CRLF, BOMs, UTF-16, comments between items and
after values, anchors, aliases and merge keys, interpolation) and knows the data docker
compose reads from it, independently of composelint's loader.
"""

from __future__ import annotations

from hypothesis import example, given, settings

from composelint.compose.loader import load_compose_file
from composelint.source import Source
from composelint.yaml.document import load_yaml
from composelint.yaml.nodes import AliasNode, MappingNode, ScalarNode, SequenceNode, iter_nodes
from tests.strategies.compose_docs import ComposeFile, compose_files


def _unset(_name: str) -> str | None:
    return None


@settings(max_examples=150)
@given(compose_files())
def test_a_compose_file_loads_to_the_data_it_was_written_from(doc: ComposeFile) -> None:
    source = Source.from_bytes("compose.yaml", doc.data)
    assert source.encode(source.text) == doc.data
    assert source.text == doc.text
    loaded = load_compose_file("compose.yaml", _unset, source)
    assert [d.message for d in loaded.diagnostics] == []
    assert loaded.data == doc.expected


@settings(max_examples=150)
@given(compose_files())
# Found by this test: a comment on a block scalar's header line was taken for its text.
@example(
    ComposeFile(
        "services:\n  web:\n    image: x\n    command: |  # runs the app\n      npm start\n",
        "utf-8",
        {"services": {"web": {"image": "x", "command": "npm start\n"}}},
        ("# runs the app",),
    )
)
def test_every_comment_is_found_and_every_span_holds_its_text(doc: ComposeFile) -> None:
    source = Source.from_bytes("compose.yaml", doc.data)
    yaml = load_yaml(source)
    assert [c.text for c in yaml.comments] == list(doc.comments)
    for comment in yaml.comments:
        assert source.text[comment.start : comment.end] == comment.text
    for node in iter_nodes(yaml.documents):
        raw = source.text[node.start : node.end]
        if isinstance(node, AliasNode):
            assert raw == f"*{node.anchor}"
        elif isinstance(node, ScalarNode) and node.style == "":
            assert raw == node.value
        elif isinstance(node, ScalarNode) and node.style in ("'", '"'):
            assert raw[0] == raw[-1] == node.style
        elif isinstance(node, MappingNode | SequenceNode) and node.flow:
            assert raw[-1] == ("}" if isinstance(node, MappingNode) else "]")
