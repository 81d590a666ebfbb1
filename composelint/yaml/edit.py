"""Text edits on YAML that keep the file's own style.

YAML is never re-emitted: each helper looks at the text around a node (its
indentation, quotes, flow or block style, newline) and returns ``Edit``s that
change only what the fix is about.
"""

from __future__ import annotations

from composelint.diagnostics import Edit
from composelint.source import Source
from composelint.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode


def content_range(node: ScalarNode) -> tuple[int, int]:
    """Offsets of a scalar's text inside its quotes (the whole node when plain)."""
    if node.style in ("'", '"') and node.end - node.start >= 2:
        start = node.start
        return start + 1, node.end - 1
    return node.start, node.end


def line_end(text: str, offset: int) -> int:
    """Offset of the end of the line holding ``offset`` (before ``\\r\\n``/``\\n``)."""
    end = text.find("\n", offset)
    if end == -1:
        return len(text)
    return end - 1 if end > 0 and text[end - 1] == "\r" else end


def line_start(text: str, offset: int) -> int:
    return text.rfind("\n", 0, offset) + 1


def indent_of(text: str, offset: int) -> str:
    start = line_start(text, offset)
    end = start
    while end < len(text) and text[end] in " \t":
        end += 1
    return text[start:end]


def replace_node(source: Source, node: Node, new_text: str) -> Edit:
    return Edit(source.path, node.start, node.end, new_text)


def add_mapping_key(source: Source, mapping: MappingNode, key: str, value: str) -> Edit:
    """Add ``key: value`` after the mapping's last entry, in its own style."""
    text = source.text
    if mapping.flow or not mapping.pairs:
        close = mapping.end - 1
        if mapping.pairs:
            return Edit(
                source.path, mapping.pairs[-1][1].end, mapping.pairs[-1][1].end, f", {key}: {value}"
            )
        return Edit(source.path, close, close, f"{key}: {value}")
    first_key = mapping.pairs[0][0]
    indent = " " * first_key.column
    last_value = mapping.pairs[-1][1]
    end = max(last_value.end, mapping.pairs[-1][0].end)
    if end > 0 and text[end - 1] == "\n":  # block scalars end after their newline
        return Edit(source.path, end, end, f"{indent}{key}: {value}{source.newline}")
    at = line_end(text, end)
    return Edit(source.path, at, at, f"{source.newline}{indent}{key}: {value}")


def remove_sequence_item(source: Source, sequence: SequenceNode, written: object) -> Edit:
    """Remove one item (``written``: the item itself), keeping comments on other lines
    and the list's style."""
    text = source.text
    index = next(i for i, candidate in enumerate(sequence.items) if candidate is written)
    item = sequence.items[index]
    if sequence.flow:
        return remove_flow_entry(source, [(i.start, i.end) for i in sequence.items], index)
    # Block item: drop its whole line(s), from the line start of "- " to the end
    # of the line holding the item's end; a comment on them stays on its own line.
    dash = text.rfind("-", 0, item.start)
    start = line_start(text, dash)
    end = line_end(text, max(item.end - 1, item.start))
    newline_end = end + (
        2 if text.startswith("\r\n", end) else 1 if text.startswith("\n", end) else 0
    )
    return remove_lines(source, start, newline_end, [item])


def remove_flow_entry(source: Source, entries: list[tuple[int, int]], index: int) -> Edit:
    """Remove entry ``index`` (``entries``: each one's start and end) of a flow collection
    with one comma.  A flow collection may span lines: comments between entries stay."""
    start, end = entries[index]
    if len(entries) == 1:
        return Edit(source.path, start, end, "")
    if index + 1 < len(entries):
        gap, removed = (end, entries[index + 1][0]), (start, entries[index + 1][0])
    else:
        gap, removed = (entries[index - 1][1], start), (entries[index - 1][1], end)
    between = source.text[gap[0] : gap[1]]  # a comma, blanks, line breaks, comments
    kept = between.replace(",", "", 1) if "#" in between else ""
    return Edit(source.path, removed[0], removed[1], kept)


def remove_lines(source: Source, start: int, end: int, nodes: list[Node]) -> Edit:
    """Remove the whole lines in ``[start, end)`` but keep their comments, each on its own
    line at its line's indentation (``nodes``: what the lines hold, so that a ``#``
    inside a quoted value is not taken for a comment)."""
    from composelint.yaml.comments import find_comments

    text = source.text
    kept = [
        f"{indent_of(text, comment.start)}{comment.text}{source.newline}"
        for comment in find_comments(text, nodes, start, end)
    ]
    return Edit(source.path, start, end, "".join(kept))


def append_sequence_item(source: Source, sequence: SequenceNode, value: str) -> Edit:
    """Append an item to an existing list in its style."""
    text = source.text
    if sequence.flow:
        if sequence.items:
            last = sequence.items[-1]
            return Edit(source.path, last.end, last.end, f", {value}")
        return Edit(source.path, sequence.start + 1, sequence.start + 1, value)
    last = sequence.items[-1]
    dash = text.rfind("-", 0, last.start)
    prefix = text[line_start(text, dash) : dash]
    at = line_end(text, max(last.end - 1, last.start))
    return Edit(source.path, at, at, f"{source.newline}{prefix}- {value}")
