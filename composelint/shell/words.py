"""Bash syntax nodes as the command-line reader's words.

Quote removal follows the grammar's nodes: ``'...'`` is literal, ``"..."`` is
literal apart from its expansions and the escapes ``\\" \\$ \\` \\\\``, an
unquoted backslash escapes the next character, ``$X`` and ``${X:-d}`` stay
variables, and ``$(...)``, backticks and arithmetic are built at run time.
Tree-sitter counts bytes; :class:`Offsets` turns them into code points.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from typing import Any

from composelint.commands.words import LITERAL, RUNTIME, VARIABLE, Piece, Word
from composelint.source import lazy_pattern

_VARIABLES = frozenset({"simple_expansion", "expansion"})
_LITERALS = frozenset({"word", "number", "string_content", "special_character"})
_NON_ASCII = lazy_pattern("[^\x00-\x7f]")
_IN_DOUBLE_QUOTES = frozenset('"$`\\')


class Offsets:
    """Byte offsets of UTF-8 text to code-point offsets."""

    def __init__(self, text: str) -> None:
        self._starts: list[int] = []  # byte offset just past each non-ASCII character
        self._extra: list[int] = []  # bytes beyond one, in total, up to there
        if not text.isascii():
            extra = 0
            for match in _NON_ASCII.finditer(text):
                extra += len(match.group().encode("utf-8", "surrogatepass")) - 1
                self._starts.append(match.end() + extra)
                self._extra.append(extra)

    def __call__(self, byte: int) -> int:
        if not self._starts:
            return byte
        i = bisect_right(self._starts, byte)
        return byte - (self._extra[i - 1] if i else 0)


def word_of(node: Any, data: bytes, at: Callable[[int], int]) -> Word:
    """The word a syntax node of one argument makes."""
    start, end = at(node.start_byte), at(node.end_byte)
    if node.type == "word":
        raw = data[node.start_byte : node.end_byte]
        if b"\\" not in raw:  # most words: plain text, one piece
            return Word(start, end, (Piece(raw.decode("utf-8", "replace"), start, end),))
    pieces: list[Piece] = []
    _pieces(node, data, at, pieces, quoted=False)
    return Word(start, end, tuple(pieces))


def _pieces(
    node: Any, data: bytes, at: Callable[[int], int], out: list[Piece], *, quoted: bool
) -> None:
    kind = node.type
    start, end = node.start_byte, node.end_byte
    if quoted and kind not in _LITERALS:
        # Inside "...", the grammar may start an expansion's node at the blanks before it.
        blanks = len(data[start:end]) - len(data[start:end].lstrip(b" \t\n"))
        if blanks:
            out.append(_piece(data, at, start, start + blanks, LITERAL))
            start += blanks
    if kind in _VARIABLES:
        out.append(_piece(data, at, start, end, VARIABLE))
    elif kind == "raw_string":  # '...'
        out.append(_piece(data, at, start + 1, end - 1, LITERAL))
    elif kind in ("string", "translated_string"):  # "...", $"..."
        opening = 2 if kind == "translated_string" else 1
        _inside(node, data, at, out, start + opening, end - 1)
    elif kind in ("concatenation", "command_name"):
        _inside(node, data, at, out, start, end, quoted=False)
    elif kind in _LITERALS:
        _escaped(data, at, start, end, out, quoted=quoted)
    elif kind == "ansi_c_string":  # $'...': literal, escapes decoded
        raw = data[start + 2 : end - 1].decode("utf-8", "replace")
        text = raw.encode("latin-1", "backslashreplace").decode("unicode_escape", "replace")
        out.append(Piece(text, at(start), at(end), LITERAL, text == raw))
    else:  # $(...), `...`, $((...)), <(...), {a,b}, globs, anything new
        out.append(_piece(data, at, start, end, RUNTIME))


def _inside(
    node: Any,
    data: bytes,
    at: Callable[[int], int],
    out: list[Piece],
    start: int,
    end: int,
    *,
    quoted: bool = True,
) -> None:
    """The pieces of ``[start, end)``: the node's children, and literal text between them."""
    cursor = start
    for child in node.children:
        if child.end_byte <= start or child.start_byte >= end or not child.is_named:
            continue
        if child.start_byte > cursor:
            _escaped(data, at, cursor, child.start_byte, out, quoted=quoted)
        _pieces(child, data, at, out, quoted=quoted)
        cursor = child.end_byte
    if cursor < end:
        _escaped(data, at, cursor, end, out, quoted=quoted)


def _escaped(
    data: bytes, at: Callable[[int], int], start: int, end: int, out: list[Piece], *, quoted: bool
) -> None:
    """Literal text with its backslashes removed (inside double quotes only before
    ``" $ ` \\`` and a newline)."""
    raw = data[start:end]
    if b"\\" not in raw:
        out.append(_piece(data, at, start, end, LITERAL))
        return
    text = raw.decode("utf-8", "replace")
    base = at(start)
    run = 0  # start of the plain run, in text
    i = 0
    while i < len(text):
        if text[i] != "\\" or i + 1 >= len(text):
            i += 1
            continue
        following = text[i + 1]
        if quoted and following not in _IN_DOUBLE_QUOTES and following != "\n":
            i += 2
            continue
        if run < i:
            out.append(Piece(text[run:i], base + run, base + i))
        kept = "" if following == "\n" else following  # a line continuation vanishes
        out.append(Piece(kept, base + i, base + i + 2, LITERAL, False))
        i += 2
        run = i
    if run < len(text):
        out.append(Piece(text[run:], base + run, base + len(text)))


def _piece(data: bytes, at: Callable[[int], int], start: int, end: int, kind: str) -> Piece:
    text = data[start:end].decode("utf-8", "replace")
    return Piece(text, at(start), at(end), kind)


def split_at_blanks(word: Word) -> tuple[Word, ...]:
    """The words an unquoted ``$CMD`` becomes when the shell splits its value at blanks
    (no quote removal happens there, so the value's own quotes stay as they are)."""
    words: list[Word] = []
    current: list[Piece] = []

    def close() -> None:
        if current:
            words.append(Word(current[0].start, current[-1].end, tuple(current)))
            current.clear()

    for piece in word.pieces:
        if piece.kind != LITERAL or not any(c in " \t\n" for c in piece.text):
            current.append(piece)
            continue
        if not piece.linear:  # one escaped blank: a separator
            close()
            continue
        at = 0
        for part in re.split(r"([ \t\n]+)", piece.text):
            if part and part[0] in " \t\n":
                close()
            elif part:
                current.append(Piece(part, piece.start + at, piece.start + at + len(part)))
            at += len(part)
    close()
    return tuple(words)
