"""Command line: ``composelint [PATHS]`` / ``composelint check [PATHS]``, ``rules``, ``rule``,
``lsp``."""

from __future__ import annotations

from enum import StrEnum
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


# The choices and options mirror composelint.cli.check_command (a test keeps them equal).
class OutputFormat(StrEnum):
    text = "text"
    json = "json"
    sarif = "sarif"
    github = "github"


class FailOn(StrEnum):
    error = "error"
    warning = "warning"
    information = "information"
    hint = "hint"


@app.command()
def check(
    paths: Annotated[
        list[str] | None, typer.Argument(help="Files or directories (default: .)")
    ] = None,
    fix: Annotated[
        bool, typer.Option("--fix", help="Apply safe fixes and write the files.")
    ] = False,
    unsafe_fixes: Annotated[
        bool, typer.Option("--unsafe-fixes", help="Also apply fixes marked unsafe.")
    ] = False,
    diff: Annotated[
        bool, typer.Option("--diff", help="Print the fixes as a unified diff; write nothing.")
    ] = False,
    show_fixes: Annotated[
        bool, typer.Option("--show-fixes", help="List the fixes that were applied.")
    ] = False,
    output_format: Annotated[
        OutputFormat, typer.Option("--output-format", help="How to print results.")
    ] = OutputFormat.text,
    select: Annotated[
        list[str] | None,
        typer.Option(
            "--select", help="Only these codes, prefixes, 'hardening' or ALL (comma-separated)."
        ),
    ] = None,
    extend_select: Annotated[
        list[str] | None,
        typer.Option("--extend-select", help="Add codes to the default set (e.g. hardening)."),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option("--ignore", help="Leave out these codes or prefixes (comma-separated)."),
    ] = None,
    fail_on: Annotated[
        FailOn | None,
        typer.Option(
            "--fail-on", help="Lowest severity that makes the exit code 1 [default: warning]."
        ),
    ] = None,
    config_file: Annotated[
        str | None,
        typer.Option(
            "--config", help="Configuration file (default: found from the current directory)."
        ),
    ] = None,
    stdin_filename: Annotated[
        str | None,
        typer.Option(
            "--stdin-filename",
            help="Read the file's text from stdin (an unsaved editor buffer) and report it "
            "under this path.",
        ),
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            min=1,
            help="Processes that check a tree together [default: one per CPU, up to 8; "
            "1 for small trees].",
        ),
    ] = None,
) -> None:
    """Check compose files and Dockerfiles (the default command)."""
    from composelint.cli.check_command import CheckArgs, run_check

    args = CheckArgs(
        paths=list(paths or []),
        fix=fix,
        unsafe_fixes=unsafe_fixes,
        diff=diff,
        show_fixes=show_fixes,
        output_format=output_format.value,
        select=list(select or []),
        extend_select=list(extend_select or []),
        ignore=list(ignore or []),
        fail_on=fail_on.value if fail_on else None,
        config_file=config_file,
        stdin_filename=stdin_filename,
        jobs=jobs,
    )
    raise typer.Exit(run_check(args))


@app.command()
def rules() -> None:
    """List every rule: code, name, default severity, fix levels with their conditions."""
    from composelint.rules.catalog import listing

    for line in listing():
        typer.echo(line)


@app.command()
def rule(code: Annotated[str, typer.Argument(help="A rule code, e.g. CL102.")]) -> None:
    """Print a rule's description: what it does, why, examples and fix safety."""
    from composelint.rules.catalog import describe

    text = describe(code)
    if text is None:
        typer.echo(f"composelint: error: no rule '{code}' (see 'composelint rules')", err=True)
        raise typer.Exit(2)
    typer.echo(text)


@app.command()
def lsp(
    stdio: Annotated[
        bool,
        typer.Option(
            "--stdio", help="Speak LSP over standard input and output (the only transport)."
        ),
    ] = False,
    debounce_ms: Annotated[
        int | None,
        typer.Option(
            "--debounce-ms",
            min=0,
            max=10_000,
            help="Milliseconds to wait after an edit before checking (default 100); "
            "the 'debounceMs' setting overrides it.",
        ),
    ] = None,
    log_file: Annotated[
        str | None,
        typer.Option("--log-file", help="Write the server's log to this file, not stderr."),
    ] = None,
) -> None:
    """Run the language server for editors (diagnostics, fixes, suppressions, rule docs)."""
    from composelint.lsp.server import serve

    del stdio  # stdio is the only transport; the flag is accepted because clients pass it
    serve(debounce_ms=debounce_ms, log_file=log_file)


@app.command()
def version() -> None:
    """Print the version."""
    typer.echo(f"composelint {__version__}")
