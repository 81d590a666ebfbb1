"""The ``check`` command's work, given the values ``composelint.cli.spec`` declares."""

from __future__ import annotations

import gc
import os
import sys
from typing import TYPE_CHECKING, Protocol

from composelint.cli.fast import parse
from composelint.cli.spec import BY_NAME

if TYPE_CHECKING:
    from composelint.config import Config
    from composelint.diagnostics import Diagnostic, Severity
    from composelint.diagnostics.rule_info import RuleInfo
    from composelint.rules.selection import Selection
    from composelint.run.engine import RunResult


class CheckArgs(Protocol):
    """``check``'s parsed values, one per argument and option of its entry in
    ``composelint.cli.spec`` (``values_type`` makes them; a test holds the names here to
    the table)."""

    paths: list[str]
    fix: bool
    unsafe_fixes: bool
    diff: bool
    show_fixes: bool
    output_format: str
    select: list[str]
    extend_select: list[str]
    ignore: list[str]
    fail_on: str | None
    config_file: str | None
    stdin_filename: str | None
    jobs: int | None


def parse_plain(argv: list[str]) -> CheckArgs | None:
    """``check``'s arguments when they are plain; None sends them to the typer application."""
    values: CheckArgs | None = parse(BY_NAME["check"], argv)
    return values


def _split(values: list[str]) -> tuple[str, ...]:
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


def _error(message: str) -> None:
    sys.stderr.write(f"composelint: error: {message}\n")


def _read_stdin() -> str | None:
    """Standard input as text, read with the limit a file has (``< /dev/zero`` ends)."""
    from composelint.source import MAX_FILE_BYTES, DecodeError, decode

    data = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        _error(f"standard input is over the {MAX_FILE_BYTES} byte limit of a file")
        return None
    try:
        return decode(data)[0]
    except DecodeError as exc:
        _error(f"cannot read standard input: {exc}")
        return None


def _note_directories_named_like_files(paths: list[str]) -> None:
    """A directory named like a file composelint checks (``compose.yml/``) is walked as a
    directory; whoever named it expected a file, so say so once."""
    from composelint.discover.walk import classify_name
    from composelint.output.terminal import printable

    for path in paths:
        name = os.path.basename(os.path.normpath(path))
        if classify_name(name) is not None and os.path.isdir(path):
            sys.stderr.write(
                printable(f"{path}: note: a directory, not a file: checking the files in it") + "\n"
            )


def run_check(args: CheckArgs) -> int:
    """Run ``check``; returns the exit code."""
    # Importing and loading make many objects that reference counting frees; the cycle
    # collector walking them every 700 allocations cost about 4% of a tree check.
    gc.set_threshold(20_000, 10, 10)
    from pathlib import Path

    from composelint.config import ConfigError, find_config, load_config
    from composelint.diagnostics import Severity
    from composelint.rules.registry import RegistryError
    from composelint.rules.selection import (
        Selection,
        SelectionError,
        known_codes,
        validate_selectors,
    )

    try:
        codes = known_codes()
        config = load_config(Path(args.config_file) if args.config_file else find_config(), codes)
        selection = Selection(
            _split(args.select) or config.select,
            config.extend_select + _split(args.extend_select),
            config.ignore + _split(args.ignore),
        )
        validate_selectors(selection.select + selection.extend_select + selection.ignore, codes)
    except (SelectionError, ConfigError, RegistryError) as exc:
        _error(str(exc))
        return 2
    _note_directories_named_like_files(args.paths)
    threshold = (
        Severity[args.fail_on.upper()] if args.fail_on else (config.fail_on or Severity.WARNING)
    )
    targets = args.paths or ["."]
    overlay: dict[str, str] | None = None
    if args.stdin_filename:
        # An editor's unsaved buffer: lint it under its path, with the real file's
        # neighbours (base file, .env, Dockerfile) as context.
        targets = [args.stdin_filename]
        if args.fix or args.diff or args.unsafe_fixes:
            _error("--stdin-filename reports only; it cannot be combined with --fix or --diff")
            return 2
        text = _read_stdin()
        if text is None:
            return 2
        overlay = {args.stdin_filename: text}
    if args.fix or args.diff or args.unsafe_fixes:
        return _fix(targets, selection, config, args, threshold)
    if overlay is not None:
        from composelint.run.engine import run

        result = run(targets, selection=selection, config=config, overlay=overlay)
        _print(result, args.output_format, config.docs_url)
        return result.exit_code(threshold)
    return _check_streaming(targets, selection, config, args, threshold)


