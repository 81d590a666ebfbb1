"""The words of one command line, as every reader of command lines hands them over.

A word is the text one argument has after quote removal, in pieces: literal text,
a variable (``$PORT``, ``${BIND:-0.0.0.0}``), or something only the running shell
knows (``$(...)``, backticks, arithmetic).  Each piece knows where its text was
written, so a position in the word's text maps back to the file (an editor inserts
``127.0.0.1:`` inside the quotes of ``-p "8080:80"``).  Offsets are code points.
"""

from __future__ import annotations

from dataclasses import dataclass

from composelint.source import lazy_pattern

LITERAL = "literal"
VARIABLE = "variable"
RUNTIME = "runtime"  # command or process substitution, arithmetic, globs: built at run time

_BRACED = lazy_pattern(r"^\$\{#?(?P<name>[A-Za-z_][A-Za-z0-9_]*|[0-9@*#?$!-])(?P<op>:?[-=?+])?")


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of a word's text and where it was written.

    ``linear``: each character of ``text`` is one character of the file from
    ``start`` (a literal with no escapes, or a variable kept as written).
    """

    text: str
    start: int
    end: int
    kind: str = LITERAL
    linear: bool = True

    @property
    def variable(self) -> VarUse | None:
        return var_use(self) if self.kind == VARIABLE else None


@dataclass(frozen=True, slots=True)
class VarUse:
    """One variable in a word, read as ``model.container.binding`` reads compose's:
    its name, its operator and the default's place in the file."""

    name: str
    operator: str | None  # None, ":-", "-", ":=", "=", ":?", "?", ":+", "+"
    argument: str | None
    argument_start: int | None  # code-point offsets of the argument in the file
    argument_end: int | None
    is_set: bool = False  # a script's variables are unknown until it runs


def var_use(piece: Piece) -> VarUse:
    text = piece.text
    if not text.startswith("${"):
        return VarUse(text[1:], None, None, None, None)
    match = _BRACED.match(text)
    if match is None:
        return VarUse(text, None, None, None, None)
    op = match.group("op")
    if op is None or not text.endswith("}"):
        return VarUse(match.group("name"), None, None, None, None)
    begin = match.end()
    argument = text[begin:-1]
    start = piece.start + begin if piece.linear else None
    end = start + len(argument) if start is not None else None
    return VarUse(match.group("name"), op, argument, start, end)


@dataclass(frozen=True, slots=True)
class Word:
    """One argument: its pieces, and the span of its raw text (quotes included)."""

    start: int
    end: int
    pieces: tuple[Piece, ...]

    @property
    def text(self) -> str:
        """The text after quote removal, variables kept as written (``$PORT:80``)."""
        return "".join(p.text for p in self.pieces)

    @property
    def value(self) -> str | None:
        """The static value, or None when part of it is known only when the script runs."""
        if all(p.kind == LITERAL for p in self.pieces):
            return self.text
        return None

    @property
    def runtime(self) -> bool:
        """Part of the word is built at run time (``$(...)``, backticks, a glob)."""
        return any(p.kind == RUNTIME for p in self.pieces)

    @property
    def variables(self) -> tuple[VarUse, ...]:
        return tuple(var_use(p) for p in self.pieces if p.kind == VARIABLE)

    def pieces_in(self, begin: int, end: int) -> tuple[Piece, ...]:
        """The pieces overlapping ``[begin, end)`` of :attr:`text`."""
        found = []
        at = 0
        for piece in self.pieces:
            stop = at + len(piece.text)
            if stop > begin and at < end:
                found.append(piece)
            at = stop
        return tuple(found)

    def offset(self, index: int) -> int | None:
        """The file offset of position ``index`` of :attr:`text` (an insertion point),
        or None where the text there is not written one character per character.
        Between two pieces it is the start of the later one (inside its quotes)."""
        at = 0
        for piece in self.pieces:
            size = len(piece.text)
            if index < at + size or (index == at + size and piece is self.pieces[-1]):
                k = index - at
                if piece.linear:
                    return piece.start + k
                return piece.start if k == 0 else piece.end if k == size else None
            at += size
        return self.start if index == 0 else None

    def span(self, begin: int, end: int) -> tuple[int, int] | None:
        """The file span of ``[begin, end)`` of :attr:`text` when one literal piece wrote
        it character by character (it can be replaced in place), else None."""
        at = 0
        for piece in self.pieces:
            size = len(piece.text)
            if at <= begin and end <= at + size and begin < at + size:
                if piece.kind != LITERAL or not piece.linear:
                    return None
                return piece.start + begin - at, piece.start + end - at
            at += size
        return None


def literal_word(text: str, start: int = 0) -> Word:
    """A word written as plain text at ``start`` (tests and simple readers)."""
    return Word(start, start + len(text), (Piece(text, start, start + len(text)),))
