"""Turn positioned YAML nodes into plain data plus where every value came from.

The plain data (dicts, lists, scalars) is what docker compose would see after
merge keys, ``!reset``/``!override`` and interpolation; schema validation and
the model read it.  ``origins`` maps each JSON path (a tuple of keys and
indexes) to the ``Origin`` of its value: the file, the node that wrote it, the
key node in front of it, the chain it came through, and the raw text before
interpolation.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from msgspec import Struct, field

from composelint.compose.interpolate import interpolate
from composelint.model.origin import Origin as Origin  # re-exported
from composelint.model.origin import Path as Path
from composelint.source import Source, Span
from composelint.yaml.nodes import (
    AliasNode,
    MappingNode,
    Node,
    ScalarNode,
    SequenceNode,
    deref,
)
from composelint.yaml.resolve import UnknownTag, is_merge_key, resolve_plain, resolve_scalar

_COLLECTION_TAGS = frozenset(
    {
        None,
        "!reset",
        "!override",
        "tag:yaml.org,2002:map",
        "tag:yaml.org,2002:seq",
    }
)
Lookup = Callable[[str], str | None]


class TreeProblem(Struct):
    code: str
    message: str
    span: Span


class Tree(Struct):
    """One YAML document as compose sees it."""

    data: Any
    origins: dict[Path, Origin] = field(default_factory=dict)
    resets: set[Path] = field(default_factory=set)  # keys tagged !reset
    overrides: set[Path] = field(default_factory=set)  # keys tagged !override
    problems: list[TreeProblem] = field(default_factory=list)

    def origin(self, path: Path) -> Origin | None:
        """The origin of ``path`` or of its nearest written ancestor."""
        while True:
            found = self.origins.get(path)
            if found is not None or not path:
                return found
            path = path[:-1]


def build_tree(source: Source, root: Node, lookup: Lookup | None) -> Tree:
    tree = Tree(data=None)
    builder = _Builder(source, tree, lookup)
    tree.data = builder.value(root, (), None, ())
    return tree


class _Builder:
    def __init__(self, source: Source, tree: Tree, lookup: Lookup | None) -> None:
        self.source = source
        self.tree = tree
        self.lookup = lookup

    def value(self, node: Node, path: Path, key: Node | None, via: tuple[str, ...]) -> Any:
        # The hot loop of loading: exact type checks, one Origin per value.
        if type(node) is AliasNode:
            via = (*via, f"alias *{node.anchor}")
            node = deref(node)
        tag = node.tag
        if tag is not None and tag == "!override":
            self.tree.overrides.add(path)
        if type(node) is ScalarNode:
            return self.scalar(node, path, key, via)
        if tag not in _COLLECTION_TAGS:
            self.problem("CL001", _unsupported(tag), node)
        self.tree.origins[path] = Origin(self.source, node, key, via)
        if type(node) is SequenceNode:
            out: list[Any] = []
            for item in node.items:
                if _tag_of(item) == "!reset":
                    continue
                out.append(self.value(item, (*path, len(out)), None, via))
            return out
        assert isinstance(node, MappingNode)
        return self.mapping(node, path, via)

    def scalar(self, node: ScalarNode, path: Path, key: Node | None, via: tuple[str, ...]) -> Any:
        if node.tag is None and node.style == "":
            value = resolve_plain(node.value)
        else:
            try:
                value = resolve_scalar(node)
            except UnknownTag as exc:
                self.problem("CL001", _unsupported(str(exc)), node)
                value = node.value
        interpolated = None
        if type(value) is str and "$" in value and self.lookup is not None:
            result = interpolate(value, self.lookup)
            if result.errors:
                self.problem("CL002", "; ".join(result.errors), node)
            else:
                interpolated = result
                value = result.value
        self.tree.origins[path] = Origin(self.source, node, key, via, interpolated)
        return value

    def mapping(self, node: MappingNode, path: Path, via: tuple[str, ...]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        merged: list[tuple[MappingNode, tuple[str, ...]]] = []
        explicit: list[tuple[ScalarNode, Node]] = []
        for key_node, value_node in node.pairs:
            if type(key_node) is not ScalarNode:
                key_node = deref(key_node)
            if type(key_node) is ScalarNode:
                if key_node.value == "<<" and is_merge_key(key_node):
                    merged.extend(self.merge_sources(value_node, via))
                else:
                    explicit.append((key_node, value_node))
            else:
                self.problem("CL002", "mapping keys must be strings", key_node)
        # Merge keys: among several sources the first wins, explicit keys win over all.
        for source_node, source_via in reversed(merged):
            out.update(self.mapping(source_node, path, source_via))
        for key_node, value_node in explicit:
            key = key_node.value
            if _tag_of(value_node) == "!reset":
                self.tree.resets.add((*path, key))
                out.pop(key, None)
                continue
            out[key] = self.value(value_node, (*path, key), key_node, via)
        return out

    def merge_sources(
        self, value: Node, via: tuple[str, ...]
    ) -> list[tuple[MappingNode, tuple[str, ...]]]:
        target = deref(value)
        items = target.items if isinstance(target, SequenceNode) else [value]
        sources: list[tuple[MappingNode, tuple[str, ...]]] = []
        for item in items:
            step = f"alias *{item.anchor}" if isinstance(item, AliasNode) else "merge <<"
            mapping = deref(item)
            if isinstance(mapping, MappingNode):
                sources.append((mapping, (*via, "merge <<", step)))
            else:
                self.problem(
                    "CL002", "a merge key '<<' needs a mapping or a list of mappings", item
                )
        return sources

    def problem(self, code: str, message: str, node: Node) -> None:
        self.tree.problems.append(
            TreeProblem(code, message, self.source.span(node.start, node.end))
        )


def _tag_of(node: Node) -> str | None:
    """The tag of the node, or of the node an alias stands for."""
    return node.tag if type(node) is not AliasNode else deref(node).tag


def _unsupported(tag: str | None) -> str:
    shown = (tag or "").replace("tag:yaml.org,2002:", "!!")
    return f"unsupported YAML tag {shown}: compose files hold plain data; the file is not loaded"