def _check_streaming(
    targets: list[str], selection: Selection, config: Config, args: CheckArgs, fail_on: Severity
) -> int:
    """Check and print file by file: a big tree never sits in memory whole."""
    from composelint.output import make_writer
    from composelint.run.stream import check_stream

    output_format = args.output_format
    docs_url = _docs_url(output_format, config.docs_url)
    writer = make_writer(output_format, sys.stdout, docs_url, _rule_infos(output_format, docs_url))
    progress = None
    if output_format == "text":  # the only format that may show one
        from composelint.output.progress import Progress

        progress = Progress.for_run(output_format)
    emit = writer.file if progress is None else progress.wrap(writer.file)
    outcome = check_stream(
        targets,
        emit,
        selection=selection,
        config=config,
        progress=None if progress is None else progress.update,
        jobs=args.jobs,
    )
    if progress is not None:
        progress.clear()
    writer.finish(outcome.errors, outcome.tally)
    _end_document(output_format)
    return outcome.tally.exit_code(len(outcome.errors), fail_on)


def _print(result: RunResult, output_format: str, docs_url: str | None) -> None:
    from composelint.diagnostics.report import reports_of
    from composelint.output import make_writer, write_all

    docs_url = _docs_url(output_format, docs_url)
    writer = make_writer(output_format, sys.stdout, docs_url, _rule_infos(output_format, docs_url))
    write_all(writer, reports_of(result.files), result.errors)
    _end_document(output_format)


def _docs_url(output_format: str, configured: str | None) -> str | None:
    """The documentation base URL, looked up in the metadata only for formats that link it."""
    if output_format not in ("json", "sarif"):
        return None
    from composelint.rules.installed import docs_url_from_metadata

    return configured or docs_url_from_metadata()


def _rule_infos(output_format: str, docs_url: str | None) -> dict[str, RuleInfo] | None:
    """The rules described for the formats that link or list them (JSON, SARIF)."""
    if output_format not in ("json", "sarif"):
        return None
    from composelint.rules.catalog import rule_infos

    return rule_infos(docs_url, specs=output_format == "sarif")


def _end_document(output_format: str) -> None:
    if output_format in ("json", "sarif"):
        sys.stdout.write("\n")


def _fix(
    targets: list[str], selection: Selection, config: Config, args: CheckArgs, fail_on: Severity
) -> int:
    """``--fix`` and ``--diff``: fixed a batch at a time, each batch written as it is done."""
    from composelint.output import make_writer
    from composelint.output.terminal import printable
    from composelint.run.fix_batches import Fixing
    from composelint.run.stream import check_stream

    writer = None
    internal: list[Diagnostic] = []  # CL000 findings, for --diff's stderr
    if args.diff:
        emit = lambda report: internal.extend(d for d in report.diagnostics if d.code == "CL000")  # noqa: E731
    else:
        writer = make_writer(
            args.output_format, sys.stdout, _docs_url(args.output_format, config.docs_url)
        )
        emit = writer.file
    fixing = Fixing(unsafe=args.unsafe_fixes, write=not args.diff)
    outcome = check_stream(
        targets, emit, selection=selection, config=config, jobs=args.jobs, fixing=fixing
    )
    fixes = outcome.fixes
    assert fixes is not None
    if args.diff:
        for path in sorted(fixes.diffs):
            sys.stdout.write(fixes.diffs[path])
        sys.stdout.flush()
        problems = _diff_problems(internal, outcome.errors, fixes.failures)
        sys.stderr.writelines(problems)
        if problems:
            return 2  # as a check with an internal error or an unreadable path
        return 1 if fixes.diffs else 0
    for path, message in fixes.errors:
        sys.stderr.write(printable(f"{path}: error: {message.removeprefix(f'{path}: ')}") + "\n")
    # A file left alone (changed on disk meanwhile, or not writable) was not fixed.
    if args.show_fixes:
        for path, titles in sorted(fixes.written.items()):
            for title in titles:
                sys.stderr.write(printable(f"{path}: fixed: {title}") + "\n")
    fixed = sum(len(f) for f in fixes.written.values())
    assert writer is not None
    writer.finish(outcome.errors, outcome.tally)
    _end_document(args.output_format)
    if args.output_format == "text":
        sys.stdout.flush()
        count = len(fixes.written)
        sys.stderr.write(
            f"Fixed {fixed} problem{'s' if fixed != 1 else ''} in {count} "
            f"file{'s' if count != 1 else ''}.\n"
        )
    if fixes.errors:
        return 2
    return outcome.tally.exit_code(len(outcome.errors), fail_on)


def _diff_problems(
    internal: list[Diagnostic], errors: list[tuple[str, str]], rolled_back: list[Diagnostic]
) -> list[str]:
    """Lines for stderr: the fixes rolled back (CL000 diagnostics, left out of the diff),
    other internal errors and the paths that could not be read.  Any of them makes
    ``--diff`` exit 2, as they make a check exit 2."""
    from composelint.output.terminal import printable

    lines = [f"{d.span.path}: error: rolled back: {d.message}" for d in rolled_back]
    for d in internal:
        if d not in rolled_back:
            start = d.span.start
            lines.append(f"{d.span.path}:{start.line + 1}:{start.column + 1}: CL000 {d.message}")
    lines.extend(f"{path}: error: {message}" for path, message in errors)
    return [printable(line) + "\n" for line in lines]
