"""What the output needs of a checked file, without the file: a report.

A big tree is checked a batch of files at a time; once a batch is done its texts
and trees are dropped.  What survives is a :class:`FileReport` per file: the
diagnostics, and :class:`SourceView` s holding only the pieces of text their
rendering needs (the source line under each finding, UTF-16 columns of lines that
are not ASCII, the line/column spans of fix edits).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol

from composelint.diagnostics import Diagnostic, Edit, Severity
from composelint.source import Position, Span


class TextPositions(Protocol):
    """What a formatter asks of a file's text: a ``Source`` or a ``SourceView``."""

    def line_text(self, line: int) -> str: ...

    def utf16_column(self, pos: Position) -> int: ...

    def span(self, start: int, end: int) -> Span: ...


class SourceView:
    """The parts of one file's text that some diagnostics' output needs."""

    __slots__ = ("path", "lines", "columns", "spans")

    def __init__(self, path: str) -> None:
        self.path = path
        self.lines: dict[int, str] = {}
        self.columns: dict[int, int] = {}  # offset -> UTF-16 column, where it differs
        self.spans: dict[tuple[int, int], Span] = {}

    def line_text(self, line: int) -> str:
        return self.lines.get(line, "")

    def utf16_column(self, pos: Position) -> int:
        return self.columns.get(pos.offset, pos.column)

    def span(self, start: int, end: int) -> Span:
        return self.spans[(start, end)]

    def update(self, other: SourceView) -> None:
        self.lines.update(other.lines)
        self.columns.update(other.columns)
        self.spans.update(other.spans)


def source_views(
    diagnostics: Iterable[Diagnostic], sources: Mapping[str, TextPositions]
) -> dict[str, SourceView]:
    """Views of ``sources`` with what rendering ``diagnostics`` reads from them."""
    views: dict[str, SourceView] = {}

    def view(path: str) -> SourceView:
        found = views.get(path)
        if found is None:
            found = views[path] = SourceView(path)
        return found

    def note(path: str, source: TextPositions, *positions: Position) -> None:
        for pos in positions:
            column = source.utf16_column(pos)
            if column != pos.column:
                view(path).columns[pos.offset] = column

    for diagnostic in diagnostics:
        span = diagnostic.span
        source = sources.get(span.path)
        if source is not None:
            view(span.path).lines[span.start.line] = source.line_text(span.start.line)
            note(span.path, source, span.start, span.end)
        for related in diagnostic.related:
            other = sources.get(related.span.path)
            if other is not None:
                note(related.span.path, other, related.span.start, related.span.end)
        if diagnostic.fix is not None:
            for edit in diagnostic.fix.edits:
                other = sources.get(edit.path)
                if other is not None:
                    located = other.span(edit.start, edit.end)
                    view(edit.path).spans[(edit.start, edit.end)] = located
                    note(edit.path, other, located.start, located.end)
    return views


def edit_span(
    sources: Mapping[str, TextPositions], edit: Edit, default: Span
) -> tuple[TextPositions | None, Span]:
    """Where a fix edit goes, and the text it is in; ``default`` when that is unknown."""
    source = sources.get(edit.path)
    if source is None:
        return None, default
    try:
        return source, source.span(edit.start, edit.end)
    except KeyError:  # a view made by a batch that did not read that file
        return None, default


class FileReport:
    """One checked file as the formatters see it."""

    # A plain class: one of the few dozen classes a one-file check creates at start-up,
    # where each dataclass costs about a millisecond to build.
    __slots__ = ("path", "kind", "diagnostics", "sources")

    def __init__(
        self,
        path: str,
        kind: str,
        diagnostics: list[Diagnostic],
        sources: dict[str, SourceView] | None = None,
    ) -> None:
        self.path = path
        self.kind = kind
        self.diagnostics = diagnostics
        self.sources: dict[str, SourceView] = {} if sources is None else sources

    def __repr__(self) -> str:
        return f"FileReport({self.path!r}, {self.kind!r}, {len(self.diagnostics)} diagnostics)"

    def absorb(self, other: FileReport) -> None:
        """Add the findings another batch made in this same file (each once)."""
        for diagnostic in other.diagnostics:
            if diagnostic not in self.diagnostics:
                self.diagnostics.append(diagnostic)
        sort_diagnostics(self.diagnostics)
        for path, view in other.sources.items():
            mine = self.sources.get(path)
            if mine is None:
                self.sources[path] = view
            else:
                mine.update(view)


