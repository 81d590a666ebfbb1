"""Compose YAML events from ruamel.yaml's C parser into positioned nodes.

The C parser (``ruamel.yaml.clib``) gives events with code-point marks in about
0.3 ms for a typical compose file; composing them here, iteratively, keeps
alias nodes unexpanded, records anchors, tags and styles, finds duplicate keys,
and bounds nesting depth and alias expansion so hostile input cannot exhaust
the stack or memory.  YAML is never re-emitted: the text stays the truth.
"""

from __future__ import annotations

import gc
from typing import Any, Protocol

from msgspec import Struct, field

from composelint.yaml.nodes import AliasNode, MappingNode, Node, ScalarNode, SequenceNode

MAX_DEPTH = 100  # compose files nest ~10 deep; keeps every later recursion safe
# Nodes written in one document.  The largest compose file of the test corpus has
# 3,060; every later stage keeps a few hundred bytes per node and a finding per node
# costs a few kilobytes more, so this bounds a file near 300 MB and a few seconds.
MAX_NODES = 100_000
# Nodes that aliases would add once expanded (an alias bomb adds billions).
MAX_EXPANDED_NODES = 250_000


class YamlProblem(Struct):
    """A syntax-level problem: position (code-point offset, line, column) and message."""

    message: str
    offset: int
    line: int
    column: int
    end: int | None = None


class YamlStream(Struct):
    documents: list[Node] = field(default_factory=list)
    problems: list[YamlProblem] = field(default_factory=list)
    fatal: bool = False  # the text could not be parsed to the end


# libyaml (the C parser) refuses some valid YAML that docker compose's parser (Go
# yaml.v3) reads: a plain scalar holding ":" inside a flow collection
# (``[8080:80]``, ``[no-new-privileges:true]``, ``{k: a:b}``, ``[a:]``).  Such a file
# is read again with ruamel's pure-Python parser, which reads these as yaml.v3 does.
# Other input gives the C parser's verdict: libyaml and yaml.v3 agree on tabs in flow
# context, anchors on empty values and every spelling of ``<<``.
_STRICTER_IN_C = ("found unexpected ':'",)
# The pure-Python parser is about 18 times slower (4 µs a character): a file it would
# take over a second to read keeps the C parser's verdict.  The largest compose file
# of the test corpus has 74,000 characters.
MAX_FALLBACK_CHARS = 256_000


class _EventSource(Protocol):
    """What composing reads: ruamel's C parser (``_ruamel_yaml``, a C extension without
    type information, so its events are ``Any``) or :class:`_PurePythonParser`."""

    def __init__(self, text: str) -> None: ...

    def get_event(self) -> Any: ...


def _parser_class() -> type[_EventSource]:
    try:
        # cyaml takes it from the C extension without re-exporting it by name
        from ruamel.yaml.cyaml import CParser  # type: ignore[attr-defined]
    except ImportError:  # pragma: no cover - exercised only without ruamel.yaml.clib
        return _PurePythonParser
    parser: type[_EventSource] = CParser
    return parser


class _PurePythonParser:
    """ruamel.yaml's pure-Python parser with the C parser's ``get_event`` API and marks.

    Two things differ from the C parser and are put as it gives them: the folds of a
    ``>`` scalar come marked with BEL characters (ruamel's round-trip bookkeeping; a
    YAML block scalar cannot hold a BEL itself), and an empty value (``key:``) is
    marked at the next token instead of right after its indicator.
    """

    def __init__(self, text: str) -> None:
        from ruamel.yaml import YAML
        from ruamel.yaml.events import ScalarEvent

        self._text = text
        self._events = YAML(typ="rt", pure=True).parse(text)
        self._scalar = ScalarEvent
        self._previous_end = 0

    def get_event(self) -> Any:
        event = next(self._events)
        if type(event) is self._scalar:
            if event.style == ">" and "\a" in event.value:
                event.value = event.value.replace("\a", "")
            elif event.value == "" and not event.style and event.start_mark.index > 0:
                self._mark_empty_value(event)
        self._previous_end = event.end_mark.index
        return event

    def _mark_empty_value(self, event: Any) -> None:
        text, at = self._text, self._previous_end
        while at < len(text) and text[at] in " \t":
            at += 1
        if at < len(text) and text[at] in ":-?":
            at += 1
        if at < event.start_mark.index:
            mark = event.start_mark
            line = mark.line - text.count("\n", at, mark.index)
            column = at - (text.rfind("\n", 0, at) + 1)
            moved = type(mark)(mark.name, at, line, column, mark.buffer, mark.pointer)
            event.start_mark = event.end_mark = moved


