"""GitHub Actions workflow commands: one annotation per finding."""

from __future__ import annotations

import io
from typing import IO

from composelint.diagnostics import Severity
from composelint.diagnostics.report import FileReport, InMemoryRun, Tally, reports_of
from composelint.output.writer import write_all

_COMMANDS = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFORMATION: "notice",
    Severity.HINT: "notice",
}


def _escape(text: str, *, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


class GithubWriter:
    def __init__(self, out: IO[str]) -> None:
        self.out = out

    def file(self, report: FileReport) -> None:
        for diagnostic in report.diagnostics:
            span = diagnostic.span
            props = (
                f"file={_escape(span.path, prop=True)},line={span.start.line + 1},"
                f"col={span.start.column + 1},endLine={span.end.line + 1},"
                f"endColumn={span.end.column + 1},title={diagnostic.code}"
            )
            command = _COMMANDS[diagnostic.severity]
            self.out.write(f"::{command} {props}::{_escape(diagnostic.message)}\n")

    def finish(self, errors: list[tuple[str, str]], tally: Tally) -> None:
        for path, message in errors:
            self.out.write(f"::error file={_escape(path, prop=True)}::{_escape(message)}\n")


def render(result: InMemoryRun) -> str:
    out = io.StringIO()
    write_all(GithubWriter(out), reports_of(result.files), result.errors)
    return out.getvalue()
