"""Locate YAML comments in the text.

The C parser drops comments, so they are found by scanning: a ``#`` at the
start of a line or after whitespace begins a comment unless it lies inside a
quoted or block scalar (plain scalars cannot contain `` #``).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable

from msgspec import Struct

from composelint.yaml.nodes import Node, ScalarNode, iter_nodes


class Comment(Struct, frozen=True):
    text: str  # from "#" to the end of the line, without the newline
    start: int
    end: int
    line: int
    column: int
    own_line: bool  # nothing but whitespace before it on its line


def _protected_ranges(text: str, roots: Iterable[Node]) -> list[tuple[int, int]]:
    ranges = [
        (_content_start(text, node), node.end)
        for node in iter_nodes(roots)
        if isinstance(node, ScalarNode) and node.style and node.end > node.start
    ]
    ranges.sort()
    return ranges


def _content_start(text: str, node: ScalarNode) -> int:
    """A block scalar's text starts on the line after its header (``|  # a comment``)."""
    if node.style not in ("|", ">"):
        return node.start
    newline = text.find("\n", node.start, node.end)
    return node.end if newline == -1 else newline + 1


def find_comments(
    text: str, roots: Iterable[Node], start: int = 0, stop: int | None = None
) -> list[Comment]:
    """All comments of ``text``; ``roots`` are the parsed documents.

    ``start`` (a line start) and ``stop`` limit the scan to those lines; ``roots`` then
    need only be the nodes written there.
    """
    if "#" not in text[start:stop]:
        return []
    ranges = _protected_ranges(text, roots)
    starts = [r[0] for r in ranges]
    comments: list[Comment] = []
    line_no = text.count("\n", 0, start)
    pos = start
    length = len(text) if stop is None else stop
    while pos < length:
        nl = text.find("\n", pos)
        line_end = length if nl == -1 else nl
        hash_at = text.find("#", pos, line_end)
        while hash_at != -1:
            if (hash_at == pos or text[hash_at - 1] in " \t") and not _inside(
                hash_at, ranges, starts
            ):
                end = line_end - 1 if line_end > pos and text[line_end - 1] == "\r" else line_end
                own = text[pos:hash_at].strip() == ""
                comments.append(
                    Comment(text[hash_at:end], hash_at, end, line_no, hash_at - pos, own)
                )
                break
            hash_at = text.find("#", hash_at + 1, line_end)
        line_no += 1
        pos = line_end + 1
    return comments


def _inside(offset: int, ranges: list[tuple[int, int]], starts: list[int]) -> bool:
    i = bisect_right(starts, offset) - 1
    return i >= 0 and ranges[i][0] <= offset < ranges[i][1]
