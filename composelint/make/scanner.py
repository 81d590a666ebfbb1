"""A Makefile's structure, line by line: recipe lines, variable definitions, comments.

There is no well-kept Python parser of Makefiles, and composelint needs little of
make's grammar: which lines are recipes (the shell runs them), what each variable
is defined as, and where comments are.  This scanner follows GNU make's rules for
those: a line starting with a tab after a rule line is a recipe line (blank lines,
comments and conditionals do not end the rule); a backslash at the end of a line
continues it; ``define NAME`` … ``endef`` is a variable's value, never run unless a
recipe uses it; ``target: ; cmd`` has a recipe after its semicolon.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from composelint.source import lazy_pattern

_ASSIGN = lazy_pattern(
    r"[ \t]*(?:(?:export|override|private)[ \t]+)*"
    r"(?P<name>[^\s:#=$()?+!]+)[ \t]*(?P<op>:::=|::=|:=|\?=|\+=|!=|=)(?P<value>.*)",
    re.DOTALL,
)
_DEFINE = lazy_pattern(
    r"[ \t]*(?:(?:export|override)[ \t]+)*define[ \t]+(?P<name>[^\s:#=]+)[ \t]*"
    r"(?P<op>:::=|::=|:=|\?=|\+=|!=|=)?[ \t]*$"
)
_ENDEF = lazy_pattern(r"[ \t]*endef\b")
_CONDITIONAL = lazy_pattern(r"[ \t]*(?:ifeq|ifneq|ifdef|ifndef|else|endif)\b")
_DIRECTIVE = lazy_pattern(r"[ \t]*-?(?:include|sinclude|vpath|export|unexport)\b")


@dataclass(frozen=True, slots=True)
class Line:
    """A stretch of one physical line: its text (no newline) and where it starts."""

    text: str
    start: int


@dataclass(frozen=True, slots=True)
class Recipe:
    """One recipe line, continuation lines included: each physical line's text after
    the tab make removes (a first line's prefixes ``@ - +`` still in place)."""

    lines: tuple[Line, ...]


@dataclass(frozen=True, slots=True)
class Definition:
    """``NAME op value`` (``target: NAME op value`` too), or a ``define`` block."""

    name: str
    op: str
    value: tuple[Line, ...]  # the value's lines (a continued line: each part)
    block: bool  # define … endef: its lines are separate lines
    start: int  # where the definition starts


@dataclass(frozen=True, slots=True)
class MakeComment:
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Structure:
    recipes: tuple[Recipe, ...]
    definitions: tuple[Definition, ...]
    comments: tuple[MakeComment, ...]


def _physical(text: str) -> list[Line]:
    lines: list[Line] = []
    at = 0
    for raw in text.split("\n"):
        body = raw[:-1] if raw.endswith("\r") else raw
        lines.append(Line(body, at))
        at += len(raw) + 1
    return lines


def _continued(text: str) -> bool:
    return (len(text) - len(text.rstrip("\\"))) % 2 == 1


def _strip_comment(line: Line) -> Line:
    """A make line without its ``# comment`` (``\\#`` is a literal hash)."""
    text = line.text
    i = 0
    while True:
        i = text.find("#", i)
        if i < 0:
            return line
        if i == 0 or text[i - 1] != "\\":
            return Line(text[:i], line.start)
        i += 1


def _rule_colon(text: str) -> int:
    """The offset of the colon that makes ``text`` a rule line, or -1."""
    depth = 0
    for i, char in enumerate(text):
        if char in "({":
            depth += 1
        elif char in ")}":
            depth = max(0, depth - 1)
        elif char == "#" and (i == 0 or text[i - 1] != "\\"):
            return -1
        elif char == ":" and depth == 0:
            if text[i + 1 : i + 2] == "=":
                return -1
            return i
        elif char == "=" and depth == 0:
            return -1
    return -1


def scan(text: str) -> Structure:
    """The recipe lines, variable definitions and comments of a Makefile's ``text``."""
    lines = _physical(text)
    recipes: list[Recipe] = []
    definitions: list[Definition] = []
    comments: list[MakeComment] = []
    in_rule = False
    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        body = line.text
        if in_rule and body.startswith("\t"):
            parts = [Line(body[1:], line.start + 1)]
            while _continued(parts[-1].text) and i + 1 < n:
                i += 1
                nxt = lines[i]
                skip = 1 if nxt.text.startswith("\t") else 0
                parts.append(Line(nxt.text[skip:], nxt.start + skip))
            recipes.append(Recipe(tuple(parts)))
            i += 1
            continue
        stripped = body.strip()
        if not stripped:
            i += 1
            continue
        if stripped.startswith("#"):
            lead = len(body) - len(body.lstrip())
            comments.append(MakeComment(body[lead:], line.start + lead, line.start + len(body)))
            i += 1
            continue
        define = _DEFINE.match(body)
        if define is not None:
            i = _define(lines, i, define, definitions)
            in_rule = False
            continue
        parts = [line]
        while _continued(parts[-1].text) and i + 1 < n:
            i += 1
            parts.append(lines[i])
        i += 1
        if _CONDITIONAL.match(body):
            continue
        in_rule = _logical(parts, definitions, recipes, in_rule)
    return Structure(tuple(recipes), tuple(definitions), tuple(comments))


def _define(lines: list[Line], i: int, match: re.Match[str], out: list[Definition]) -> int:
    start = lines[i].start
    depth = 1
    j = i + 1
    while j < len(lines):
        if _DEFINE.match(lines[j].text):
            depth += 1
        elif _ENDEF.match(lines[j].text):
            depth -= 1
            if depth == 0:
                break
        j += 1
    out.append(
        Definition(
            match.group("name"), match.group("op") or "=", tuple(lines[i + 1 : j]), True, start
        )
    )
    return j + 1


def _logical(
    parts: list[Line], definitions: list[Definition], recipes: list[Recipe], in_rule: bool
) -> bool:
    """Read one logical line that is not a recipe line; whether a rule starts (or goes on)."""
    first = parts[0]
    assign = _ASSIGN.match(first.text)
    if assign is not None:
        definitions.append(_definition(assign, parts, 0))
        return False
    if _DIRECTIVE.match(first.text):
        return False
    colon = _rule_colon(first.text)
    if colon < 0:
        return False
    rest = first.text[colon + 1 :]
    skip = colon + 1
    if rest.startswith(":"):
        rest, skip = rest[1:], skip + 1
    assign = _ASSIGN.match(rest)
    if assign is not None and _rule_colon(rest) < 0:  # target: NAME ?= value
        definitions.append(_definition(assign, parts, skip))
        return in_rule
    semicolon = rest.find(";")
    if semicolon >= 0:  # target: prerequisites ; recipe
        at = skip + semicolon + 1
        inline = [Line(first.text[at:], first.start + at), *parts[1:]]
        recipes.append(Recipe(tuple(inline)))
    return True


def _definition(match: re.Match[str], parts: list[Line], skip: int) -> Definition:
    first = parts[0]
    begin = skip + match.start("value")
    value_text = first.text[begin:]
    lead = len(value_text) - len(value_text.lstrip(" \t"))
    value = [Line(first.text[begin + lead :], first.start + begin + lead), *parts[1:]]
    value[-1] = _strip_comment(value[-1])
    if len(value) == 1:
        value[0] = Line(value[0].text.rstrip(" \t"), value[0].start)
    return Definition(match.group("name"), match.group("op"), tuple(value), False, first.start)
