"""YAML nodes with exact positions.

Offsets are code-point offsets into the decoded text; ``end`` is exclusive.
Aliases stay aliases (``AliasNode`` points at its anchored node), so an alias
bomb is never expanded here; ``weight`` says how large the expansion would be.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator


class Node:
    __slots__ = ("tag", "anchor", "start", "end", "line", "column", "weight")

    tag: str | None  # explicit tag as written (e.g. "!reset", "tag:yaml.org,2002:str")
    anchor: str | None
    start: int
    end: int
    line: int  # 0-based line of ``start``
    column: int  # 0-based column (code points) of ``start``
    weight: int  # number of nodes once aliases are expanded

    def children(self) -> Iterator[Node]:
        return iter(())


class ScalarNode(Node):
    __slots__ = ("value", "style")

    def __init__(
        self,
        value: str,
        style: str,
        tag: str | None,
        anchor: str | None,
        start: int,
        end: int,
        line: int,
        column: int,
    ) -> None:
        self.value = value
        self.style = style  # "" plain, "'" single, '"' double, "|" literal, ">" folded
        self.tag = tag
        self.anchor = anchor
        self.start, self.end, self.line, self.column = start, end, line, column
        self.weight = 1

    def __repr__(self) -> str:
        return f"ScalarNode({self.value!r}@{self.line}:{self.column})"


class _Collection(Node):
    __slots__ = ("flow",)

    def __init__(
        self, flow: bool, tag: str | None, anchor: str | None, start: int, line: int, column: int
    ) -> None:
        self.flow = flow
        self.tag = tag
        self.anchor = anchor
        self.start, self.end, self.line, self.column = start, start, line, column
        self.weight = 1


class MappingNode(_Collection):
    __slots__ = ("pairs",)

    def __init__(
        self, flow: bool, tag: str | None, anchor: str | None, start: int, line: int, column: int
    ) -> None:
        super().__init__(flow, tag, anchor, start, line, column)
        self.pairs: list[tuple[Node, Node]] = []

    def children(self) -> Iterator[Node]:
        for key, value in self.pairs:
            yield key
            yield value

    def __repr__(self) -> str:
        return f"MappingNode({len(self.pairs)} pairs@{self.line}:{self.column})"


class SequenceNode(_Collection):
    __slots__ = ("items",)

    def __init__(
        self, flow: bool, tag: str | None, anchor: str | None, start: int, line: int, column: int
    ) -> None:
        super().__init__(flow, tag, anchor, start, line, column)
        self.items: list[Node] = []

    def children(self) -> Iterator[Node]:
        return iter(self.items)

    def __repr__(self) -> str:
        return f"SequenceNode({len(self.items)} items@{self.line}:{self.column})"


class AliasNode(Node):
    __slots__ = ("target",)

    def __init__(self, name: str, target: Node, start: int, end: int, line: int, column: int):
        self.anchor = name
        self.tag = None
        self.target = target
        self.start, self.end, self.line, self.column = start, end, line, column
        self.weight = target.weight

    def __repr__(self) -> str:
        return f"AliasNode(*{self.anchor}@{self.line}:{self.column})"


def deref(node: Node) -> Node:
    """The node an alias stands for (the node itself otherwise)."""
    while isinstance(node, AliasNode):
        node = node.target
    return node


def iter_nodes(roots: Iterable[Node]) -> Iterator[Node]:
    """Every node once, depth first; an alias is yielded but not followed."""
    seen: set[int] = set()
    todo = list(roots)[::-1]
    while todo:
        node = todo.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        yield node
        if not isinstance(node, AliasNode):
            todo.extend(list(node.children())[::-1])
