"""A command's arguments read straight from the table in ``composelint.cli.spec``.

It reads what typer would read the same way, and answers None for anything else:
help, a short option, an unknown option, a value typer would refuse or convert
differently.  The caller then hands the arguments to the typer application, which
prints the help or the usage error.  So it needs no rule of its own: an option
exists, takes a value, repeats or has choices because the table says so.
"""

from __future__ import annotations

from typing import Any

from composelint.cli.spec import Command, Option, values_type


def parse(command: Command, argv: list[str]) -> Any | None:
    """``command``'s parsed values, or None when typer should read ``argv``."""
    by_flag = {option.flag: option for option in command.options}
    by_short = {option.short: option for option in command.options if option.short}
    given: dict[str, Any] = {}
    positional: list[str] = []
    tokens = iter(argv)
    for token in tokens:
        if token == "--":
            positional.extend(tokens)
            break
        if not token.startswith("-") or token == "-":
            positional.append(token)
            continue
        if token.startswith("--"):
            flag, has_value, value = token.partition("=")
            option = by_flag.get(flag)
        else:  # a short option stands alone: typer reads "-ofile" and "-qs" its own way
            option, has_value, value = by_short.get(token), "", ""
        if option is None:
            return None
        if option.kind is bool:
            if has_value:
                return None  # typer: "does not take a value"
            given[option.dest] = True
            continue
        if not has_value:
            value = next(tokens, None)  # type: ignore[assignment]
            if value is None:
                return None
        converted = _convert(option, value)
        if converted is None:
            return None
        if option.repeatable:
            given.setdefault(option.dest, []).append(converted)
        else:
            given[option.dest] = converted  # the last one given counts, as in typer
    placed = _place(command, positional)
    if placed is None:
        return None
    given.update(placed)
    return values_type(command)(**given)


def _convert(option: Option, value: str) -> Any | None:
    if option.choices:
        return value if value in option.choices else None
    if option.kind is int:
        # Only plain ASCII digits: typer also takes "+3", " 3" or "3_0"; it may read them.
        if not (value.isascii() and value.isdigit()):
            return None
        number = int(value)
        if option.minimum is not None and number < option.minimum:
            return None
        if option.maximum is not None and number > option.maximum:
            return None
        return number
    return value


def _place(command: Command, positional: list[str]) -> dict[str, Any] | None:
    """The positional arguments by name, or None when they do not fit the command's."""
    placed: dict[str, Any] = {}
    rest = list(positional)
    for argument in command.arguments:
        if argument.many:
            placed[argument.dest], rest = rest, []
        elif rest:
            placed[argument.dest] = rest.pop(0)
        else:
            return None  # a missing argument
    return placed if not rest else None
