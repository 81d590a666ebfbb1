"""A JSON scanner with positions, accepting what Go's ``encoding/json`` accepts.

dockerd reads ``daemon.json`` with ``json.Unmarshal``: strict JSON (no comments, no
trailing commas, nothing after the value), strings that may hold any bytes but no raw
control characters, numbers in JSON's grammar.  ``json`` from the standard library gives
no positions, so this scanner reads the text itself; offsets are code points of the
decoded text, like every position in composelint.

Why a scanner of our own rather than tree-sitter-json: loading one 6-line daemon.json
cold (a fresh process that has already imported ``typing``, ``re`` and ``json``, as a
run has) took 10-12 ms with ``tree_sitter`` 0.26 and ``tree_sitter_json`` 0.24
(imports, language, parser, parse) and 1.4-1.5 ms with this module (import and parse),
measured six times each on the 2-core test machine. tree-sitter also recovers from
errors and its grammar takes comments, where dockerd stops at the first error, whose
place and reason this scanner reports as Go does.

It never recurses (a stack of open containers instead), refuses nesting deeper than
:data:`MAX_DEPTH` and documents of more than :data:`MAX_VALUES` values, and reads long
strings and numbers with regular expressions, so a large or hostile file costs time in
proportion to its size.
"""

from __future__ import annotations

import re
from typing import Any

from composelint.source import lazy_pattern

MAX_DEPTH = 100  # real daemon.json files nest 4 levels at most
MAX_VALUES = 100_000  # as for a compose file's YAML nodes