def compose_text(text: str) -> YamlStream:
    """Parse ``text`` into documents of positioned nodes, never raising."""
    stream = _compose_with(_parser_class(), text)
    if (
        stream.fatal
        and len(text) <= MAX_FALLBACK_CHARS
        and any(p.message.endswith(_STRICTER_IN_C) for p in stream.problems)
    ):
        return _compose_with(_PurePythonParser, text)
    return stream


def _compose_with(parser_class: type[_EventSource], text: str) -> YamlStream:
    stream = YamlStream()
    parser = parser_class(text)
    # Composing makes no reference cycles worth collecting, but on a big file the
    # collector would walk the growing node graph again and again (2x the time).
    collecting = gc.isenabled()
    gc.disable()
    try:
        _compose_events(parser, stream, text)
    except RecursionError:  # pragma: no cover - composition is iterative
        stream.problems.append(YamlProblem("document nests too deeply", 0, 0, 0))
        stream.fatal = True
    except Exception as exc:  # ruamel's MarkedYAMLError and friends
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        context = getattr(exc, "context", None)
        message = f"{context}: {problem}" if context and problem else str(problem)
        if mark is not None:
            stream.problems.append(YamlProblem(message, mark.index, mark.line, mark.column))
        else:
            stream.problems.append(YamlProblem(message, 0, 0, 0))
        stream.fatal = True
    finally:
        if collecting:
            gc.enable()
    return stream


class _Abort(Exception):
    pass


def _compose_events(parser: _EventSource, stream: YamlStream, text: str) -> None:
    anchors: dict[str, Node] = {}
    stack: list[MappingNode | SequenceNode] = []
    pending_key: list[Node | None] = []  # per open mapping: key waiting for its value
    doc_root: Node | None = None
    written = 0  # nodes of the document so far
    written_at_start: list[int] = []  # per open collection: ``written`` before it

    def attach(node: Node) -> None:
        nonlocal doc_root, written
        written += 1
        if not stack:
            doc_root = node
            return
        parent = stack[-1]
        if isinstance(parent, SequenceNode):
            parent.items.append(node)
        else:
            assert isinstance(parent, MappingNode)
            key = pending_key[-1]
            if key is None:
                pending_key[-1] = node
            else:
                parent.pairs.append((key, node))
                pending_key[-1] = None

    from ruamel.yaml import events

    scalar_event, alias_event = events.ScalarEvent, events.AliasEvent
    mapping_start, sequence_start = events.MappingStartEvent, events.SequenceStartEvent
    mapping_end, sequence_end = events.MappingEndEvent, events.SequenceEndEvent
    document_start, document_end = events.DocumentStartEvent, events.DocumentEndEvent
    while True:
        event = parser.get_event()
        kind = type(event)
        if kind is scalar_event:  # most events: attach() and _tag() written out here
            sm = event.start_mark
            anchor, ctag = event.anchor, event.ctag
            if anchor or ctag is not None:
                tag = _tag_text(ctag)
                start, line, column = _after_properties(text, sm, event.end_mark.index)
            else:
                tag, start, line, column = None, sm.index, sm.line, sm.column
            end = event.end_mark.index
            node = ScalarNode(event.value, event.style or "", tag, anchor, start, end, line, column)
            if anchor:
                anchors[anchor] = node
            written += 1
            if stack:
                parent = stack[-1]
                if type(parent) is SequenceNode:
                    parent.items.append(node)
                elif pending_key[-1] is None:
                    pending_key[-1] = node
                else:
                    parent.pairs.append((pending_key[-1], node))  # type: ignore[union-attr]
                    pending_key[-1] = None
            else:
                doc_root = node
            if written > MAX_NODES:
                _too_large(stream, sm)
                return
        elif kind is mapping_start or kind is sequence_start:
            if len(stack) >= MAX_DEPTH:
                sm = event.start_mark
                stream.problems.append(
                    YamlProblem(
                        f"document nests deeper than {MAX_DEPTH} levels",
                        sm.index,
                        sm.line,
                        sm.column,
                    )
                )
                stream.fatal = True
                return
            sm = event.start_mark
            cls = MappingNode if kind is mapping_start else SequenceNode
            opened = cls(
                bool(event.flow_style), _tag(event), event.anchor, sm.index, sm.line, sm.column
            )
            if event.anchor:
                anchors[event.anchor] = opened
            written_at_start.append(written)
            attach(opened)
            if written > MAX_NODES:
                _too_large(stream, sm)
                return
            stack.append(opened)
            pending_key.append(None)
        elif kind is mapping_end or kind is sequence_end:
            closed = stack.pop()
            pending_key.pop()
            closed.end = _collection_end(closed, event.end_mark.index)
            closed.weight = 1 + sum(child.weight for child in closed.children())
            if isinstance(closed, MappingNode):
                _check_duplicate_keys(closed, stream)
            if closed.weight - (written - written_at_start.pop()) > MAX_EXPANDED_NODES:
                stream.problems.append(
                    YamlProblem(
                        f"document expands to more than {MAX_EXPANDED_NODES:,} more nodes "
                        "through its aliases (an alias bomb?); refusing to load it",
                        closed.start,
                        closed.line,
                        closed.column,
                    )
                )
                stream.fatal = True
                return
        elif kind is alias_event:
            sm, em = event.start_mark, event.end_mark
            target = anchors.get(event.anchor)
            if target is None:
                stream.problems.append(
                    YamlProblem(
                        f"unknown alias '*{event.anchor}' (no anchor '&{event.anchor}' before it)",
                        sm.index,
                        sm.line,
                        sm.column,
                        em.index,
                    )
                )
                target = ScalarNode("", "", None, None, sm.index, em.index, sm.line, sm.column)
            attach(AliasNode(event.anchor, target, sm.index, em.index, sm.line, sm.column))
            if written > MAX_NODES:
                _too_large(stream, sm)
                return
        elif kind is document_start:
            doc_root = None
            anchors = {}
            written = 0
        elif kind is document_end:
            if doc_root is not None:
                stream.documents.append(doc_root)
        elif kind is events.StreamEndEvent:
            return


