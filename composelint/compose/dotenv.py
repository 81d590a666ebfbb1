"""Read ``.env`` files the way docker compose does (compose-go ``dotenv`` package).

What compose-go's ``dotenv/parser.go`` and ``dotenv/env.go`` do, and so what
this module does:

* Blank lines and lines starting with ``#`` are skipped; an ``export `` prefix
  is dropped.  Keys may hold letters, digits, ``_ . - [ ]``.
* ``KEY=value``.  compose-go also accepts the YAML-like ``KEY: value``; the
  value is taken here as compose takes it, and the line is recorded as odd
  because other readers of env files (``docker run --env-file``, shells) do not.
* Unquoted values run to the end of the line, lose a `` #comment`` (space then
  ``#``) and surrounding white space, and may use ``${VAR}`` interpolation.
* Single-quoted values are literal (only ``\\'`` is unescaped) and may span lines.
* Double-quoted values may span lines, understand ``\\n \\t \\r \\a \\b \\f \\v
  \\\\ \\" \\$`` and ``\\0ooo`` octal escapes (other backslashes stay), and are
  interpolated after unescaping.
* Interpolation looks a variable up in the environment first and in the keys
  read so far second: compose-go's lookup puts the process environment before
  the file, so ``A=1`` then ``B=${A}`` gives ``B`` the environment's ``A`` when
  there is one.
* ``KEY`` alone takes the value from the environment (or from an earlier line
  of the file); when neither has it, the key stays unset.
* A quoted value may be followed on the same line by another ``KEY=value``:
  compose-go parses it as a new entry.  That is recorded as odd.

Where compose-go stops at the first error and refuses the file, this module
records a problem (0-based line, message) and goes on with the next line.
``DotEnv.refusals`` holds the problems compose-go refuses the file for: a key with
a space or a character outside the ones above, an unterminated quoted value, and
an interpolation it cannot parse (``${BROKEN``).  The rest of ``problems`` it
accepts: ``KEY: value``, ``=value`` (a variable with an empty name), text after a
closing quote (read as the next entry), bytes that are not UTF-8 (passed through),
and ``${VAR:?message}`` with ``VAR`` unset, which fails only where ``VAR`` is unset.
"""

from __future__ import annotations

import bisect
import os
from collections.abc import Callable, Mapping

from msgspec import Struct, field

from composelint.compose.interpolate import interpolate
from composelint.source import lazy_pattern, read_bytes

Lookup = Callable[[str], str | None]

_EXPORT = lazy_pattern(r"export[^\S\n]+")
_SPACE = frozenset("\t\v\f\r \x85\xa0")  # Go's isSpace: white space except newline
# What a key may hold: letters and digits (``\w``: str.isalnum() and "_"), ``. - [ ]``,
# and Go's isSpace characters, which compose-go skips while it looks for the key's end.
_KEY_CHARS = lazy_pattern(r"[\w.\-\[\]\t\v\f\r \x85\xa0]*")
_WHITE_SPACE = lazy_pattern(r"\s")
_NEWLINE = lazy_pattern("\n")
_ESCAPES = {
    "a": "\a",
    "b": "\b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
    "v": "\v",
    "\\": "\\",
    '"': '"',
    "$": "$$",
}
_OCTAL = frozenset("01234567")


class DotEnv(Struct, frozen=True):
    values: dict[str, str] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)  # 0-based line of each key's entry
    problems: tuple[tuple[int, str], ...] = ()  # (0-based line, message)
    refusals: tuple[tuple[int, str], ...] = ()  # the problems docker compose fails on


def parse_dotenv(text: str, lookup: Lookup | None = None) -> DotEnv:
    """Parse ``.env`` text; ``lookup`` is the environment (None: an empty one)."""
    parser = _Parser(text.removeprefix("\ufeff"), lookup or _no_lookup)
    parser.run()
    return DotEnv(parser.values, parser.lines, tuple(parser.problems), tuple(parser.refusals))


