"""Turn plain data into styled YAML nodes: flow or block, quotes, comments, anchors."""

from __future__ import annotations

from hypothesis import strategies as st

from tests.strategies.yaml_nodes import Alias, Entry, Map, Node, Scalar, Seq, plain_allowed

COMMENT_WORDS = (
    "note",
    "the db port",
    "für später",
    "日本語",
    "rocket 🚀",
    "TODO: check",
    "- not an item",
    "key: not a key",
    "'quoted'",
    '"double"',
    "{braces} [brackets]",
    "#again",
)


@st.composite
def comment(draw: st.DrawFn) -> str:
    words = draw(st.lists(st.sampled_from(COMMENT_WORDS), min_size=1, max_size=3))
    return "# " + " ".join(words)


def maybe_comment(draw: st.DrawFn) -> str | None:
    """A comment about one time in four (hypothesis shrinks towards none)."""
    return draw(comment()) if draw(st.integers(0, 3)) == 3 else None


def can_flow(value: object) -> bool:
    """Whether ``value`` can be written in flow style (no multi-line text)."""
    if isinstance(value, dict):
        return all(can_flow(v) for v in value.values())
    if isinstance(value, list):
        return all(can_flow(v) for v in value)
    return not (isinstance(value, str) and "\n" in value)


def scalar(draw: st.DrawFn, value: object, flow: bool) -> Scalar:
    assert value is None or isinstance(value, str | int | bool), value
    if value is None:
        styles = ["", "null", "~"] if not flow else ["null", "~"]
    elif isinstance(value, bool | int):
        styles = [""]  # quotes would make it a string
    elif "\n" in value:
        styles = ['"'] if flow else ["|", '"']
    else:
        styles = [""] if plain_allowed(value, flow) else []
        styles += ["'", '"']
    return Scalar(value, draw(st.sampled_from(styles)))


def key(draw: st.DrawFn, name: str, flow: bool) -> Scalar:
    # Keys are mostly plain; a quoted key reads the same.
    style = draw(st.sampled_from(["", "", "", '"', "'"]))
    return Scalar(name, style if style or plain_allowed(name, flow) else '"')


def styled(draw: st.DrawFn, value: object, *, flow: bool = False, item: bool = False) -> Node:
    """``value`` as a node; ``flow``: inside a flow collection; ``item``: a list item."""
    if isinstance(value, dict | list):
        as_flow = flow or not value or (can_flow(value) and draw(st.integers(0, 2)) == 2)
        if isinstance(value, dict):
            entries = [
                Entry(styled(draw, v, flow=as_flow), key=key(draw, k, as_flow))
                for k, v in value.items()
            ]
            node: Node = Map(entries, as_flow)
        else:
            entries = [Entry(styled(draw, v, flow=as_flow, item=True)) for v in value]
            multiline = as_flow and not flow and not item and draw(st.booleans())
            node = Seq(entries, as_flow, multiline=multiline)
            if multiline:  # a comment may end each line of a flow list written one a line
                for entry in entries:
                    entry.after = maybe_comment(draw)
        if not as_flow:
            _comment_entries(draw, node, item)
        return node
    return scalar(draw, value, flow)


def _comment_entries(draw: st.DrawFn, node: Map | Seq, item: bool) -> None:
    for number, entry in enumerate(node.entries):
        first_of_item = item and isinstance(node, Map) and number == 0
        if not first_of_item:
            entry.before = maybe_comment(draw)
        nested_item = isinstance(node, Seq) and isinstance(entry.node, Map) and not entry.node.flow
        if not nested_item or not entry.node.entries:
            entry.after = maybe_comment(draw)


def merge_entry(anchor: str) -> Entry:
    return Entry(Alias(anchor), key=Scalar("<<"))
