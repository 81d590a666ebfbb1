"""Human output: ``path:line:col: CODE [severity] [*] message``, the source line and a caret.

The ``path:line:col: CODE`` prefix is what editors' problem matchers and scripts read;
the severity and the fix marker follow the code (``[*]``: ``--fix`` fixes it, ``[~]``:
``--unsafe-fixes`` does), and the summary's legend explains the markers it used.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import IO

from composelint.diagnostics import Diagnostic
from composelint.diagnostics.report import FileReport, InMemoryRun, Tally, TextPositions, reports_of
from composelint.diagnostics.rule_info import RuleInfo
from composelint.output.style import PLAIN, Style
from composelint.output.terminal import cut_marker, printable, source_line
from composelint.output.writer import write_all


class TextWriter:
    """Prints each file's findings as it comes, then the errors and the summary line."""

    def __init__(
        self,
        out: IO[str],
        *,
        show_source: bool = True,
        style: Style = PLAIN,
        summary: bool = True,
        statistics: Mapping[str, RuleInfo] | None = None,
    ) -> None:
        self.out = out
        # --statistics: a count per code (named from these rules) instead of the findings
        self.statistics = statistics
        self.show_source = show_source
        self.style = style
        self.summary = summary  # False: the findings only (``--quiet``)
        self.marker = cut_marker(getattr(out, "encoding", None))

    def file(self, report: FileReport) -> None:
        if not report.diagnostics or self.statistics is not None:
            return
        source = report.sources.get(report.path)
        lines: list[str] = []
        for diagnostic in report.diagnostics:
            lines.extend(_diagnostic(diagnostic, source, self.show_source, self.marker, self.style))
        self.out.write("\n".join(lines) + "\n")

    def finish(self, errors: list[tuple[str, str]], tally: Tally) -> None:
        if self.statistics is not None:
            from composelint.output.statistics import text_lines

            for line in text_lines(tally, self.statistics):
                self.out.write(line + "\n")
        for path, message in errors:
            self.out.write(printable(f"{path}: error: {message}") + "\n")
        if self.summary:
            self.out.write(summary_line(tally) + "\n")


def render(result: InMemoryRun, *, show_source: bool = True) -> str:
    out = io.StringIO()
    write_all(TextWriter(out, show_source=show_source), reports_of(result.files), result.errors)
    return out.getvalue()


SAFE_MARK = "[*]"
UNSAFE_MARK = "[~]"


def fix_mark(diagnostic: Diagnostic) -> str:
    """``[*]`` for a finding ``--fix`` fixes, ``[~]`` for one only ``--unsafe-fixes`` does."""
    fix = diagnostic.fix
    if fix is None:
        return ""
    if fix.applicability == "safe":
        return SAFE_MARK
    return UNSAFE_MARK if fix.applicability == "unsafe" else ""


def _diagnostic(
    diagnostic: Diagnostic,
    source: TextPositions | None,
    show_source: bool,
    marker: str,
    style: Style,
) -> list[str]:
    # File names and messages (which quote the file's text) are shown escaped, as the
    # source line is: see composelint.output.terminal.
    start = diagnostic.span.start
    severity = diagnostic.severity
    mark = fix_mark(diagnostic)
    out = [
        style.path(printable(f"{diagnostic.span.path}:{start.line + 1}:{start.column + 1}:"))
        + f" {style.code(diagnostic.code)} "
        + style.severity(severity, f"[{severity.label}]")
        + (f" {mark}" if mark else "")
        + f" {printable(diagnostic.message)}"
    ]
    if show_source and source is not None:
        line = source.line_text(start.line)
        if line and not line.isspace():  # strip() would copy a long line per finding
            width = 1
            if diagnostic.span.end.line == start.line:
                width = max(1, diagnostic.span.end.column - start.column)
            shown, carets = source_line(line, start.column, width, marker=marker)
            out.append(f"  {shown}")
            indent = carets.rstrip("^")
            out.append(f"  {indent}{style.severity(severity, carets[len(indent) :])}")
    for related in diagnostic.related:
        pos = related.span.start
        out.append(
            printable(
                f"  note: {related.span.path}:{pos.line + 1}:{pos.column + 1}: {related.message}"
            )
        )
    return out


def summary(result: InMemoryRun) -> str:
    tally = Tally()
    for report in reports_of(result.files):
        tally.add(report)
    return summary_line(tally)


def summary_line(tally: Tally) -> str:
    safe = f" {SAFE_MARK}" if tally.fixable else ""
    unsafe = f" {UNSAFE_MARK}" if tally.unsafe_fixable else ""
    return (
        f"{_count(tally.files, 'file')}, {_count(tally.diagnostics, 'problem')}, "
        f"{tally.fixable}{safe} fixable with --fix "
        f"({tally.unsafe_fixable}{unsafe} more with --unsafe-fixes)"
    )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
