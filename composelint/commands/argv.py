"""Options of a command line, in every spelling, and the first word that is none.

``-p 80:80``, ``-p80:80``, ``--publish 80:80``, ``--publish=80:80``, ``-dit``,
``-dp80:80``; ``--`` ends the options.  Each option keeps the word its value is in
and where the value starts there, so a fix edits the value in place.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from composelint.commands.flags import OptionTable
from composelint.commands.words import LITERAL, VARIABLE, Word
from composelint.source import lazy_pattern

# A variable standing for several options (``$DOCKER_OPTS``, ``"${ARGS[@]}"``, ``$@``).
_OPTIONS_NAME = lazy_pattern(r"OPT|ARG|FLAG|PARAM|EXTRA", re.IGNORECASE)
_LIST_EXPANSION = lazy_pattern(r"^\$(?:\{[^}]*\[[@*]\][^}]*\}|[@*]|\{[@*]\})$")


@dataclass(frozen=True, slots=True)
class Option:
    """One option: its long name, the word of the flag, and its value's word and start."""

    name: str
    flag: Word
    value_word: Word | None = None
    offset: int = 0  # where the value starts in ``value_word.text``
    joined: bool = False  # the value shares the flag's word (``-p80:80``, ``--publish=80:80``)

    @property
    def text(self) -> str | None:
        """The value as written after quote removal (variables kept), or None (a switch)."""
        return None if self.value_word is None else self.value_word.text[self.offset :]

    @property
    def switch_on(self) -> bool:
        """A switch given as ``--rm``, ``-d`` or ``--rm=true``: not ``--rm=false``."""
        return self.value_word is None or (self.text or "").lower() not in ("false", "0")


@dataclass(frozen=True, slots=True)
class Scanned:
    options: tuple[Option, ...]
    rest: tuple[Word, ...]  # the first positional word and everything after it
    opaque: bool  # a variable stood for options: the scan may have missed some


def scan(words: Sequence[Word], table: OptionTable) -> Scanned:
    """The options at the start of ``words`` and the words from the first positional on."""
    options: list[Option] = []
    opaque = False
    i = 0
    while i < len(words):
        word = words[i]
        text = word.text
        if text == "--":
            return Scanned(tuple(options), tuple(words[i + 1 :]), opaque)
        if _stands_for_options(word) and i + 1 < len(words):
            opaque = True
            i += 1
            continue
        if not text.startswith("-") or text == "-" or not _flag_is_literal(word):
            break
        following = words[i + 1] if i + 1 < len(words) else None
        if text.startswith("--"):
            name, eq, _value = text[2:].partition("=")
            if eq:
                options.append(Option(name, word, word, len(name) + 3, joined=True))
            elif table.takes_value(name) and following is not None:
                options.append(Option(name, word, following))
                i += 1
            else:
                options.append(Option(name, word))
            i += 1
            continue
        consumed = _short_cluster(word, following, table, options)
        i += 1 + consumed
    return Scanned(tuple(options), tuple(words[i:]), opaque)


def _short_cluster(
    word: Word, following: Word | None, table: OptionTable, options: list[Option]
) -> int:
    """Read ``-dit`` / ``-p80:80`` / ``-dp 80:80``; return how many more words it used."""
    text = word.text
    for j in range(1, len(text)):
        letter = text[j]
        name = table.long(letter)
        if table.takes_value(letter):
            if j + 1 < len(text):
                offset = j + 1 + (text[j + 1] == "=")
                options.append(Option(name, word, word, offset, joined=True))
                return 0
            if following is None:
                options.append(Option(name, word))
                return 0
            options.append(Option(name, word, following))
            return 1
        options.append(Option(name, word))
    return 0


def _flag_is_literal(word: Word) -> bool:
    """The flag part of a word is written out (``-p$PORT:80`` is; ``$X`` is not)."""
    first = word.pieces[0] if word.pieces else None
    return first is not None and first.kind == LITERAL


def _stands_for_options(word: Word) -> bool:
    """A word that is one unquoted-looking variable standing for several options."""
    if len(word.pieces) != 1 or word.pieces[0].kind != VARIABLE:
        return False
    text = word.pieces[0].text
    if _LIST_EXPANSION.match(text):
        return True
    name = text.lstrip("${").split("[")[0].split(":")[0].rstrip("}")
    return bool(_OPTIONS_NAME.search(name))
