"""Low-level Dockerfile text: physical lines, joined continuation lines and shell-like words.

Lines are split on "\n" with a trailing "\r" dropped; a joined line keeps a
map back to raw offsets so every span points at the source as written.
BuildKit splits and expands arguments with a small shell-word lexer: quotes
group a word, the escape character escapes one character and ``$VAR`` /
``${VAR...}`` are substituted.  This is the subset composelint needs.  A
reference that cannot be resolved is kept verbatim in the result and the
result is flagged incomplete, so a later rule can tell "unknown" from "empty".
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from functools import cache

from composelint.source import lazy_pattern

# name -> value, or None when the variable is unset or its value is unknown
Lookup = Callable[[str], str | None]

_NAME = lazy_pattern(r"[A-Za-z_][A-Za-z0-9_]*")
_SPACES = lazy_pattern(r"\s*")
_OPERATORS = (":-", ":+", "-", "+")
# References nested deeper than this in defaults (``${A:-${B:-...}}``) are kept as
# written, unresolved: each level is a few Python frames, and a line of 100,000 of them
# overflowed the stack.  Real Dockerfiles nest one level, rarely two.
MAX_NESTING = 32
# A ``${...}`` longer than this is kept as written with the rest of its word, unresolved:
# each level of nesting scanned the reference again, so a 6 MB one took 20 s.  Real
# references are a name and a short default.
MAX_REFERENCE = 10_000


def line_ranges(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each line, without its "\\n" or "\\r\\n"."""
    ranges: list[tuple[int, int]] = []
    start = 0
    while start < len(text):
        newline = text.find("\n", start)
        stop = len(text) if newline < 0 else newline
        end = stop - 1 if stop > start and text[stop - 1] == "\r" else stop
        ranges.append((start, end))
        start = stop + 1
    return ranges


class JoinedLine:
    """Pieces of physical lines joined into one logical line, mapped back to raw offsets."""

    def __init__(self) -> None:
        self.pieces: list[str] = []
        self._logical: list[int] = []
        self._raw: list[int] = []
        self._length = 0

    def add(self, piece: str, raw: int) -> None:
        self.pieces.append(piece)
        self._logical.append(self._length)
        self._raw.append(raw)
        self._length += len(piece)

    def raw(self, index: int) -> int:
        """Raw offset of the joined text's ``index`` (may be its length)."""
        k = bisect_right(self._logical, index) - 1
        return self._raw[k] + index - self._logical[k]

    def raw_end(self, index: int) -> int:
        """Raw offset just after the joined text's character ``index - 1``."""
        return self.raw(index - 1) + 1 if index > 0 else self.raw(0)


def split_words(text: str, escape: str = "\\", start: int = 0) -> list[tuple[int, int]]:
    """``(start, end)`` offsets of the whitespace-separated words of ``text[start:]``."""
    return list(iter_words(text, escape, start))


def iter_words(text: str, escape: str = "\\", start: int = 0) -> Iterator[tuple[int, int]]:
    """The words of :func:`split_words`, one at a time (a caller may stop early)."""
    word = _word_pattern(escape)
    i = _SPACES.match(text, start).end()  # type: ignore[union-attr]
    while i < len(text):
        match = word.match(text, i)
        end = match.end() if match else i + 1
        yield i, end
        i = _SPACES.match(text, end).end()  # type: ignore[union-attr]


@cache
def _word_pattern(escape: str) -> re.Pattern[str]:
    """One shell-ish word: escaped characters, quoted runs (an unclosed quote runs to
    the end) and anything else but whitespace.  Single quotes know no escapes.

    Possessive (``++``, ``*+``): a word never gives characters back, so the matcher
    keeps no state to backtrack to.  With a state per character, one 20 MB word took
    2.4 GB.
    """
    e = re.escape(escape)
    return re.compile(
        rf"(?:{e}.|{e}\Z|'[^']*+(?:'|\Z)|\"(?:{e}.|{e}\Z|[^\"{e}]++)*+(?:\"|\Z)|[^\s'\"{e}]++)++",
        re.DOTALL,
    )