def read_dotenv(path: str | os.PathLike[str], lookup: Lookup | None = None) -> DotEnv:
    """Read and parse a ``.env`` file; OSError and DecodeError (not a regular file, too
    large) propagate to the caller."""
    data = read_bytes(path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        text = data.decode("utf-8", errors="replace")
        line = data.count(b"\n", 0, exc.start)
        parsed = parse_dotenv(text, lookup)
        problem = (line, "file is not valid UTF-8")  # compose passes the bytes through
        return DotEnv(parsed.values, parsed.lines, (problem, *parsed.problems), parsed.refusals)
    return parse_dotenv(text, lookup)


def read_compose_file_var(
    dotenv: DotEnv | Mapping[str, str], default_separator: str = os.pathsep
) -> list[str]:
    """``COMPOSE_FILE`` split on ``COMPOSE_PATH_SEPARATOR`` (default: the OS list separator).

    compose-go splits with ``strings.Split`` and keeps empty entries; they name
    no file, so they are dropped here.  Unset ``COMPOSE_FILE`` gives ``[]``.
    """
    values = dotenv.values if isinstance(dotenv, DotEnv) else dotenv
    files = values.get("COMPOSE_FILE")
    if not files:
        return []
    separator = values.get("COMPOSE_PATH_SEPARATOR") or default_separator
    return [part for part in files.split(separator) if part]


def _no_lookup(_name: str) -> str | None:
    return None


class _Parser:
    def __init__(self, text: str, lookup: Lookup) -> None:
        self.text = text
        self.lookup = lookup
        self.values: dict[str, str] = {}
        self.lines: dict[str, int] = {}
        self.problems: list[tuple[int, str]] = []
        self.refusals: list[tuple[int, str]] = []
        self._newlines = [match.start() for match in _NEWLINE.finditer(text)]

    def run(self) -> None:
        text, pos = self.text, 0
        while pos < len(text):
            if text[pos].isspace():
                pos += 1
            elif text[pos] == "#":
                pos = self._next_line(pos)
            else:
                pos = self._entry(pos)

    def _line(self, pos: int) -> int:
        return bisect.bisect_left(self._newlines, pos)

    def _next_line(self, pos: int) -> int:
        newline = self.text.find("\n", pos)
        return len(self.text) if newline < 0 else newline + 1

    def _line_text(self, pos: int) -> str:
        newline = self.text.find("\n", pos)
        return self.text[pos : len(self.text) if newline < 0 else newline].rstrip("\r")

    def _problem(self, pos: int, message: str, *, refused: bool = False) -> None:
        self.problems.append((self._line(pos), message))
        if refused:
            self.refusals.append(self.problems[-1])

    def _entry(self, start: int) -> int:
        """One ``[export ]KEY[=value]`` entry at ``start``; returns where the next may begin."""
        text = self.text
        export = _EXPORT.match(text, start)
        key_start = export.end() if export else start
        end = self._key_end(key_start)
        if end < 0:
            return self._next_line(start)
        key = text[key_start:end].rstrip()
        separator = text[end] if end < len(text) else "\n"
        if not key:
            self._problem(start, f"missing variable name in {_shown(self._line_text(start))!r}")
            return self._next_line(start)
        if _WHITE_SPACE.search(key):
            # compose-go refuses a space; a tab or the like it keeps in the name
            message = f"variable name {_shown(key)!r} cannot contain white space"
            self._problem(start, message, refused=" " in key)
            return self._next_line(start)
        if separator == "\n":
            value = self.lookup(key)
            if value is None:
                value = self.values.get(key)
            if value is not None:
                self._set(key, value, start)
            return end + 1
        if separator == ":":
            self._problem(
                start,
                f"'{key}:' uses a YAML-style separator; write '{key}=...' "
                "(docker compose accepts it, other env-file readers do not)",
            )
        pos = end + 1
        while pos < len(text) and text[pos] in _SPACE:
            pos += 1
        if pos < len(text) and text[pos] in "'\"":
            return self._quoted(key, start, pos)
        return self._unquoted(key, start, pos)

    def _key_end(self, pos: int) -> int:
        """Offset of the ``=``, ``:`` or newline ending the key (or of the text's end); -1: bad."""
        text = self.text
        index = _KEY_CHARS.match(text, pos).end()  # type: ignore[union-attr] # matches ""
        if index == len(text) or text[index] in "=:\n":
            return index
        self._problem(
            pos,
            f"unexpected character {text[index]!r} in variable name "
            f"{_shown(self._line_text(pos))!r}",
            refused=True,
        )
        return -1

    def _unquoted(self, key: str, start: int, pos: int) -> int:
        newline = self.text.find("\n", pos)
        stop = len(self.text) if newline < 0 else newline
        raw = self.text[pos:stop].split(" #", 1)[0].rstrip()
        self._set(key, self._expand(raw, start), start)
        return stop + 1

    def _quoted(self, key: str, start: int, pos: int) -> int:
        text, quote = self.text, self.text[pos]
        chars: list[str] = []
        escaped = False
        index = pos + 1
        while index < len(text):
            char = text[index]
            index += 1
            if char == quote and not escaped:
                break
            if char == "\\" and not escaped:
                escaped = True
                continue
            if escaped and char != quote:
                chars.append("\\")
            escaped = False
            chars.append(char)
        else:
            message = f"unterminated quoted value {_shown(self._line_text(pos))}"
            self._problem(start, message, refused=True)
            return self._next_line(pos)
        value = "".join(chars)
        if quote == '"':
            value = self._expand(_unescape(value), start)
        self._set(key, value, start)
        rest = self._line_text(index).strip("".join(_SPACE))
        if rest and not rest.startswith("#"):
            self._problem(
                index,
                f"unexpected text after the closing quote of {key}: {_shown(rest)!r} "
                "(docker compose reads it as another entry)",
            )
        return index

    def _expand(self, raw: str, start: int) -> str:
        if "$" not in raw:
            return raw
        result = interpolate(raw, self._interpolation_lookup)
        for message in result.errors:
            self._problem(start, message, refused=True)
        for message in result.required_errors:  # depends on the environment it runs in
            self._problem(start, message)
        return result.value

    def _interpolation_lookup(self, name: str) -> str | None:
        value = self.lookup(name)
        return self.values.get(name) if value is None else value

    def _set(self, key: str, value: str, start: int) -> None:
        self.values[key] = value
        self.lines[key] = self._line(start)


def _shown(text: str, limit: int = 80) -> str:
    """``text`` for a message: a line may be megabytes long."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _unescape(value: str) -> str:
    """Double-quoted escapes as compose-go expands them (``\\$`` becomes ``$$``)."""
    if "\\" not in value:
        return value
    out: list[str] = []
    index = 0
    while index < len(value):
        char = value[index]
        nxt = value[index + 1] if index + 1 < len(value) else ""
        if char != "\\" or not nxt:
            out.append(char)
            index += 1
        elif nxt in _ESCAPES:
            out.append(_ESCAPES[nxt])
            index += 2
        elif nxt == "0":
            digits = _leading_digits(value, index + 2, 3)
            octal = len(digits) == 3 and set(digits) <= _OCTAL and int(digits, 8) <= 0o377
            out.append(chr(int(digits, 8)) if octal else value[index : index + 2 + len(digits)])
            index += 2 + len(digits)
        else:
            out.append(char)  # unknown escape: the backslash stays, the next char is read anew
            index += 1
    return "".join(out)


def _leading_digits(text: str, start: int, limit: int) -> str:
    stop = start
    while stop < len(text) and stop - start < limit and text[stop] in "0123456789":
        stop += 1
    return text[start:stop]