def _too_large(stream: YamlStream, mark: Any) -> None:
    """Stop at the first node past the limit, before memory grows any further."""
    stream.problems.append(
        YamlProblem(
            f"file too large to check: more than {MAX_NODES:,} YAML nodes (keys, values "
            "and list items) in one document",
            mark.index,
            mark.line,
            mark.column,
        )
    )
    stream.fatal = True


def _after_properties(text: str, mark: Any, end: int) -> tuple[int, int, int]:
    """Offset, line and column where a scalar's own text starts.

    libyaml marks a scalar at its anchor or tag (``&port "8080:80"``, ``!!str 80``);
    a fix edits the value, so the node starts after them and the blanks, line
    breaks and comments that may follow them.
    """
    pos, line, line_start = mark.index, mark.line, mark.index - mark.column
    while pos < end and text[pos] in "&!":
        while pos < end and text[pos] not in " \t\r\n":
            pos += 1
        while pos < end and text[pos] in " \t\r\n#":
            if text[pos] == "#":
                pos = text.find("\n", pos, end)
                pos = end if pos == -1 else pos
                continue
            if text[pos] == "\n":
                line, line_start = line + 1, pos + 1
            pos += 1
    return pos, line, pos - line_start


def _collection_end(node: Node, mark_end: int) -> int:
    """End offset of a collection: its last child's end for block style.

    libyaml marks a block collection's end at the next token, which may sit
    lines later after comments; the last child is the honest end.
    """
    if getattr(node, "flow", False):
        return mark_end
    last: Node | None = None
    if isinstance(node, MappingNode) and node.pairs:
        last = node.pairs[-1][1]
        if last.end <= node.pairs[-1][0].end:  # empty value: `key:`
            last = node.pairs[-1][0]
    elif isinstance(node, SequenceNode) and node.items:
        last = node.items[-1]
    return max(last.end, node.start) if last is not None else mark_end


def _tag(event: Any) -> str | None:
    return _tag_text(event.ctag)


def _tag_text(ctag: object) -> str | None:
    """A tag as written (``!reset``, ``tag:yaml.org,2002:str``); None when there is
    none or only the non-specific ``!``.  (``ctag`` is what ruamel's ``tag`` property
    reads, without the property call.)"""
    if ctag is None:
        return None
    tag = str(ctag)
    return None if not tag or tag == "!" else tag


def _check_duplicate_keys(node: MappingNode, stream: YamlStream) -> None:
    if len(node.pairs) < 2:
        return
    seen: dict[str, Node] = {}
    for key, _value in node.pairs:
        if not isinstance(key, ScalarNode) or (key.value == "<<" and key.style == ""):
            continue
        first = seen.get(key.value)
        if first is not None:
            stream.problems.append(
                YamlProblem(
                    f"duplicate key '{key.value}' (first defined on line {first.line + 1}); "
                    "docker compose refuses the file",
                    key.start,
                    key.line,
                    key.column,
                    key.end,
                )
            )
        else:
            seen[key.value] = key
