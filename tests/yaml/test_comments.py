from __future__ import annotations

from composelint.source import Source
from composelint.yaml.document import load_yaml


def test_comments_found_outside_scalars() -> None:
    text = (
        "# top\n"
        "a: 'x # not a comment'  # trailing\n"
        "b: |\n  # inside a block scalar\n"
        "c: x#y\n"
        "  # own line\r\n"
    )
    doc = load_yaml(Source.from_text("c.yml", text))
    found = [(c.text, c.line, c.own_line) for c in doc.comments]
    assert found == [("# top", 0, True), ("# trailing", 1, False), ("# own line", 5, True)]
    for comment in doc.comments:
        assert text[comment.start : comment.end] == comment.text
