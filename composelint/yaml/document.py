"""A YAML file loaded with positions: source, documents, problems, comments."""

from __future__ import annotations

from msgspec import Struct

from composelint.source import Source, Span
from composelint.yaml.comments import Comment, find_comments
from composelint.yaml.composer import YamlProblem, compose_text
from composelint.yaml.nodes import Node


class YamlFile(Struct):
    source: Source
    documents: list[Node]
    problems: list[YamlProblem]
    fatal: bool
    _comments: list[Comment] | None = None

    @property
    def root(self) -> Node | None:
        return self.documents[0] if self.documents else None

    @property
    def comments(self) -> list[Comment]:
        """Comments, found on first use (the lint path rarely needs them)."""
        if self._comments is None:
            self._comments = find_comments(self.source.text, self.documents)
        return self._comments

    def span(self, node: Node) -> Span:
        return self.source.span(node.start, node.end)

    def raw(self, node: Node) -> str:
        return self.source.text[node.start : node.end]


def load_yaml(source: Source) -> YamlFile:
    stream = compose_text(source.text)
    return YamlFile(source, stream.documents, stream.problems, stream.fatal)
