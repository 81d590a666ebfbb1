"""Shell text embedded in another file: a Makefile's recipes, a Markdown fence's body.

The host file's reader assembles the text the shell would run from *stretches* of
the host file and parses it with the bash grammar; the words found there are moved
back to the host file's offsets, so the findings and fixes point into the host file
and an edit never lands outside the stretch it belongs to.

A stretch is either written as is (``linear``: its text is the host's text at
``start``, character by character: a fence's line, a recipe line without its tab)
or stands for a stretch of the host written otherwise (a Makefile's ``$$`` that
the shell sees as ``$``, a make variable's value spliced in where ``$(VAR)`` was
written): its text maps to ``[start, end)`` as a whole.  ``ref`` is where the text
stands in the line that uses it (a spliced value's ``$(VAR)``), which is what a
word's span is made of, so a fix replacing whole words never reaches into a
definition written elsewhere.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from composelint.commands.words import LITERAL, Piece, Word

if TYPE_CHECKING:
    from composelint.commands import Launch
    from composelint.diagnostics import Diagnostic
    from composelint.model.container import Project
    from composelint.shell.script import Command, Comment, Script
    from composelint.source import Source


@dataclass(frozen=True, slots=True)
class Stretch:
    text: str  # what the shell sees
    start: int  # where it was written in the host file (code points)
    end: int
    linear: bool = True  # text == host[start:end]
    ref: tuple[int, int] | None = None  # its place in the using line; None: [start, end)

    @property
    def at(self) -> tuple[int, int]:
        return self.ref if self.ref is not None else (self.start, self.end)


def written(text: str, start: int) -> Stretch:
    """Host text taken as is."""
    return Stretch(text, start, start + len(text))


class ShellText:
    """Shell text made of host stretches, and the way back from its offsets."""

    __slots__ = ("stretches", "text", "_starts", "partial")

    def __init__(self, stretches: Iterable[Stretch]) -> None:
        self.stretches = tuple(s for s in stretches if s.text)
        self.text = "".join(s.text for s in self.stretches)
        self._starts: list[int] = []
        at = 0
        for stretch in self.stretches:
            self._starts.append(at)
            at += len(stretch.text)
        # The places of stretches standing for other text that a word covers only in
        # part (one of the words a variable's value makes): no fix may edit there.
        self.partial: set[tuple[int, int]] = set()

    def _find(self, offset: int) -> int:
        return max(0, bisect_right(self._starts, offset) - 1)

    def start_of(self, offset: int, *, ref: bool = True) -> int:
        """The host offset where the character at ``offset`` of the text was written."""
        if not self.stretches:
            return 0
        if offset >= len(self.text):
            last = self.stretches[-1]
            return last.at[1] if ref else last.end
        i = self._find(offset)
        stretch = self.stretches[i]
        if stretch.linear and (not ref or stretch.ref is None):
            return stretch.start + offset - self._starts[i]
        return stretch.at[0] if ref else stretch.start

    def end_of(self, offset: int, *, ref: bool = True) -> int:
        """The host offset just past the character before ``offset``."""
        if offset <= 0 or not self.stretches:
            return self.start_of(0, ref=ref)
        i = self._find(offset - 1)
        stretch = self.stretches[i]
        if stretch.linear and (not ref or stretch.ref is None):
            return stretch.start + offset - self._starts[i]
        return stretch.at[1] if ref else stretch.end

    def word(self, word: Word) -> Word:
        """``word`` (offsets into :attr:`text`) with the host file's offsets."""
        pieces: list[Piece] = []
        for piece in word.pieces:
            pieces.extend(self._pieces(piece))
        self._note_partial(word.start, word.end)
        return Word(self.start_of(word.start), self.end_of(word.end), tuple(pieces))

    def _note_partial(self, start: int, end: int) -> None:
        if start >= end:
            return
        for i in range(self._find(start), len(self.stretches)):
            begin = self._starts[i]
            if begin >= end:
                break
            stretch = self.stretches[i]
            if stretch.ref is None and stretch.linear:
                continue
            if begin < start or begin + len(stretch.text) > end:
                self.partial.add(stretch.at)

    def _pieces(self, piece: Piece) -> list[Piece]:
        start, end = piece.start, piece.end
        i = self._find(start)
        stretch = self.stretches[i] if self.stretches else None
        within = (
            stretch is not None and stretch.linear and end - self._starts[i] <= len(stretch.text)
        )
        if within and stretch is not None:  # the common case: one stretch, as written
            base = stretch.start - self._starts[i]
            return [Piece(piece.text, start + base, end + base, piece.kind, piece.linear)]
        if piece.kind != LITERAL or not piece.linear:
            return [
                Piece(
                    piece.text,
                    self.start_of(start, ref=False),
                    self.end_of(end, ref=False),
                    piece.kind,
                    False,
                )
            ]
        out: list[Piece] = []  # a literal over several stretches: a piece for each
        for j in range(i, len(self.stretches)):
            begin = self._starts[j]
            if begin >= end:
                break
            stretch = self.stretches[j]
            lo, hi = max(start, begin), min(end, begin + len(stretch.text))
            text = piece.text[lo - start : hi - start]
            if stretch.linear:
                base = stretch.start - begin
                out.append(Piece(text, lo + base, hi + base))
            else:
                out.append(Piece(text, stretch.start, stretch.end, LITERAL, False))
        return out


def sliced(stretches: list[Stretch], lo: int, hi: int) -> list[Stretch]:
    """The stretches making ``[lo, hi)`` of their joined text."""
    out: list[Stretch] = []
    at = 0
    for stretch in stretches:
        size = len(stretch.text)
        a, b = max(lo, at), min(hi, at + size)
        if a < b:
            text = stretch.text[a - at : b - at]
            if stretch.linear:
                start = stretch.start + a - at
                out.append(Stretch(text, start, start + len(text), True, stretch.ref))
            else:
                out.append(Stretch(text, stretch.start, stretch.end, False, stretch.ref))
        at += size
        if at >= hi:
            break
    return out


class Document:
    """Shell text embedded in a host file (a Makefile, a Markdown file), read as one
    script of the host file: what the run's side needs of any reader's result.

    ``frozen``: host spans no fix may edit (a variable's definition that other lines
    use too, a ``$(VAR)`` only part of whose value a word holds); ``blocks``: spans a
    suppression comment on the line above covers as a whole (a Markdown fence)."""

    __slots__ = ("script", "comments", "frozen", "blocks", "example")

    def __init__(
        self,
        script: Script,
        comments: tuple[Comment, ...] = (),
        frozen: frozenset[tuple[int, int]] = frozenset(),
        blocks: tuple[tuple[int, int], ...] = (),
        *,
        example: bool = False,
    ) -> None:
        self.script = script
        self.comments = tuple(sorted((*script.comments, *comments), key=lambda c: c.start))
        self.frozen = frozen
        self.blocks = blocks
        self.example = example  # documentation: what it shows, a reader copies

    @property
    def source(self) -> Source:
        return self.script.source

    @property
    def launches(self) -> tuple[Launch, ...]:
        return self.script.launches

    @property
    def commands(self) -> tuple[Command, ...]:
        return self.script.commands

    @property
    def targets(self) -> tuple[tuple[int, int], ...]:
        return self.script.targets

    @property
    def project(self) -> Project:
        return self.script.project

    @property
    def note(self) -> Diagnostic | None:
        return self.script.note
