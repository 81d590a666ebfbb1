"""Human output: ``path:line:col: CODE message``, the source line and a caret."""

from __future__ import annotations

from composelint.diagnostics import Diagnostic
from composelint.engine import RunResult
from composelint.source import Source


def render(result: RunResult, *, show_source: bool = True) -> str:
    lines: list[str] = []
    for file in result.files:
        for diagnostic in file.diagnostics:
            lines.extend(_diagnostic(diagnostic, file.source, show_source))
    for path, message in result.errors:
        lines.append(f"{path}: error: {message}")
    lines.append(summary(result))
    return "\n".join(lines) + "\n"


def _diagnostic(diagnostic: Diagnostic, source: Source | None, show_source: bool) -> list[str]:
    start = diagnostic.span.start
    out = [
        f"{diagnostic.span.path}:{start.line + 1}:{start.column + 1}: "
        f"{diagnostic.code} {diagnostic.message}"
    ]
    if show_source and source is not None and source.text:
        line = source.line_text(start.line)
        if line.strip():
            width = 1
            if diagnostic.span.end.line == start.line:
                width = max(1, diagnostic.span.end.column - start.column)
            prefix = "".join(ch if ch == "\t" else " " for ch in line[: start.column])
            out.append(f"  {line}")
            out.append(f"  {prefix}{'^' * min(width, max(1, len(line) - start.column))}")
    for related in diagnostic.related:
        pos = related.span.start
        out.append(
            f"  note: {related.span.path}:{pos.line + 1}:{pos.column + 1}: {related.message}"
        )
    return out


def summary(result: RunResult) -> str:
    diagnostics = result.diagnostics
    safe = sum(1 for d in diagnostics if d.fix is not None and d.fix.applicability == "safe")
    unsafe = sum(1 for d in diagnostics if d.fix is not None and d.fix.applicability == "unsafe")
    return (
        f"{_count(len(result.files), 'file')}, {_count(len(diagnostics), 'problem')}, "
        f"{safe} fixable with --fix ({unsafe} more with --unsafe-fixes)"
    )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
