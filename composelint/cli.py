"""Command line: ``composelint [PATHS]`` / ``composelint check [PATHS]``, ``rules``, ``rule``."""

from __future__ import annotations

import sys
from enum import Enum
from typing import Annotated

import typer

from composelint import __version__

app = typer.Typer(
    name="composelint",
    help="Find and fix what exposes or over-privileges a docker compose stack.",
    add_completion=False,
    no_args_is_help=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

SUBCOMMANDS = {"check", "rules", "rule", "version"}


class OutputFormat(str, Enum):
    text = "text"
    json = "json"


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    information = "information"
    hint = "hint"


@app.command()
def check(
    paths: Annotated[list[str] | None, typer.Argument(help="Files or directories (default: .)")] = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--output-format", help="How to print results.")
    ] = OutputFormat.text,
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", help="Lowest severity that makes the exit code 1.")
    ] = FailOn.warning,
) -> None:
    """Check compose files and Dockerfiles (the default command)."""
    from composelint.diagnostics import Severity
    from composelint.engine import run

    result = run(paths or ["."])
    if output_format is OutputFormat.json:
        from composelint.output.json_format import render

        sys.stdout.write(render(result, _docs_url()) + "\n")
    else:
        from composelint.output.text import render as render_text

        sys.stdout.write(render_text(result))
    raise typer.Exit(result.exit_code(Severity[fail_on.value.upper()]))


@app.command()
def rules() -> None:
    """List every rule code with its name and default severity."""
    from composelint.diagnostics import CODES

    for code, (name, severity) in CODES.items():
        typer.echo(f"{code}  {name:<36} {severity.label}")


@app.command()
def version() -> None:
    """Print the version."""
    typer.echo(f"composelint {__version__}")


def _docs_url() -> str | None:
    from importlib.metadata import PackageNotFoundError, metadata

    try:
        urls = metadata("composelint").get_all("Project-URL") or []
    except PackageNotFoundError:
        return None
    for entry in urls:
        label, _sep, url = entry.partition(",")
        if label.strip().lower() == "documentation":
            return url.strip()
    return None


def main(argv: list[str] | None = None) -> None:
    """Entry point: a bare ``composelint PATHS`` means ``composelint check PATHS``."""
    args = list(sys.argv[1:] if argv is None else argv)
    first = next((a for a in args if not a.startswith("-")), None)
    if first not in SUBCOMMANDS and not (args and args[0] in ("-h", "--help") and first is None):
        args.insert(0, "check")
    try:
        app(args=args, prog_name="composelint", standalone_mode=True)
    except KeyboardInterrupt:  # pragma: no cover
        sys.exit(130)
