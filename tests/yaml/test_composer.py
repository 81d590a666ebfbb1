from __future__ import annotations

import pytest

from composelint.yaml.composer import MAX_DEPTH, compose_text
from composelint.yaml.nodes import AliasNode, MappingNode, ScalarNode, SequenceNode, iter_nodes


def test_spans_slice_back_to_raw_text() -> None:
    text = "a: &x\n  b: 'q' # c\nc:\n  <<: *x\nlist:\n- \"d\"\n- [1, 2]\n"
    root = compose_text(text).documents[0]
    raws = {text[n.start : n.end] for n in iter_nodes([root])}
    assert {"'q'", '"d"', "*x", "[1, 2]", "<<"} <= raws
    assert text[root.start : root.end] == text.rstrip("\n")


def test_styles_tags_and_anchors_are_kept() -> None:
    root = compose_text("a: !reset null\nb: &anc 'x'\nc: |\n  block\nd: *anc\n").documents[0]
    values = {k.value: v for k, v in root.pairs}
    assert values["a"].tag == "!reset"
    assert values["b"].anchor == "anc" and values["b"].style == "'"
    assert values["c"].style == "|"
    assert isinstance(values["d"], AliasNode) and values["d"].target is values["b"]


def test_duplicate_keys_are_problems_not_crashes() -> None:
    stream = compose_text("services:\n  web:\n    image: a\n    image: b\n")
    assert len(stream.problems) == 1
    problem = stream.problems[0]
    assert "duplicate key 'image'" in problem.message
    assert (problem.line, problem.column) == (3, 4)


def test_syntax_error_has_line_and_column() -> None:
    stream = compose_text("services:\n  web: [1\n")
    assert stream.fatal
    assert stream.problems[0].line == 2


def test_alias_bomb_is_refused_without_expanding() -> None:
    lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 10) + "]")
    stream = compose_text("\n".join(lines) + "\n")
    assert stream.fatal
    assert "nodes through its aliases (an alias bomb?)" in stream.problems[0].message


def test_deep_nesting_is_bounded() -> None:
    depth = 10_000
    stream = compose_text("[" * depth + "]" * depth)
    assert stream.fatal
    assert f"deeper than {MAX_DEPTH}" in stream.problems[0].message


def test_unknown_alias_is_reported() -> None:
    stream = compose_text("a: *nope\n")
    assert "unknown alias '*nope'" in stream.problems[0].message


@pytest.mark.parametrize("text", ["a: 1\r\nb: [x, y]\r\n", "---\na: 1", "a:\n - x\n - y\n"])
def test_crlf_marker_and_odd_indents(text: str) -> None:
    stream = compose_text(text)
    assert not stream.problems
    root = stream.documents[0]
    assert isinstance(root, MappingNode)
    value = root.pairs[-1][1]
    assert isinstance(value, (ScalarNode, SequenceNode))
    assert text[value.start : value.end].strip() in ("[x, y]", "1", "- x\n - y")
