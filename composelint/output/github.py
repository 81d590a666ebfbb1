"""GitHub Actions workflow commands: one annotation per finding."""

from __future__ import annotations

from composelint.diagnostics import Severity
from composelint.engine import RunResult

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


def render(result: RunResult) -> str:
    lines = []
    for diagnostic in result.diagnostics:
        span = diagnostic.span
        props = (
            f"file={_escape(span.path, prop=True)},line={span.start.line + 1},"
            f"col={span.start.column + 1},endLine={span.end.line + 1},"
            f"endColumn={span.end.column + 1},title={diagnostic.code}"
        )
        lines.append(f"::{_COMMANDS[diagnostic.severity]} {props}::{_escape(diagnostic.message)}")
    for path, message in result.errors:
        lines.append(f"::error file={_escape(path, prop=True)}::{_escape(message)}")
    return "\n".join(lines) + ("\n" if lines else "")
