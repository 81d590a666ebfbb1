"""Command line: ``composelint [PATHS]`` / ``composelint check [PATHS]``, ``rules``, ``rule``."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from composelint import __version__

if TYPE_CHECKING:
    from composelint.config import Config
    from composelint.diagnostics import Severity
    from composelint.engine import RunResult
    from composelint.selection import Selection

app = typer.Typer(
    name="composelint",
    help="Find and fix what exposes or over-privileges a docker compose stack.",
    add_completion=False,
    no_args_is_help=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

SUBCOMMANDS = {"check", "rules", "rule", "version"}


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


def _split(values: list[str] | None) -> tuple[str, ...]:
    out: list[str] = []
    for value in values or []:
        out.extend(v.strip() for v in value.split(",") if v.strip())
    return tuple(out)


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
) -> None:
    """Check compose files and Dockerfiles (the default command)."""
    from pathlib import Path

    from composelint.config import ConfigError, find_config, load_config
    from composelint.diagnostics import Severity
    from composelint.rules.registry import RegistryError
    from composelint.selection import Selection, SelectionError, known_codes, validate_selectors

    try:
        codes = known_codes()
        config = load_config(Path(config_file) if config_file else find_config(), codes)
        selection = Selection(
            _split(select) or config.select,
            config.extend_select + _split(extend_select),
            config.ignore + _split(ignore),
        )
        validate_selectors(selection.select + selection.extend_select + selection.ignore, codes)
    except (SelectionError, ConfigError, RegistryError) as exc:
        typer.echo(f"composelint: error: {exc}", err=True)
        raise typer.Exit(2) from None
    threshold = Severity[fail_on.value.upper()] if fail_on else config.fail_on or Severity.WARNING
    targets = paths or ["."]
    if fix or diff or unsafe_fixes:
        code = _fix(
            targets, selection, config, unsafe_fixes, diff, show_fixes, output_format, threshold
        )
        raise typer.Exit(code)
    from composelint.engine import run

    result = run(targets, selection=selection, config=config)
    _print(result, output_format, config.docs_url)
    raise typer.Exit(result.exit_code(threshold))


def _print(result: RunResult, output_format: OutputFormat, docs_url: str | None) -> None:
    if output_format is OutputFormat.json:
        from composelint.output.json_format import render

        sys.stdout.write(render(result, docs_url or _docs_url()) + "\n")
    elif output_format is OutputFormat.sarif:
        from composelint.output.sarif import render as render_sarif

        sys.stdout.write(render_sarif(result, docs_url or _docs_url()) + "\n")
    elif output_format is OutputFormat.github:
        from composelint.output.github import render as render_github

        sys.stdout.write(render_github(result))
    else:
        from composelint.output.text import render as render_text

        sys.stdout.write(render_text(result))


def _fix(
    targets: list[str],
    selection: Selection,
    config: Config,
    unsafe: bool,
    diff: bool,
    show: bool,
    output_format: OutputFormat,
    fail_on: Severity,
) -> int:
    from composelint.fix.edits import unified_diff
    from composelint.fix.loop import fix_run, write_changes

    outcome = fix_run(targets, unsafe=unsafe, selection=selection, config=config)
    changed = outcome.changed
    if diff:
        for path, text in sorted(changed.items()):
            sys.stdout.write(unified_diff(path, outcome.originals[path].text, text))
        return 1 if changed else 0
    errors = write_changes(outcome)
    for path, message in errors:
        typer.echo(f"{path}: error: {message}", err=True)
    if show:
        for path, fixes in sorted(outcome.applied.items()):
            for applied in fixes:
                typer.echo(f"{path}: fixed: {applied.title}", err=True)
    fixed = sum(len(f) for f in outcome.applied.values())
    _print(outcome.result, output_format, config.docs_url)
    if output_format is OutputFormat.text:
        typer.echo(
            f"Fixed {fixed} problem{'s' if fixed != 1 else ''} in {len(changed)} "
            f"file{'s' if len(changed) != 1 else ''}.",
            err=True,
        )
    if errors:
        return 2
    return outcome.result.exit_code(fail_on)


@app.command()
def rules() -> None:
    """List every rule: code, name, default severity, fix."""
    from composelint.diagnostics import CODES
    from composelint.rules.registry import all_rules
    from composelint.selection import HARDENING

    registered = all_rules()
    for code, (name, severity) in CODES.items():
        rule = registered.get(code)
        if rule is None and code not in ("CL000", "CL001", "CL002", "CL005", "CL006"):
            continue
        fix = rule.fix if rule and rule.fix else "-"
        group = " (opt-in)" if code in HARDENING else ""
        typer.echo(f"{code}  {name:<36} {severity.label:<8} fix: {fix}{group}")
    for code, rule in registered.items():
        if code not in CODES:
            typer.echo(f"{code}  {rule.name:<36} {rule.severity.label:<8} fix: {rule.fix or '-'}")


@app.command()
def rule(code: Annotated[str, typer.Argument(help="A rule code, e.g. CL102.")]) -> None:
    """Print a rule's description: what it does, why, examples and fix safety."""
    from composelint.rules.docs import load_doc, render_terminal

    doc = load_doc(code.upper())
    if doc is None:
        typer.echo(f"composelint: error: no rule '{code}' (see 'composelint rules')", err=True)
        raise typer.Exit(2)
    typer.echo(render_terminal(doc))


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