def diagnostic_order(diagnostic: Diagnostic) -> tuple[int, str]:
    return diagnostic.span.start.offset, diagnostic.code


def sort_diagnostics(diagnostics: list[Diagnostic]) -> None:
    """Sort by place and code; findings that share both (two projects saw the same
    thing differently) by everything else, so the order never depends on which
    project came first."""
    diagnostics.sort(key=diagnostic_order)
    start = 0
    for end in range(1, len(diagnostics) + 1):
        if end == len(diagnostics) or diagnostic_order(diagnostics[end]) != diagnostic_order(
            diagnostics[start]
        ):
            if end - start > 1:
                diagnostics[start:end] = sorted(diagnostics[start:end], key=_full_order)
            start = end


def _full_order(diagnostic: Diagnostic) -> tuple[object, ...]:
    span, fix = diagnostic.span, diagnostic.fix
    related = tuple(
        (r.span.path, r.span.start.offset, r.span.end.offset, r.message) for r in diagnostic.related
    )
    fixed = (
        ()
        if fix is None
        else (
            fix.applicability,
            fix.title,
            tuple((e.path, e.start, e.end, e.new_text) for e in fix.edits),
        )
    )
    return span.end.offset, diagnostic.message, int(diagnostic.severity), related, fixed


def report_order(path: str) -> tuple[tuple[str, ...], str]:
    """Files in tree order: a directory's files, then each subdirectory in name order."""
    directory, name = os.path.split(path)
    return tuple(directory.split(os.sep)), name


class Tally:
    """Counts for the summary line and the exit code, kept as reports go by."""

    __slots__ = (
        "files",
        "diagnostics",
        "fixable",
        "unsafe_fixable",
        "internal_errors",
        "worst",
        "by_code",
    )

    def __init__(self) -> None:
        # code -> [findings, fixable with --fix, more with --unsafe-fixes] (--statistics)
        self.by_code: dict[str, list[int]] = {}
        self.files = 0
        self.diagnostics = 0
        self.fixable = 0
        self.unsafe_fixable = 0
        self.internal_errors = 0
        self.worst = int(Severity.HINT) + 1  # lower is more severe

    def add(self, report: FileReport) -> None:
        self.files += 1
        for diagnostic in report.diagnostics:
            self.diagnostics += 1
            counts = self.by_code.get(diagnostic.code)
            if counts is None:
                counts = self.by_code[diagnostic.code] = [0, 0, 0]
            counts[0] += 1
            fix = diagnostic.fix
            if fix is not None:
                if fix.applicability == "safe":
                    self.fixable += 1
                    counts[1] += 1
                elif fix.applicability == "unsafe":
                    self.unsafe_fixable += 1
                    counts[2] += 1
            if diagnostic.code == "CL000":
                self.internal_errors += 1
            self.worst = min(self.worst, int(diagnostic.severity))

    def exit_code(self, errors: int, fail_on: Severity) -> int:
        if errors or self.internal_errors:
            return 2
        return 1 if self.worst <= fail_on else 0


class _FileLike(Protocol):  # read only: a result's Source is one kind of TextPositions
    @property
    def path(self) -> str: ...

    @property
    def kind(self) -> str: ...

    @property
    def source(self) -> TextPositions | None: ...

    @property
    def diagnostics(self) -> list[Diagnostic]: ...


class InMemoryRun(Protocol):
    """A run whose files still hold their sources (``run.engine.RunResult``)."""

    @property
    def files(self) -> Sequence[_FileLike]: ...

    @property
    def errors(self) -> list[tuple[str, str]]: ...


def reports_of(files: Iterable[_FileLike]) -> list[FileReport]:
    """Reports for results that still hold their sources (an in-memory run)."""
    files = list(files)
    sources = {f.path: f.source for f in files if f.source is not None}
    return [
        FileReport(f.path, f.kind, f.diagnostics, source_views(f.diagnostics, sources))
        for f in files
    ]
