"""JSON text edits that keep the file's layout: one value replaced, one member added.

The JSON is never re-emitted: a new member goes after the object's last one (the key
order stays), with the separator the file already uses between members (or between
the brace and the first member), its spacing around the colon and its newlines.
"""

from __future__ import annotations

import json

from composelint.daemon.scanner import JsonObject, JsonValue
from composelint.source import Source

TextEdit = tuple[int, int, str]  # [start, end) of the text, and what replaces it


def encode(value: object) -> str:
    """A JSON literal as a person writes it: ``"127.0.0.1"``, ``true``."""
    return json.dumps(value, ensure_ascii=False)


def replace_value(node: JsonValue, value: object) -> TextEdit:
    return node.start, node.end, encode(value)


def add_member(source: Source, obj: JsonObject, key: str, value: object) -> TextEdit:
    """Insert ``"key": value`` as the object's last member, in the file's layout."""
    text = source.text
    members = obj.members
    if not members:
        inside = text[obj.start + 1 : obj.end - 1]
        if "\n" not in inside:  # {} or { }: one line
            pad = " " if inside else ""
            return obj.start + 1, obj.end - 1, f"{pad}{encode(key)}: {encode(value)}{pad}"
        indent = _indent_of(text, obj.start) + "  "
        newline = "\r\n" if "\r\n" in inside else "\n"
        closing = _indent_of(text, obj.end - 1)
        member = f"{encode(key)}: {encode(value)}"
        return obj.start + 1, obj.end - 1, f"{newline}{indent}{member}{newline}{closing}"
    last = members[-1]
    if len(members) > 1:
        previous = members[-2].value.end
        separator = text[text.index(",", previous) + 1 : last.key.start]
    else:
        separator = text[obj.start + 1 : last.key.start]
    colon = text[last.key.end : last.value.start]
    if not separator and colon != colon.rstrip():  # {"a": 1}: one line, spaced
        separator = " "
    return last.value.end, last.value.end, f",{separator}{encode(key)}{colon}{encode(value)}"


def _indent_of(text: str, offset: int) -> str:
    """The blanks that start the line holding ``offset``."""
    start = text.rfind("\n", 0, offset) + 1
    line = text[start:offset]
    return line[: len(line) - len(line.lstrip(" \t"))]
