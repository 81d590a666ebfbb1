"""A small YAML writer with explicit style, and the data docker compose reads from it.

Strategies build a tree of :class:`Map`, :class:`Seq`, :class:`Scalar` and
:class:`Alias` nodes whose every choice of style (flow or block, quotes, indent,
comments, anchors) is already made; :func:`render` writes it out and
:func:`data_of` says, independently of composelint, what the loaded document is
(aliases and ``<<`` merge keys followed, ``${VAR:-default}`` resolved with no
variable set).
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field

ScalarValue = str | int | bool | None


@dataclass(slots=True)
class Scalar:
    value: ScalarValue  # as written, before interpolation
    style: str = ""  # "" plain, "'" single, '"' double, "|" literal block, "~" / "null"
    anchor: str | None = None


@dataclass(slots=True)
class Alias:
    name: str


@dataclass(slots=True)
class Entry:
    node: Node
    key: Scalar | None = None  # None for a sequence item
    before: str | None = None  # a comment on its own line above the entry
    after: str | None = None  # a comment at the end of the entry's first line


@dataclass(slots=True)
class Seq:
    entries: list[Entry] = field(default_factory=list)
    flow: bool = False
    anchor: str | None = None
    multiline: bool = False  # a flow list under a key, one item a line (comments allowed)


@dataclass(slots=True)
class Map:
    entries: list[Entry] = field(default_factory=list)
    flow: bool = False
    anchor: str | None = None

    def get(self, key: str) -> Entry | None:
        return next((e for e in self.entries if e.key is not None and e.key.value == key), None)


Node = Scalar | Alias | Seq | Map


@dataclass(frozen=True, slots=True)
class Layout:
    step: int = 2  # spaces per nesting level
    zero_indent: bool = False  # a block list under a key starts at the key's column
    newline: str = "\n"
    document_start: bool = False  # a leading "---"
    final_newline: bool = True


# -- scalars ------------------------------------------------------------------

_PLAIN = re.compile(r"[A-Za-z0-9_./$~][A-Za-z0-9_./$@{}:=+~-]*")
_NOT_A_STRING = re.compile(r"[-+]?[0-9_.]*([eE][-+]?[0-9]+)?|[-+]?0[xXoObB][0-9a-fA-F_]+")
_RESERVED = {"true", "false", "null", "~", "yes", "no", "on", "off", "y", "n"}


def plain_allowed(value: ScalarValue, flow: bool) -> bool:
    """Whether ``value`` may be written unquoted and still read back as itself."""
    if value is None:
        return not flow
    if isinstance(value, bool | int) or value == "<<":
        return True  # "<<" is written only as a merge key
    if not _PLAIN.fullmatch(value) or value.endswith(":") or value.lower() in _RESERVED:
        return False
    if _NOT_A_STRING.fullmatch(value) or value.startswith((".inf", ".nan", "~")):
        return False
    return not (flow and any(c in value for c in ",[]{}:"))


def scalar_text(node: Scalar, flow: bool) -> str:
    value = node.value
    if node.style == "'":
        return "'" + str(value).replace("'", "''") + "'"
    if node.style == '"':
        escaped = str(value).replace("\\", "\\\\").replace('"', '\\"')
        return '"' + escaped.replace("\n", "\\n").replace("\t", "\\t") + '"'
    if node.style in ("~", "null"):
        assert value is None
        return node.style
    assert node.style == "" and plain_allowed(value, flow), (value, node.style)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


# -- writing ------------------------------------------------------------------


def render(root: Map, layout: Layout) -> str:
    lines: list[str] = ["---"] if layout.document_start else []
    _block_map(root, 0, lines, layout)
    text = "\n".join(lines) + ("\n" if layout.final_newline else "")
    return text.replace("\n", layout.newline)


def _anchor(node: Node) -> str:
    anchor = getattr(node, "anchor", None)
    return f"&{anchor} " if anchor else ""


def inline(node: Node, flow: bool) -> str:
    if isinstance(node, Alias):
        return f"*{node.name}"
    if isinstance(node, Scalar):
        return _anchor(node) + scalar_text(node, flow)
    if isinstance(node, Seq):
        return _anchor(node) + "[" + ", ".join(inline(e.node, True) for e in node.entries) + "]"
    pairs = ", ".join(f"{scalar_text(e.key, True)}: {inline(e.node, True)}" for e in node.entries)
    return _anchor(node) + "{" + pairs + "}"


def _is_block(node: Node) -> bool:
    return isinstance(node, Map | Seq) and not node.flow and bool(node.entries)


def _trailer(entry: Entry) -> str:
    return f"  {entry.after}" if entry.after else ""


def _block_scalar(node: Scalar, lead: str, trailer: str, indent: int, lines: list[str]) -> None:
    assert isinstance(node.value, str) and node.value.endswith("\n")
    lines.append(f"{lead}{_anchor(node)}|{trailer}")
    lines.extend(" " * indent + line for line in node.value[:-1].split("\n"))


def _block_map(
    node: Map, indent: int, lines: list[str], layout: Layout, first: str | None = None
) -> None:
    for number, entry in enumerate(node.entries):
        assert entry.key is not None
        if number == 0 and first is not None:
            lead = first  # the "- " of the list item this mapping is in
        else:
            if entry.before:
                lines.append(" " * indent + entry.before)
            lead = " " * indent
        key = scalar_text(entry.key, False)
        value = entry.node
        if isinstance(value, Seq) and value.multiline and value.entries:
            lines.append(f"{lead}{key}: {_anchor(value)}[{_trailer(entry)}")
            inner = " " * (indent + layout.step)
            for number, item in enumerate(value.entries, 1):
                comma = "," if number < len(value.entries) else ""
                lines.append(f"{inner}{inline(item.node, True)}{comma}{_trailer(item)}")
            lines.append(" " * indent + "]")
        elif _is_block(value):
            anchor = f" &{value.anchor}" if value.anchor else ""  # type: ignore[union-attr]
            lines.append(f"{lead}{key}:{anchor}{_trailer(entry)}")
            if isinstance(value, Map):
                _block_map(value, indent + layout.step, lines, layout)
            else:
                assert isinstance(value, Seq)
                inner = indent if layout.zero_indent else indent + layout.step
                _block_seq(value, inner, lines, layout)
        elif isinstance(value, Scalar) and value.style == "|":
            _block_scalar(value, f"{lead}{key}: ", _trailer(entry), indent + layout.step, lines)
        elif isinstance(value, Scalar) and value.value is None and value.style == "":
            lines.append(f"{lead}{key}:{_trailer(entry)}")
        else:
            lines.append(f"{lead}{key}: {inline(value, False)}{_trailer(entry)}")


def _block_seq(node: Seq, indent: int, lines: list[str], layout: Layout) -> None:
    for entry in node.entries:
        if entry.before:
            lines.append(" " * indent + entry.before)
        lead = " " * indent + "- "
        value = entry.node
        if isinstance(value, Map) and _is_block(value):
            assert not value.anchor and not entry.after
            _block_map(value, indent + 2, lines, layout, first=lead)
        elif isinstance(value, Scalar) and value.style == "|":
            _block_scalar(value, lead, _trailer(entry), indent + 2, lines)
        else:
            assert not _is_block(value), "a block list directly in a block list"
            lines.append(f"{lead}{inline(value, False)}{_trailer(entry)}")


# -- what compose reads ---------------------------------------------------------

_VARIABLE = re.compile(r"\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}$]*))?\}")


def interpolated(text: str) -> str:
    """``text`` after compose interpolation with no variable set (the forms generated)."""
    return _VARIABLE.sub(lambda m: "$" if m.group(0) == "$$" else m.group(2) or "", text)


def _resolved(node: Scalar) -> ScalarValue:
    value = node.value
    if node.style == "|" or isinstance(value, str) and "$" in value:
        return interpolated(str(value))
    return value


def data_of(root: Node) -> object:
    """The document as compose loads it (anchors are defined before use, in order)."""
    return _data(root, {})


def _data(node: Node, anchors: dict[str, object]) -> object:
    if isinstance(node, Alias):
        return copy.deepcopy(anchors[node.name])
    if isinstance(node, Scalar):
        out: object = _resolved(node)
    elif isinstance(node, Seq):
        out = [_data(e.node, anchors) for e in node.entries]
    else:
        out = _mapping(node, anchors)
    if node.anchor:
        anchors[node.anchor] = copy.deepcopy(out)
    return out


def _mapping(node: Map, anchors: dict[str, object]) -> dict[str, object]:
    merged: dict[str, object] = {}
    explicit: dict[str, object] = {}
    for entry in node.entries:
        assert entry.key is not None
        if entry.key.value == "<<" and entry.key.style == "":
            sources = _data(entry.node, anchors)
            for source in reversed(sources if isinstance(sources, list) else [sources]):
                assert isinstance(source, dict)
                merged.update(source)
        else:
            explicit[str(entry.key.value)] = _data(entry.node, anchors)
    return {**merged, **explicit}


def comments_of(root: Node) -> list[str]:
    """The comments :func:`render` writes, in the order they appear."""
    found: list[str] = []

    def walk(node: Node) -> None:
        if isinstance(node, Seq) and node.multiline:
            found.extend(entry.after for entry in node.entries if entry.after)
        elif isinstance(node, Map | Seq) and not node.flow:
            for entry in node.entries:
                found.extend(c for c in (entry.before, entry.after) if c)
                walk(entry.node)

    walk(root)
    return found
