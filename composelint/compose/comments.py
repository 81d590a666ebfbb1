"""The comments an owner wrote with a publish: what the rules may read of its purpose."""

from __future__ import annotations

from composelint.model.origin import Origin
from composelint.yaml.comments import find_comments
from composelint.yaml.nodes import Node


def port_comment(origin: Origin | None, key: Origin | None, previous: Origin | None) -> str:
    """The comments of one ``ports:`` item: on its lines, on the comment-only lines just
    above it, and, for the first item (``key`` is the ``ports:`` key's origin), on the
    key's line and the comment-only lines just above the key.  Empty when there are none
    or the item's text is not in the file (a value from an anchor or another file)."""
    if origin is None or origin.via:
        return ""
    source, node = origin.source, origin.node
    text = source.text
    stop = text.find("\n", node.end)
    stop = len(text) if stop == -1 else stop
    start = text.rfind("\n", 0, node.start) + 1
    if previous is not None and previous.source is source and previous.node.end <= node.start:
        after = text.find("\n", previous.node.end)
        start = node.start if after == -1 or after >= node.start else after + 1
    elif key is not None and key.source is source and key.key is not None:
        start = _comment_block_above(text, key.key.start)
    roots = [node] if isinstance(node, Node) else []
    return " ".join(
        c.text.lstrip("#").strip() for c in find_comments(text, roots, start, stop)
    ).strip()


def _comment_block_above(text: str, at: int) -> int:
    """The start of the line of ``at``, or of the comment-only lines just above it that
    are indented no deeper than it (deeper lines would belong to a block scalar)."""
    line = text.rfind("\n", 0, at) + 1
    column = at - line
    start = line
    while start > 0:
        above = text.rfind("\n", 0, start - 1) + 1
        content = text[above : start - 1].rstrip("\r")
        stripped = content.lstrip()
        if not stripped.startswith("#") or len(content) - len(stripped) > column:
            break
        start = above
    return start
