"""The command line, declared once: its commands, their arguments and options.

Two things are built from this table and nothing else: the typer application
(``composelint.cli.app``: help, usage errors, anything unusual) and the parser of a
plain invocation (``composelint.cli.fast``), which runs a command without importing
typer: that import costs more start-up than checking one file (the one-file cold check
of ``bench/run.py`` took 184.7 ms through typer, 93.7 ms without it), and a pre-commit
hook starts composelint once per run.  The table itself imports nothing heavy.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from msgspec import Struct, defstruct, field

from composelint.cli import commands

PROG = "composelint"
APP_HELP = "Find and fix what exposes or over-privileges a docker compose stack."
HELP_FLAGS = ("-h", "--help")
VERSION_FLAG = "--version"  # the same as the `version` command
VERSION_HELP = "Print the version and exit."
DEFAULT_COMMAND = "check"  # what `composelint PATHS` runs
OUTPUT_FORMATS = ("text", "json", "sarif", "github", "junit", "gitlab", "checkstyle")


class Option(Struct, frozen=True):
    flag: str
    dest: str  # the attribute of the parsed values
    help: str
    kind: type = bool  # bool: a flag, given or not; str or int: takes a value
    default: Any = None  # the value when not given (a flag's is False)
    choices: tuple[str, ...] = ()
    repeatable: bool = False  # may be given again; the values are a list
    minimum: int | None = None
    maximum: int | None = None
    metavar: str | None = None
    shown_default: str | None = None  # what help names as the default when it is None
    short: str | None = None  # a one-letter alias: "-o"

    def absent(self) -> Any:
        if self.kind is bool:
            return False
        return [] if self.repeatable else self.default


class Argument(Struct, frozen=True):
    dest: str
    help: str
    metavar: str
    many: bool = False  # zero or more, a list; else exactly one

    def absent(self) -> Any:
        return [] if self.many else None


class Command(Struct, frozen=True):
    name: str
    help: str
    run: Callable[[Any], int]  # takes the parsed values, returns the exit code
    arguments: tuple[Argument, ...] = ()
    options: tuple[Option, ...] = ()

    @property
    def parameters(self) -> tuple[Argument | Option, ...]:
        return (*self.arguments, *self.options)


COMMANDS: tuple[Command, ...] = (
    Command(
        "check",
        "Check compose files and Dockerfiles (the default command).",
        commands.check,
        arguments=(Argument("paths", "Files or directories (default: .).", "PATHS", many=True),),
        options=(
            Option("--fix", "fix", "Apply safe fixes and write the files."),
            Option("--unsafe-fixes", "unsafe_fixes", "Also apply fixes marked unsafe."),
            Option("--diff", "diff", "Print the fixes as a unified diff; write nothing."),
            Option("--show-fixes", "show_fixes", "List the fixes that were applied."),
            Option(
                "--output-format",
                "output_format",
                "How to print results.",
                str,
                "text",
                choices=OUTPUT_FORMATS,
            ),
            Option(
                "--output-file",
                "output_file",
                "Write the results to this file, not standard output.",
                str,
                metavar="FILE",
                short="-o",
            ),
            Option(
                "--exit-zero",
                "exit_zero",
                "Exit 0 even when there are findings (2 still means composelint failed).",
            ),
            Option(
                "--quiet",
                "quiet",
                "Print the findings only: no summary, progress or notes.",
                short="-q",
            ),
            Option(
                "--silent",
                "silent",
                "Print nothing; only the exit code tells.",
                short="-s",
            ),
            Option(
                "--statistics",
                "statistics",
                "Count the findings per code (text: instead of listing them; json: an "
                "added 'statistics' key).",
            ),
            Option(
                "--add-ignore",
                "add_ignore",
                "Add an inline suppression for every current finding (see --reason).",
            ),
            Option(
                "--reason",
                "reason",
                "The reason --add-ignore writes after each suppression's codes.",
                str,
                metavar="TEXT",
            ),
            Option(
                "--baseline",
                "baseline",
                "Hide the findings this baseline file accepts; report only new ones.",
                str,
                metavar="FILE",
            ),
            Option(
                "--write-baseline",
                "write_baseline",
                "Record every current finding in this baseline file (then use --baseline).",
                str,
                metavar="FILE",
            ),
            Option(
                "--no-skip-notes",
                "no_skip_notes",
                "Say nothing about named files that are not checked (the pre-commit hooks "
                "pass it: pre-commit names every YAML file).",
            ),
            Option(
                "--color",
                "color",
                "Colour the text output: auto (on a terminal, unless NO_COLOR is set or "
                "FORCE_COLOR asks for it), always or never.",
                str,
                "auto",
                choices=("auto", "always", "never"),
            ),
            Option(
                "--select",
                "select",
                "Only these codes, prefixes, 'hardening' or ALL (comma-separated).",
                str,
                repeatable=True,
                metavar="CODES",
            ),
            Option(
                "--extend-select",
                "extend_select",
                "Add codes to the default set (e.g. hardening).",
                str,
                repeatable=True,
                metavar="CODES",
            ),
            Option(
                "--ignore",
                "ignore",
                "Leave out these codes or prefixes (comma-separated).",
                str,
                repeatable=True,
                metavar="CODES",
            ),
            Option(
                "--fail-on",
                "fail_on",
                "Lowest severity that makes the exit code 1.",
                str,
                choices=("error", "warning", "information", "hint"),
                shown_default="warning, or the configuration's fail-on",
            ),
            Option(
                "--config",
                "config_file",
                "Configuration file.",
                str,
                metavar="FILE",
                shown_default="found from the current directory upwards",
            ),
            Option(
                "--stdin-filename",
                "stdin_filename",
                "Read the file's text from stdin (an unsaved editor buffer) and report it "
                "under this path.",
                str,
                metavar="PATH",
            ),
            Option(
                "--jobs",
                "jobs",
                "Processes that check a tree together.",
                int,
                minimum=1,
                metavar="N",
                shown_default="one per CPU, up to 8; 1 for small trees",
            ),
        ),
    ),
    Command(
        "map",
        "Draw what a stack exposes: published ports, who reaches whom, networks, risks.",
        commands.map_,
        arguments=(Argument("paths", "Files or directories (default: .).", "PATHS", many=True),),
        options=(
            Option(
                "--output-format",
                "output_format",
                "How to draw it.",
                str,
                "text",
                choices=("text", "mermaid", "dot", "json"),
            ),
            Option(
                "--after-fix",
                "after_fix",
                "Draw it as 'check --fix' would leave it (in memory: nothing is written).",
            ),
            Option("--unsafe-fixes", "unsafe_fixes", "With --after-fix: also the unsafe fixes."),
            Option(
                "--config",
                "config_file",
                "Configuration file.",
                str,
                metavar="FILE",
                shown_default="found from the current directory upwards",
            ),
            Option(
                "--color",
                "color",
                "Colour the text map: auto, always or never (as for check).",
                str,
                "auto",
                choices=("auto", "always", "never"),
            ),
        ),
    ),
    Command(
        "rules",
        "List every rule: code, name, default severity, fix levels with their conditions.",
        commands.rules,
        options=(
            Option(
                "--output-format",
                "output_format",
                "text, or json: a list of code, name, severity, fix levels and group.",
                str,
                "text",
                choices=("text", "json"),
            ),
        ),
    ),
    Command(
        "rule",
        "Print a rule's description: what it does, why, examples and fix safety.",
        commands.rule,
        arguments=(
            Argument(
                "codes",
                "Rule codes or names, e.g. CL102 or port-published-on-all-interfaces.",
                "CODE",
                many=True,
            ),
        ),
        options=(Option("--all", "all", "Print every rule's description."),),
    ),
    Command(
        "lsp",
        "Run the language server for editors (diagnostics, fixes, suppressions, rule docs).",
        commands.lsp,
        options=(
            Option(
                "--stdio",
                "stdio",
                "Speak LSP over standard input and output (the only transport).",
            ),
            Option(
                "--debounce-ms",
                "debounce_ms",
                "Milliseconds to wait after an edit before checking; the 'debounceMs' "
                "setting overrides it.",
                int,
                minimum=0,
                maximum=10_000,
                metavar="N",
                shown_default="100",
            ),
            Option(
                "--log-file",
                "log_file",
                "Write the server's log to this file, not stderr.",
                str,
                metavar="FILE",
            ),
        ),
    ),
    Command("version", "Print the version.", commands.version),
)

BY_NAME = {command.name: command for command in COMMANDS}


@cache
def values_type(command: Command) -> type[Struct]:
    """The record of ``command``'s parsed values: one field per argument and option."""
    fields: list[tuple[str, Any, Any]] = []
    for parameter in command.parameters:
        absent = parameter.absent()
        default = field(default_factory=list) if isinstance(absent, list) else absent
        fields.append((parameter.dest, Any, default))
    return defstruct(f"{command.name.title()}Args", fields, module=__name__)
