"""Where each character of a YAML scalar's value was written in the file.

A CI step's shell text is a scalar's value: a plain or quoted scalar on one line, a
literal block (``run: |``) with its indentation removed, a folded block (``>``) or a
plain scalar over several lines whose line breaks became spaces.  Each run of the
value that the file holds character by character is a segment; a position outside
every segment (a folded line break) maps to the end of the segment before it.  A
value this module cannot rebuild from the text (escapes in a quoted scalar, a header
it does not know) has no segments: it is judged, each place in it maps to about
where it was written (the same distance from the scalar's start), and nothing in it is
edited.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass

from composelint.shell.words import Offsets
from composelint.source import lazy_pattern
from composelint.yaml.nodes import ScalarNode

_HEADER = lazy_pattern(r"[|>](?:[1-9][+-]?|[+-][1-9]?)?[ \t]*(?:#[^\n]*)?\r?\n")
_INDICATOR = lazy_pattern(r"[1-9]")


@dataclass(frozen=True, slots=True)
class MappedText:
    """A scalar's value and the segments (value start, file start, length) that were
    written character by character; ``fallback`` places positions before any segment."""

    text: str
    segments: tuple[tuple[int, int, int], ...]
    fallback: int
    size: int = 0  # the scalar's length in the file (places of a value with no segments)

    @property
    def exact(self) -> bool:
        """Whether any of the value can be edited in place."""
        return bool(self.segments)

    def at(self, index: int) -> int:
        """The file offset of position ``index`` of the value."""
        return self.byte_mapper(chars=False)(index)

    def byte_mapper(self, *, chars: bool = True) -> Callable[[int], int]:
        """Byte offsets of the value's UTF-8 text to file code-point offsets (code-point
        offsets of the value with ``chars=False``)."""
        index_of: Callable[[int], int] = Offsets(self.text) if chars else int
        starts = [s[0] for s in self.segments]
        segments = self.segments
        fallback, size = self.fallback, self.size

        def at(byte: int) -> int:
            index = index_of(byte)
            i = bisect_right(starts, index) - 1
            if not segments:
                return fallback + min(index, size)
            if i < 0:
                return segments[0][1]
            start, file_start, length = segments[i]
            return file_start + min(index - start, length)

        return at

    def regions(self) -> tuple[tuple[int, int], ...]:
        """The file spans written character by character (edits may fall there)."""
        return tuple((f, f + n) for _v, f, n in self.segments)


def map_scalar(text: str, node: ScalarNode) -> MappedText:
    """Where the value of ``node`` (a scalar of the file ``text``) was written."""
    value = node.value
    unmapped = MappedText(value, (), node.start, node.end - node.start)
    raw = text[node.start : node.end]
    style = node.style
    if style in ("|", ">"):
        return _block(text, node) or unmapped
    if style == "":
        if raw == value:
            return MappedText(value, ((0, node.start, len(value)),), node.start)
        return _flow(value, node.start, raw) or unmapped
    if len(raw) < 2 or "\\" in raw or (style == "'" and "''" in raw):
        return unmapped  # escapes: not one character per character
    inner = raw[1:-1]
    if inner == value:
        return MappedText(value, ((0, node.start + 1, len(value)),), node.start)
    return _flow(value, node.start + 1, inner) or unmapped


def _flow(value: str, start: int, raw: str) -> MappedText | None:
    """A plain or quoted scalar over several lines: each line trimmed, one line break a
    space, each further empty line a line break."""
    out: list[str] = []
    segments: list[tuple[int, int, int]] = []
    empty = 0
    at = 0
    first = True
    for line in raw.split("\n"):
        body = line.rstrip(" \t\r")
        lead = 0 if first else len(body) - len(body.lstrip(" \t"))
        body = body[lead:]
        if not body and not first:
            empty += 1
            at += len(line) + 1
            continue
        if not first:
            out.append("\n" * empty if empty else " ")
        size = sum(len(p) for p in out)
        if body:
            segments.append((size, start + at + lead, len(body)))
            out.append(body)
        empty = 0
        first = False
        at += len(line) + 1
    if "".join(out) != value:
        return None
    return MappedText(value, tuple(segments), start)


def _block(text: str, node: ScalarNode) -> MappedText | None:
    """A literal (``|``) or folded (``>``) block: content lines with the block's
    indentation removed; a folded block's single line breaks between lines of text
    that are not more indented became spaces."""
    header = _HEADER.match(text, node.start, node.end)
    if header is None:
        return None
    content = header.end()
    lines = text[content : node.end].split("\n")
    indicator = _INDICATOR.search(header.group())
    if indicator is not None:  # counted from the indentation of the header's line
        line_start = text.rfind("\n", 0, node.start) + 1
        head = text[line_start : node.start]
        indent = len(head) - len(head.lstrip(" ")) + int(indicator.group())
    else:
        indent = next((len(x) - len(x.lstrip(" ")) for x in lines if x.strip(" \r")), 0)
    folded = node.style == ">"
    out: list[str] = []
    size = 0
    segments: list[tuple[int, int, int]] = []
    at = content
    previous: str | None = None  # a folded block's last line of text
    empty = 0
    for line in lines:
        if line[:indent].strip(" ") and line.strip(" \r"):
            return None  # less indented than the block: not a line of it
        body = line[indent:]
        if not folded:
            segments.append((size, at + min(indent, len(line)), len(body) + 1))
            out.append(body + "\n")
            size += len(body) + 1
        elif not body.strip(" \r"):
            empty += 1
        else:
            if previous is None:
                glue = "\n" * empty
            elif body[:1] in (" ", "\t") or previous[:1] in (" ", "\t"):
                glue = "\n" * (1 + empty)
            else:
                glue = "\n" * empty if empty else " "
            out.append(glue + body)
            size += len(glue)
            segments.append((size, at + indent, len(body)))
            size += len(body)
            previous, empty = body, 0
        at += len(line) + 1
    value = node.value
    if "".join(out).rstrip("\n") != value.rstrip("\n"):
        return None
    clipped = ((v, f, min(n, len(value) - v)) for v, f, n in segments)
    return MappedText(value, tuple(s for s in clipped if s[2] > 0), node.start)
