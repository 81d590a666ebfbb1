"""A Makefile's recipe lines as shell text, with make's own expansions done first.

Make expands a recipe line before the shell sees it: ``$$`` is a ``$``, ``$(VAR)``
and ``${VAR}`` are the variable's value, ``$(shell …)`` and other functions are
known only when make runs.  A variable defined once in the file (not with ``+=`` or
``!=``, and with no function in its value) is replaced by its value, so the launch
is judged on what it runs; its value keeps its own place in the file, so a fix may
edit the definition, but only when this is the one line in the file that uses the
variable (elsewhere the fix would change other commands too).  A value used by
several lines stands where ``$(VAR)`` is written: a fix can insert before or after
it, never inside.  Any other variable is what the shell calls ``${VAR}``: unknown
until the command runs.  A ``define`` block used as a recipe line is one recipe
line per line of the block, each with its own prefixes.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from composelint.make.scanner import Definition, Line, Recipe, Structure, scan
from composelint.shell import MAX_SCRIPT_BYTES, Comment, read_embedded, screen_make_launches
from composelint.shell.embedded import Document, ShellText, Stretch, sliced
from composelint.source import Source, lazy_pattern

MAX_MAKEFILE_BYTES = MAX_SCRIPT_BYTES
MAX_PARSE_SECONDS = 5.0  # for all the recipe lines of one Makefile
MAX_EXPANSION = 64 * 1024  # characters a recipe line may grow to by its variables
MAX_NESTING = 8  # variables within variables
_REFERENCE = lazy_pattern(r"\$[({]([A-Za-z_][A-Za-z0-9_.-]*)[)}]")
_NAME = lazy_pattern(r"[A-Za-z_][A-Za-z0-9_.-]*")
_SHELL_NAME = lazy_pattern(r"[A-Za-z_][A-Za-z0-9_]*")
# $(shell …), $(if …), $(call …); not $$(cmd …), which the shell runs
_FUNCTION = lazy_pattern(r"(?<!\$)(?:\$\$)*\$[({][a-z-]+[ \t]")
_PAIRS = {"(": ")", "{": "}"}
_PREFIXES = " \t@-+"


def read_makefile(source: Source) -> Document:
    """The recipe lines of ``source`` read as one script (parsed whatever the screen says)."""
    text = source.text
    structure = scan(text)
    expander = _Expander(text, structure)
    texts: list[ShellText] = []
    for recipe in structure.recipes:
        texts.extend(expander.recipe(recipe))
    script = read_embedded(source, texts, MAX_PARSE_SECONDS)
    frozen = set(expander.frozen)
    for shell_text in texts:
        frozen.update(shell_text.partial)
    comments = tuple(Comment(c.text, c.start, c.end, True) for c in structure.comments)
    return Document(script, comments, frozenset(frozen))


def screen_makefile(text: str) -> bool:
    """Whether a recipe may start a container (a runtime or a variable, then ``run`` or
    ``create`` after options; or a variable defined as ``run``): only then is the
    Makefile parsed."""
    return screen_make_launches(text)


class _Expander:
    def __init__(self, text: str, structure: Structure) -> None:
        self.definitions: dict[str, list[Definition]] = {}
        for definition in structure.definitions:
            self.definitions.setdefault(definition.name, []).append(definition)
        self.uses = Counter(_REFERENCE.findall(text))
        self.frozen: set[tuple[int, int]] = set()  # definitions several lines use
        self.budget = 0

    def recipe(self, recipe: Recipe) -> list[ShellText]:
        """The shell texts of one recipe line (several when a ``define`` block made it)."""
        stretches: list[Stretch] = []
        self.budget = MAX_EXPANSION
        for k, part in enumerate(recipe.lines):
            self._expand(part, 0, stretches)
            if k + 1 < len(recipe.lines):
                end = part.start + len(part.text)
                stretches.append(Stretch("\n", end, end + 1, True))
        joined = "".join(s.text for s in stretches)
        out: list[ShellText] = []
        lo = 0
        for match in re.finditer(r"(?<!\\)\n", joined):
            out.extend(self._line(stretches, joined, lo, match.start()))
            lo = match.end()
        out.extend(self._line(stretches, joined, lo, len(joined)))
        return out

    def _line(self, stretches: list[Stretch], joined: str, lo: int, hi: int) -> list[ShellText]:
        while lo < hi and joined[lo] in _PREFIXES:  # @ silent, - ignore errors, + always
            lo += 1
        if lo >= hi:
            return []
        return [ShellText(sliced(stretches, lo, hi))]

    def _expand(self, line: Line, depth: int, out: list[Stretch]) -> None:
        text, base = line.text, line.start
        plain = 0
        i = 0
        while True:
            j = text.find("$", i)
            if j < 0 or j + 1 >= len(text):
                break
            if plain < j:
                out.append(Stretch(text[plain:j], base + plain, base + j))
            char = text[j + 1]
            if char == "$":
                out.append(Stretch("$", base + j, base + j + 2, False))
                i = j + 2
            elif char in _PAIRS:
                close = _closing(text, j + 1)
                if close < 0:  # unclosed: make would fail; kept as written
                    plain = j
                    break
                inner = text[j + 2 : close]
                if _NAME.fullmatch(inner):
                    self._reference(inner, base + j, base + close + 1, depth, out)
                else:  # a function or a substitution reference: only make knows
                    out.append(Stretch("$(:)", base + j, base + close + 1, False))
                i = close + 1
            else:  # $@, $<, $X
                self._reference(char, base + j, base + j + 2, depth, out)
                i = j + 2
            plain = i
        if plain < len(text):
            out.append(Stretch(text[plain:], base + plain, base + len(text)))

    def _usable(self, name: str) -> Definition | None:
        found = self.definitions.get(name, [])
        if len(found) != 1:
            return None
        definition = found[0]
        if definition.op in ("+=", "!="):
            return None
        if any(_FUNCTION.search(line.text) for line in definition.value):
            return None
        return definition

    def _reference(self, name: str, start: int, end: int, depth: int, out: list[Stretch]) -> None:
        definition = self._usable(name) if depth < MAX_NESTING else None
        value: list[Stretch] = []
        if definition is not None:
            self._value(definition, depth + 1, value)
            size = sum(len(s.text) for s in value)
            if size > self.budget:
                definition = None
            else:
                self.budget -= size
        if definition is None:  # unknown until make runs: a variable to the shell
            shown = name if _SHELL_NAME.fullmatch(name) else "_"
            out.append(Stretch(f"${{{shown}}}", start, end, False))
            return
        if self.uses[name] <= 1:  # this line alone uses it: its definition may be edited
            out.extend(replace(s, ref=(start, end)) for s in value)
            return
        for line in definition.value:
            self.frozen.add((line.start, line.start + len(line.text)))
        out.append(Stretch("".join(s.text for s in value), start, end, False))

    def _value(self, definition: Definition, depth: int, out: list[Stretch]) -> None:
        lines = definition.value
        for k, line in enumerate(lines):
            if k and definition.block:
                out.append(Stretch("\n", line.start - 1, line.start, True))
            elif k:  # a continued line: make joins the parts with one space
                previous = lines[k - 1]
                out.append(Stretch(" ", previous.start + len(previous.text) - 1, line.start, False))
            text = line.text
            if not definition.block and k + 1 < len(lines):
                text = text[:-1].rstrip(" \t")  # the backslash, and blanks before it
            if not definition.block and k:
                lead = len(text) - len(text.lstrip(" \t"))
                line = Line(text[lead:], line.start + lead)
            else:
                line = Line(text, line.start)
            self._expand(line, depth, out)


def _closing(text: str, at: int) -> int:
    """The offset of the bracket closing the one at ``at``, or -1."""
    opening = text[at]
    closing = _PAIRS[opening]
    depth = 0
    for i in range(at, len(text)):
        if text[i] == opening:
            depth += 1
        elif text[i] == closing:
            depth -= 1
            if depth == 0:
                return i
    return -1