def parse_flags(text: str, start: int, escape: str = "\\") -> tuple[list[tuple[str, str]], int]:
    """Leading ``--name=value`` words of ``text[start:]`` and the offset where the rest begins.

    A bare ``--name`` has the value ``""``; a lone ``--`` ends the flags.
    """
    flags: list[tuple[str, str]] = []
    for begin, end in iter_words(text, escape, start):
        word = text[begin:end]
        if not word.startswith("--"):
            return flags, begin
        if word == "--":
            return flags, end
        name, _, value = expand(word[2:], None, escape)[0].partition("=")
        flags.append((name, value))
    return flags, len(text)


def expand(
    word: str, lookup: Lookup | None, escape: str = "\\", *, depth: int = 0
) -> tuple[str, bool]:
    """Quote removal and variable substitution of one word: ``(text, complete)``.

    With ``lookup`` None, ``$`` is left alone (quote removal only).  ``complete``
    is False when a reference could not be resolved; it is then kept as written.
    ``depth`` counts the references ``word`` is the default or alternative of.
    """
    out: list[str] = []
    complete = True
    quote = ""
    i = 0
    while i < len(word):
        ch = word[i]
        if quote == "'":
            if ch == "'":
                quote = ""
            else:
                out.append(ch)
            i += 1
        elif ch == escape and i + 1 < len(word):
            nxt = word[i + 1]
            if quote and nxt not in ('"', "$", escape):
                out.append(ch)  # inside double quotes the escape only escapes these
            out.append(nxt)
            i += 2
        elif ch == '"' or (ch == "'" and not quote):
            quote = "" if quote else ch
            i += 1
        elif ch == "$" and lookup is not None:
            text, i, ok = _substitute(word, i, lookup, escape, depth)
            out.append(text)
            complete = complete and ok
        else:
            out.append(ch)
            i += 1
    return "".join(out), complete


def _substitute(
    word: str, i: int, lookup: Lookup, escape: str, depth: int
) -> tuple[str, int, bool]:
    """Expand the reference starting at ``word[i] == "$"``: (text, next offset, complete)."""
    if word.startswith("${", i):
        close = _closing_brace(word, i + 2, i + 2 + MAX_REFERENCE)
        if close < 0:
            if len(word) > i + 2 + MAX_REFERENCE:
                return word[i:], len(word), False
            return "$", i + 1, True
        if depth >= MAX_NESTING:
            return word[i : close + 1], close + 1, False
        text, ok = _braced(word[i + 2 : close], word[i : close + 1], lookup, escape, depth)
        return text, close + 1, ok
    match = _NAME.match(word, i + 1)
    if match is None:
        return "$", i + 1, True
    value = lookup(match.group())
    if value is None:
        return word[i : match.end()], match.end(), False
    return value, match.end(), True


def _closing_brace(word: str, start: int, stop: int) -> int:
    """Offset of the "}" closing a "{" just before ``start``, looked for before ``stop``."""
    depth = 1
    for j in range(start, min(stop, len(word))):
        if word[j] == "{":
            depth += 1
        elif word[j] == "}":
            depth -= 1
            if depth == 0:
                return j
    return -1


def _braced(body: str, raw: str, lookup: Lookup, escape: str, depth: int) -> tuple[str, bool]:
    match = _NAME.match(body)
    if match is None:
        return raw, False
    value = lookup(match.group())
    rest = body[match.end() :]
    if not rest:
        return (raw, False) if value is None else (value, True)
    for op in _OPERATORS:
        if rest.startswith(op):
            return _apply(op, value, rest[len(op) :], lookup, escape, depth + 1)
    # ${VAR?message}, ${VAR#pattern}, ${VAR/a/b}...: not evaluated here
    return raw, False


def _apply(
    op: str, value: str | None, word: str, lookup: Lookup, escape: str, depth: int
) -> tuple[str, bool]:
    # with ':' an empty value counts as unset; an unknown value counts as unset
    # too, since the default is what a build without --build-arg uses
    is_set = bool(value) if op.startswith(":") else value is not None
    if op.endswith("-"):
        return (value or "", True) if is_set else expand(word, lookup, escape, depth=depth)
    return expand(word, lookup, escape, depth=depth) if is_set else ("", True)
