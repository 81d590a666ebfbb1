"""The typer application, built from the table in ``composelint.cli.spec``.

It answers whatever the fast parser leaves to it: ``--help``, ``--version``, usage
errors (one line on stderr, exit 2) and anything unusual.  Each command's function is
made from its row of the table: typer reads the parameters from the function's
signature, so the signature is built from the table's arguments and options.
"""

from __future__ import annotations

import inspect
import sys
from enum import Enum
from typing import Annotated, Any

import typer

from composelint.cli.spec import (
    APP_HELP,
    BY_NAME,
    COMMANDS,
    HELP_FLAGS,
    PROG,
    VERSION_FLAG,
    VERSION_HELP,
    Argument,
    Command,
    Option,
    values_type,
)

try:  # recent typer carries its own copy of click
    from typer._click.exceptions import ClickException
except ImportError:  # pragma: no cover - older typer on click
    from click.exceptions import ClickException  # type: ignore[no-redef]


def _parameter(entry: Argument | Option) -> inspect.Parameter:
    """The function parameter typer reads ``entry`` from."""
    if isinstance(entry, Argument):
        info = typer.Argument(help=entry.help, metavar=entry.metavar, show_default=False)
        kind: Any = list[str] | None if entry.many else str
        default: object = None if entry.many else inspect.Parameter.empty
    elif entry.kind is bool:
        info = typer.Option(*_names(entry), help=entry.help, show_default=False)
        kind, default = bool, False
    else:
        info = typer.Option(
            *_names(entry),
            help=entry.help,
            metavar=entry.metavar,
            min=entry.minimum,
            max=entry.maximum,
            show_default=entry.shown_default or entry.default is not None,
        )
        kind = Enum(entry.dest, {c: c for c in entry.choices}) if entry.choices else entry.kind
        if entry.repeatable:
            kind = list[kind]
        kind, default = kind | None, entry.default
    return _keyword(entry.dest, kind, default, info)


def _names(option: Option) -> tuple[str, ...]:
    return (option.flag, option.short) if option.short else (option.flag,)


def _keyword(name: str, kind: Any, default: Any, info: Any) -> inspect.Parameter:
    return inspect.Parameter(
        name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=Annotated[kind, info]
    )


def _sign(function: Any, parameters: list[inspect.Parameter]) -> None:
    """Give ``function`` the signature typer reads its parameters from."""
    function.__signature__ = inspect.Signature(parameters)


def _plain(value: Any) -> Any:
    """A value as the fast parser gives it: a choice as its string."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _function(command: Command) -> Any:
    def run(**given: Any) -> None:
        present = {dest: _plain(value) for dest, value in given.items() if value is not None}
        raise typer.Exit(command.run(values_type(command)(**present)))

    run.__name__ = command.name
    run.__doc__ = command.help
    _sign(run, [_parameter(entry) for entry in command.parameters])
    return run


def build(commands: tuple[Command, ...] = COMMANDS) -> typer.Typer:
    """The typer application of ``commands``."""
    app = typer.Typer(
        name=PROG,
        help=APP_HELP,
        add_completion=False,
        context_settings={"help_option_names": list(HELP_FLAGS)},
    )
    version = next(command for command in commands if command.name == "version")

    def print_version(value: bool) -> None:
        if value:
            raise typer.Exit(version.run(values_type(version)()))

    def options(**given: Any) -> None:
        """The application's own options; the callback of --version does its work."""

    flag = typer.Option(VERSION_FLAG, help=VERSION_HELP, is_eager=True, callback=print_version)
    _sign(options, [_keyword("version", bool, False, flag)])
    app.callback()(options)

    for command in commands:
        app.command(command.name, help=command.help)(_function(command))
    return app


APP = build()


def run_app(args: list[str], app: typer.Typer = APP) -> int:
    """Run the typer application on ``args``; the exit code.  A usage error is one line
    on stderr (typer's own display draws a box of several)."""
    try:
        code = app(args=args, prog_name=PROG, standalone_mode=False)
    except ClickException as exc:
        context = getattr(exc, "ctx", None)
        if context is not None:
            where = context.command_path
        else:  # an error of the parser, before a context was made
            where = f"{PROG} {args[0]}" if args and args[0] in BY_NAME else PROG
        message = exc.format_message().replace("\n", " ")
        sys.stderr.write(f"{PROG}: error: {message} (see '{where} --help')\n")
        return exc.exit_code
    return code if isinstance(code, int) else 0
