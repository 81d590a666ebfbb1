"""The ``check`` command's work, given the values ``composelint.cli.spec`` declares."""

from __future__ import annotations

import os
import sys
from typing import IO, TYPE_CHECKING, Protocol

from composelint.cli.fast import parse
from composelint.cli.spec import BY_NAME

if TYPE_CHECKING:
    from collections.abc import Callable

    from composelint.config import Config
    from composelint.diagnostics import Diagnostic, Severity
    from composelint.diagnostics.baseline import Baseline, Recorder
    from composelint.diagnostics.report import FileReport, Tally
    from composelint.diagnostics.rule_info import RuleInfo
    from composelint.output import Writer
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
    output_file: str | None
    exit_zero: bool
    quiet: bool
    silent: bool
    no_skip_notes: bool
    statistics: bool
    add_ignore: bool
    reason: str | None
    baseline: str | None
    write_baseline: str | None
    color: str
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


STDIN_DEFAULT_NAME = "compose.yaml"  # what '-' is read as without --stdin-filename


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


class _Out:
    """Where results go (standard output, ``--output-file`` or, ``--silent``, nowhere)
    and how the text format looks there."""

    def __init__(self, args: CheckArgs) -> None:
        from composelint.diagnostics.report import Tally

        self.stream: IO[str] = sys.stdout
        self.opened: IO[str] | None = None
        self.baseline: Baseline | None = None
        self.recorder: Recorder | None = None
        self.tally = Tally()  # what was reported, once a baseline hides some
        if args.baseline:
            from composelint.diagnostics.baseline import Baseline

            self.baseline = Baseline.read(args.baseline)
        if args.write_baseline:
            from composelint.diagnostics.baseline import Recorder

            self.recorder = Recorder(args.write_baseline)
        if args.silent or self.recorder is not None:
            self.opened = self.stream = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
        elif args.output_file:
            self.opened = self.stream = open(  # noqa: SIM115
                args.output_file, "w", encoding="utf-8", newline=""
            )
        self.quiet = args.quiet or args.silent
        self.statistics = args.statistics
        self.color = False
        if args.output_format == "text" and not args.silent:
            from composelint.output.style import wants_color

            self.color = wants_color(args.color, self.stream, os.environ)

    def writer(self, output_format: str, docs_url: str | None) -> Writer:
        from composelint.output import make_writer
        from composelint.output.style import Style

        rules = _rule_infos(output_format, docs_url, names=self.statistics)
        return make_writer(
            output_format,
            self.stream,
            docs_url,
            rules,
            style=Style(self.color),
            summary=not self.quiet,
            statistics=self.statistics,
        )

    def wrap(self, emit: Callable[[FileReport], None]) -> Callable[[FileReport], None]:
        """``emit`` behind the baseline: recorded (``--write-baseline``), or without
        the findings the baseline accepts (``--baseline``), counted in ``self.tally``."""
        if self.baseline is None and self.recorder is None:
            return emit
        baseline, recorder, tally = self.baseline, self.recorder, self.tally

        def filtered(report: FileReport) -> None:
            if recorder is not None:
                recorder.add(report)
            if baseline is not None:
                report = baseline.hide(report)
            tally.add(report)
            emit(report)

        return filtered

    def counted(self, tally: Tally) -> Tally:
        """The tally of what was reported: the stream's, or this one's behind a baseline."""
        return tally if self.baseline is None and self.recorder is None else self.tally

    def finish_baseline(self) -> int | None:
        """Write the recorded baseline (``--write-baseline``); the exit code when it did."""
        if self.recorder is None:
            return None
        from composelint.output.terminal import printable

        path = self.recorder.path
        try:
            with open(path, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(self.recorder.text())
        except OSError as exc:
            _error(f"cannot write {path}: {exc.strerror or exc}")
            return 2
        count = sum(self.recorder.found.values())
        sys.stderr.write(
            printable(f"composelint: wrote a baseline of {count} findings to {path}") + "\n"
        )
        return 0

    def end_document(self, output_format: str) -> None:
        if output_format in ("json", "sarif"):
            self.stream.write("\n")

    def close(self) -> None:
        self.stream.flush()
        if self.opened is not None:
            self.opened.close()


def _note_skipped_files(paths: list[str], config: Config) -> None:
    """A file a person names and composelint does not check gets one note, not silence."""
    from composelint.discover.walk import skipped_paths
    from composelint.output.terminal import printable

    for path, why in skipped_paths(paths, config.kinds, config.exclude):
        sys.stderr.write(printable(f"{path}: note: {why}: skipped") + "\n")


def _note_nothing_checked(targets: list[str], files: int, errors: int) -> None:
    from composelint.output.terminal import printable

    if files == 0 and errors == 0:
        sys.stderr.write(
            printable(f"composelint: note: nothing to check in {', '.join(targets)}")
            + " (no compose file, Dockerfile, script, Makefile, Python, Markdown, workflow "
            "or daemon.json that names a container runtime)\n"
        )


def run_check(args: CheckArgs) -> int:
    """Run ``check``; returns the exit code (``--exit-zero``: 0 for findings)."""
    code = _run_check(args)
    return 0 if code == 1 and args.exit_zero else code


def _run_check(args: CheckArgs) -> int:
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
    from composelint.discover.context import (
        gitlab_files_including,
        is_context_file,
        projects_reading,
    )

    # An env file or a proxy configuration named alone (a commit that touches only it):
    # the compose files that may read it are checked, and their findings reported.  A
    # file a GitLab pipeline includes is checked through the pipeline that includes it.
    readers = projects_reading(args.paths)
    pipelines, included = gitlab_files_including(args.paths)
    readers += pipelines
    notes = not (args.quiet or args.silent)
    if notes:
        _note_directories_named_like_files(args.paths)
        if not args.no_skip_notes:
            alone = [
                p for p in args.paths if p not in included and not (readers and is_context_file(p))
            ]
            _note_skipped_files(alone, config)
    threshold = (
        Severity[args.fail_on.upper()] if args.fail_on else (config.fail_on or Severity.WARNING)
    )
    targets = [*args.paths, *readers] or ["."]
    overlay: dict[str, str] | None = None
    if "-" in targets and targets != ["-"]:
        _error("'-' (standard input) cannot be combined with other paths")
        return 2
    if args.stdin_filename or targets == ["-"]:
        # Standard input: an editor's unsaved buffer, or a pipe.  It is linted under its
        # name (default compose.yaml), with the real file's neighbours (base file, .env,
        # Dockerfile) as context.
        name = args.stdin_filename or STDIN_DEFAULT_NAME
        targets = [name]
        text = _read_stdin()
        if text is None:
            return 2
        overlay = {name: text}
    from composelint.diagnostics.baseline import BaselineError

    try:
        out = _Out(args)
    except OSError as exc:
        _error(f"cannot write {args.output_file}: {exc.strerror or exc}")
        return 2
    except BaselineError as exc:
        _error(str(exc))
        return 2
    if args.reason is not None and not args.add_ignore:
        _error("--reason is the reason --add-ignore writes: give --add-ignore too")
        return 2
    if args.add_ignore:
        if overlay is not None or args.fix or args.diff or args.unsafe_fixes:
            _error(
                "--add-ignore works on files; it cannot be combined with --fix, --diff "
                "or standard input"
            )
            return 2
        return _add_ignore(targets, selection, config, args.reason or "")
    try:
        if overlay is not None and (args.fix or args.diff or args.unsafe_fixes):
            return _fix_stdin(targets[0], overlay, selection, config, args, threshold, out)
        if args.fix or args.diff or args.unsafe_fixes:
            return _fix(targets, selection, config, args, threshold, out)
        if overlay is not None:
            from composelint.run.engine import run

            result = run(targets, selection=selection, config=config, overlay=overlay)
            _print(result, args.output_format, config.docs_url, out)
            return result.exit_code(threshold)
        return _check_streaming(targets, selection, config, args, threshold, out)
    finally:
        out.close()


def _check_streaming(
    targets: list[str],
    selection: Selection,
    config: Config,
    args: CheckArgs,
    fail_on: Severity,
    out: _Out,
) -> int:
    """Check and print file by file: a big tree never sits in memory whole."""
    from composelint.run.stream import check_stream

    output_format = args.output_format
    writer = out.writer(output_format, _docs_url(output_format, config.docs_url))
    progress = None
    if output_format == "text" and not out.quiet:  # the only format that may show one
        from composelint.output.progress import Progress

        progress = Progress.for_run(output_format)
    emit = out.wrap(writer.file if progress is None else progress.wrap(writer.file))
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
    tally = out.counted(outcome.tally)
    writer.finish(outcome.errors, tally)
    out.end_document(output_format)
    if not (out.quiet or args.no_skip_notes):
        _note_nothing_checked(targets, tally.files, len(outcome.errors))
    written = out.finish_baseline()
    if written is not None:
        return 2 if outcome.errors or tally.internal_errors else written
    return tally.exit_code(len(outcome.errors), fail_on)


def _print(result: RunResult, output_format: str, docs_url: str | None, out: _Out) -> None:
    from composelint.diagnostics.report import reports_of
    from composelint.output import write_all

    writer = out.writer(output_format, _docs_url(output_format, docs_url))
    write_all(writer, reports_of(result.files), result.errors)
    out.end_document(output_format)


def _docs_url(output_format: str, configured: str | None) -> str | None:
    """The documentation base URL, looked up in the metadata only for formats that link it."""
    if output_format not in ("json", "sarif"):
        return None
    from composelint.rules.installed import docs_url_from_metadata

    return configured or docs_url_from_metadata()


def _rule_infos(
    output_format: str, docs_url: str | None, *, names: bool = False
) -> dict[str, RuleInfo] | None:
    """The rules described for the formats that link or list them (JSON, SARIF), and
    for ``--statistics`` (``names``), which names each code."""
    if output_format not in ("json", "sarif") and not names:
        return None
    from composelint.rules.catalog import rule_infos

    return rule_infos(docs_url, specs=output_format == "sarif" or names)


def _fix(
    targets: list[str],
    selection: Selection,
    config: Config,
    args: CheckArgs,
    fail_on: Severity,
    out: _Out,
) -> int:
    """``--fix`` and ``--diff``: fixed a batch at a time, each batch written as it is done."""
    from composelint.output.terminal import printable
    from composelint.run.fix_batches import Fixing
    from composelint.run.stream import check_stream

    writer = None
    internal: list[Diagnostic] = []  # CL000 findings, for --diff's stderr
    if args.diff:
        emit = lambda report: internal.extend(d for d in report.diagnostics if d.code == "CL000")  # noqa: E731
    else:
        writer = out.writer(args.output_format, _docs_url(args.output_format, config.docs_url))
        emit = out.wrap(writer.file)
    show = args.show_fixes and not out.quiet and not args.diff
    fixing = Fixing(unsafe=args.unsafe_fixes, write=not args.diff, titles=show)
    outcome = check_stream(
        targets, emit, selection=selection, config=config, jobs=args.jobs, fixing=fixing
    )
    fixes = outcome.fixes
    assert fixes is not None
    if args.diff:
        for path in sorted(fixes.diffs):
            out.stream.write(fixes.diffs[path])
        out.stream.flush()
        problems = _diff_problems(internal, outcome.errors, fixes.failures)
        sys.stderr.writelines(problems)
        if problems:
            return 2  # as a check with an internal error or an unreadable path
        return 1 if fixes.diffs else 0
    for path, message in fixes.errors:
        sys.stderr.write(printable(f"{path}: error: {message.removeprefix(f'{path}: ')}") + "\n")
    # A file left alone (changed on disk meanwhile, or not writable) was not fixed.
    if show:
        for path, titles in sorted(fixes.titles.items()):
            for title in titles:
                sys.stderr.write(printable(f"{path}: fixed: {title}") + "\n")
    fixed = sum(fixes.written.values())
    assert writer is not None
    tally = out.counted(outcome.tally)
    writer.finish(outcome.errors, tally)
    out.end_document(args.output_format)
    if args.output_format == "text" and not out.quiet:
        out.stream.flush()
        count = len(fixes.written)
        sys.stderr.write(
            f"Fixed {fixed} problem{'s' if fixed != 1 else ''} in {count} "
            f"file{'s' if count != 1 else ''}.\n"
        )
    if fixes.errors:
        return 2
    return tally.exit_code(len(outcome.errors), fail_on)


def _fix_stdin(
    name: str,
    overlay: dict[str, str],
    selection: Selection,
    config: Config,
    args: CheckArgs,
    fail_on: Severity,
    out: _Out,
) -> int:
    """Standard input fixed as a formatter does: the fixed text (``--diff``: a diff of it)
    on standard output, what is left reported on standard error; nothing is written."""
    from composelint.diagnostics.report import reports_of
    from composelint.fix.edits import unified_diff
    from composelint.output import make_writer, write_all
    from composelint.output.style import Style, wants_color
    from composelint.run.fixing import fix_run

    outcome = fix_run(
        [name], unsafe=args.unsafe_fixes, selection=selection, config=config, overlay=overlay
    )
    before = overlay[name]
    after = outcome.changed.get(name, before)
    if args.diff:
        out.stream.write(unified_diff(name, before, after) if after != before else "")
    else:
        out.stream.write(after)
    result = outcome.result
    if not (out.quiet or args.output_format != "text"):
        color = wants_color(args.color, sys.stderr, os.environ)
        writer = make_writer("text", sys.stderr, None, style=Style(color), summary=False)
        write_all(writer, reports_of(result.files), result.errors)
    if outcome.failures:
        return 2
    if args.diff:
        return 1 if after != before else 0
    return result.exit_code(fail_on)


def _add_ignore(targets: list[str], selection: Selection, config: Config, reason: str) -> int:
    """``--add-ignore``: write a suppression for every finding; say what was left."""
    from composelint.fix.write import WriteError, write_atomic
    from composelint.output.terminal import printable
    from composelint.run.add_ignore import add_ignores
    from composelint.source import Source

    outcome = add_ignores(targets, reason.strip(), selection=selection, config=config)
    status = 0
    for path, (old, new) in sorted(outcome.texts.items()):
        original = Source.read(path)
        if original.text != old:
            sys.stderr.write(
                printable(f"{path}: error: changed on disk meanwhile: left alone") + "\n"
            )
            status = 2
            continue
        try:
            write_atomic(path, original.encode(new), expected=original.data)
        except WriteError as exc:
            sys.stderr.write(printable(f"{path}: error: {exc}") + "\n")
            status = 2
            outcome.written.pop(path, None)
    for path, why in outcome.left:
        sys.stderr.write(printable(f"{path}: note: {why}") + "\n")
    for path, message in outcome.errors:
        sys.stderr.write(printable(f"{path}: error: {message}") + "\n")
        status = 2
    count = sum(outcome.written.values())
    files = len(outcome.written)
    sys.stderr.write(
        f"Added suppressions for {count} finding{'s' if count != 1 else ''} in {files} "
        f"file{'s' if files != 1 else ''}.\n"
    )
    return status


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
