"""Where an option's value was written: the node and origin the model carries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from composelint.commands.argv import Option
from composelint.commands.words import VarUse, Word
from composelint.model.container import Located
from composelint.model.origin import Origin, Path
from composelint.source import Source


@dataclass(frozen=True, slots=True)
class TextSpan:
    """A stretch of the file: a whole command line, or a container's command words."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class ValueNode:
    """An option's value: ``word.text[offset:]``, at ``[start, end)`` of the file.

    ``start`` is inside the quotes of a quoted value (``-p "8080:80"``), so an
    insertion there stays part of the word."""

    word: Word
    offset: int
    start: int
    end: int
    # Which command wrote it: "container" (run/create), "compose" (``docker compose
    # run``) or "service" (``docker service create``, whose publish has no host address).
    form: str = "container"

    @property
    def has_address(self) -> bool:
        """A publish here can be bound to an address."""
        return self.form != "service"

    @property
    def text(self) -> str:
        return self.word.text[self.offset :]


@dataclass(frozen=True, slots=True)
class Expansions:
    """What ``Origin.interpolated`` holds for a command-line value: the variables that
    decide it (for a publish, those of its host address only) and whether it depends
    on the environment (a variable with no default)."""

    variables: tuple[VarUse, ...]
    depends_on_env: bool


def value_node(option: Option, form: str = "container") -> ValueNode | None:
    word = option.value_word
    if word is None:
        return None
    start = word.offset(option.offset)
    end = word.offset(len(word.text))  # before a closing quote
    return ValueNode(
        word,
        option.offset,
        word.start if start is None else start,
        word.end if end is None else end,
        form,
    )


def expansions(variables: tuple[VarUse, ...]) -> Expansions | None:
    if not variables:
        return None
    unset = any(v.operator in (None, ":?", "?", ":+", "+") for v in variables)
    return Expansions(variables, unset)


def origin_of(
    source: Source, option: Option, form: str = "container", interpolated: Any = ...
) -> Origin:
    """The origin of ``option``'s value (the flag itself for a switch)."""
    node = value_node(option, form)
    if node is None:
        return Origin(source, option.flag)
    if interpolated is ...:
        interpolated = expansions(node.word.variables)
    return Origin(source, node, option.flag, (), interpolated)


def located(
    source: Source, option: Option, value: Any, path: Path, form: str = "container"
) -> Located[Any]:
    return Located(value, origin_of(source, option, form), path)