_WS = lazy_pattern(r"[ \t\n\r]*")
_STRING = lazy_pattern(r'"[^"\\\x00-\x1f]*(?:\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})[^"\\\x00-\x1f]*)*"')
_NUMBER = lazy_pattern(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
_SURROGATE = lazy_pattern("[\ud800-\udfff]")
_LITERALS = (("true", True), ("false", False), ("null", None))


class JsonError(ValueError):
    """Where and why the text is not JSON; ``keys``: the top-level keys read before it."""

    def __init__(self, message: str, offset: int, keys: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset
        self.keys = keys


class JsonValue:
    """A value and the text that wrote it: ``[start, end)``."""

    __slots__ = ("start", "end")

    def __init__(self, start: int, end: int) -> None:
        self.start = start
        self.end = end

    def plain(self) -> Any:
        """The value as ``json.loads`` gives it (nesting is bounded by the scanner)."""
        raise NotImplementedError


class JsonScalar(JsonValue):
    """A string, number, ``true``, ``false`` or ``null``."""

    __slots__ = ("value",)

    def __init__(self, value: Any, start: int, end: int) -> None:
        super().__init__(start, end)
        self.value = value

    def plain(self) -> Any:
        return self.value


class JsonArray(JsonValue):
    __slots__ = ("items",)

    def __init__(self, start: int) -> None:
        super().__init__(start, start)
        self.items: list[JsonValue] = []

    def plain(self) -> Any:
        return [item.plain() for item in self.items]


class JsonMember:
    """One ``"key": value`` of an object."""

    __slots__ = ("key", "value")

    def __init__(self, key: JsonScalar, value: JsonValue) -> None:
        self.key = key
        self.value = value


class JsonObject(JsonValue):
    __slots__ = ("members",)

    def __init__(self, start: int) -> None:
        super().__init__(start, start)
        self.members: list[JsonMember] = []

    def get(self, key: str) -> JsonMember | None:
        """The member dockerd reads for ``key``: the last one, as Go's decoder keeps."""
        for member in reversed(self.members):
            if member.key.value == key:
                return member
        return None

    def plain(self) -> Any:
        return {member.key.value: member.value.plain() for member in self.members}


def _describe(text: str, i: int) -> str:
    char = text[i]
    return f"character {char!r}" if char.isprintable() else f"character {ascii(char)}"


def _invalid(text: str, i: int, where: str) -> str:
    """Go's wording: ``invalid character 'x' <where>``, or the end of the input."""
    if i >= len(text):
        return "unexpected end of JSON input"
    return f"invalid {_describe(text, i)} {where}"


def _string(text: str, i: int, keys: tuple[str, ...]) -> JsonScalar:
    match = _STRING.match(text, i)
    if match is None:
        raise JsonError(_string_problem(text, i), _string_stop(text, i), keys)
    raw = match.group()
    if "\\" in raw:
        import json

        value = json.loads(raw)
        value = _SURROGATE.sub("\ufffd", value)  # Go replaces a lone surrogate
    else:
        value = raw[1:-1]
    return JsonScalar(value, i, match.end())


def _string_stop(text: str, i: int) -> int:
    """The offset where a string starting at ``i`` goes wrong."""
    j = i + 1
    n = len(text)
    while j < n:
        char = text[j]
        if char == "\\":
            if text[j + 1 : j + 2] == "u":
                if not re.fullmatch(r"[0-9a-fA-F]{4}", text[j + 2 : j + 6]):
                    return j
                j += 6
                continue
            if text[j + 1 : j + 2] not in tuple('"\\/bfnrt'):
                return j
            j += 2
            continue
        if char < " ":
            return j
        j += 1
    return n


def _string_problem(text: str, i: int) -> str:
    j = _string_stop(text, i)
    if j >= len(text):
        return "unexpected end of JSON input (a string is not closed)"
    if text[j] == "\\":
        return f"invalid escape {text[j : j + 2]!r} in a string"
    return _invalid(text, j, "in a string (control characters must be escaped)")


def _number(match: re.Match[str]) -> int | float:
    written = match.group()
    if "." in written or "e" in written or "E" in written:
        return float(written)
    try:
        return int(written)
    except ValueError:  # more digits than Python converts: Go keeps a float64 too
        return float(written)


def _blanks(text: str, at: int) -> int:
    """The offset after the blanks at ``at`` (none is a match too)."""
    found = _WS.match(text, at)
    return at if found is None else found.end()


def parse_json(text: str) -> JsonValue:
    """The value ``text`` holds; raises :class:`JsonError` where Go's decoder would fail."""
    n = len(text)
    i = _blanks(text, 0)
    stack: list[JsonObject | JsonArray] = []
    pending: list[JsonScalar | None] = []  # each open object's key waiting for its value
    top_keys: list[str] = []
    count = 0

    def keys() -> tuple[str, ...]:
        return tuple(top_keys)

    def read_key(at: int) -> int:
        """Read ``"key" :`` at ``at``; returns the offset of the value."""
        if text.startswith('"', at):
            key = _string(text, at, keys())
        else:
            raise JsonError(
                _invalid(text, at, "looking for beginning of object key string"),
                at,
                keys(),
            )
        if len(stack) == 1:
            top_keys.append(key.value)
        pending[-1] = key
        at = _blanks(text, key.end)
        if not text.startswith(":", at):
            raise JsonError(_invalid(text, at, "after object key"), at, keys())
        return _blanks(text, at + 1)

    while True:
        # A value starts at i.
        count += 1
        if count > MAX_VALUES:
            raise JsonError(f"more than {MAX_VALUES} values: too large to check", i, keys())
        char = text[i] if i < n else ""
        value: JsonValue | None = None
        if char in ("{", "["):
            if len(stack) >= MAX_DEPTH:
                too_deep = f"nested deeper than {MAX_DEPTH} levels: too deep to check"
                raise JsonError(too_deep, i, keys())
            opened: JsonObject | JsonArray = JsonObject(i) if char == "{" else JsonArray(i)
            close = "}" if char == "{" else "]"
            after = _blanks(text, i + 1)
            if text.startswith(close, after):
                opened.end = after + 1
                value, i = opened, after + 1
            else:
                stack.append(opened)
                pending.append(None)
                i = read_key(after) if char == "{" else after
                continue
        elif char == '"':
            value = _string(text, i, keys())
            i = value.end
        elif char == "-" or char.isdigit():
            match = _NUMBER.match(text, i)
            if match is None:
                raise JsonError(_invalid(text, i + 1, "in numeric literal"), i + 1, keys())
            value = JsonScalar(_number(match), i, match.end())
            i = match.end()
        else:
            for word, literal in _LITERALS:
                if text.startswith(word, i):
                    value = JsonScalar(literal, i, i + len(word))
                    i += len(word)
                    break
            if value is None:
                if i >= n:
                    raise JsonError("unexpected end of JSON input", i, keys())
                raise JsonError(_invalid(text, i, "looking for beginning of value"), i, keys())
        # A value ended at i: attach it to its container, closing as many as end here.
        while True:
            if not stack:
                i = _blanks(text, i)
                if i < n:
                    raise JsonError(_invalid(text, i, "after top-level value"), i, keys())
                return value
            top = stack[-1]
            if isinstance(top, JsonObject):
                key = pending[-1]
                assert key is not None
                top.members.append(JsonMember(key, value))
            else:
                top.items.append(value)
            i = _blanks(text, i)
            char = text[i] if i < n else ""
            close = "}" if isinstance(top, JsonObject) else "]"
            if char == ",":
                after = _blanks(text, i + 1)
                i = read_key(after) if isinstance(top, JsonObject) else after
                break
            if char == close:
                top.end = i + 1
                i += 1
                stack.pop()
                pending.pop()
                value = top
                continue
            if i >= n:
                raise JsonError("unexpected end of JSON input", i, keys())
            where = "object key:value pair" if close == "}" else "array element"
            raise JsonError(_invalid(text, i, f"after {where}"), i, keys())
