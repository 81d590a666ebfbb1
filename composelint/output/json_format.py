"""LSP-shaped JSON (design §5): each ``files[]`` entry is PublishDiagnosticsParams."""

from __future__ import annotations

import io
import os
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote_from_bytes

from composelint import __version__
from composelint.diagnostics import Diagnostic
from composelint.diagnostics.report import (
    FileReport,
    InMemoryRun,
    Tally,
    TextPositions,
    edit_span,
    reports_of,
)
from composelint.diagnostics.rule_info import RuleInfo
from composelint.output.json_text import dumps
from composelint.output.writer import write_all
from composelint.source import Position, Span

FORMAT_VERSION = 1


def lsp_range(source: TextPositions | None, span: Span) -> dict[str, Any]:
    return {"start": _position(source, span.start), "end": _position(source, span.end)}


def _position(source: TextPositions | None, pos: Position) -> dict[str, int]:
    column = source.utf16_column(pos) if source is not None else pos.column
    return {"line": pos.line, "character": column}


def lsp_diagnostic(
    diagnostic: Diagnostic,
    sources: Mapping[str, TextPositions],
    docs_url: str | None,
    rules: Mapping[str, RuleInfo] | None = None,
) -> dict[str, Any]:
    """One finding as an LSP ``Diagnostic``; ``codeDescription`` links the rule's
    documentation (its own link when ``rules`` describes it, else the spec under
    ``docs_url``)."""
    source = sources.get(diagnostic.span.path)
    out: dict[str, Any] = {
        "range": lsp_range(source, diagnostic.span),
        "severity": int(diagnostic.severity),
        "code": diagnostic.code,
        "source": "composelint",
    }
    href = _help_uri(diagnostic.code, docs_url, rules)
    if href:
        out["codeDescription"] = {"href": href}
    out["message"] = diagnostic.message
    out["relatedInformation"] = [
        {
            "location": {
                "uri": _uri(r.span.path),
                "range": lsp_range(sources.get(r.span.path), r.span),
            },
            "message": r.message,
        }
        for r in diagnostic.related
    ]
    fix = diagnostic.fix
    out["data"] = {
        "rule": diagnostic.name,
        "fix": None
        if fix is None
        else {
            "title": fix.title,
            "applicability": fix.applicability,
            "edits": [
                {
                    "range": lsp_range(*edit_span(sources, e, diagnostic.span)),
                    "newText": e.new_text,
                }
                for e in fix.edits
            ],
        },
    }
    return out


def _help_uri(code: str, docs_url: str | None, rules: Mapping[str, RuleInfo] | None) -> str | None:
    info = rules.get(code) if rules else None
    if info is not None:
        return info.help_uri
    return f"{docs_url.rstrip('/')}/{code}.md" if docs_url else None


def _uri(path: str) -> str:
    """``Path(path).resolve().as_uri()``, each directory resolved and quoted once."""
    if os.path.islink(path):
        return Path(path).resolve().as_uri()
    directory, name = os.path.split(path)
    return _directory_uri(os.getcwd(), directory or ".") + quote_from_bytes(os.fsencode(name))


# Files come in tree order: the last few hundred directories are the ones asked for
# again (a bigger cache held 2 MB on the 10k-file tree).
@lru_cache(maxsize=256)
def _directory_uri(cwd: str, directory: str) -> str:
    uri = Path(_real_directory(os.path.join(cwd, directory))).as_uri()
    return uri if uri.endswith("/") else uri + "/"


@lru_cache(maxsize=256)
def _real_directory(path: str) -> str:
    """``os.path.realpath`` of a directory, resolving its parent once for all its children
    (one ``lstat`` per new directory instead of one per component)."""
    parent, name = os.path.split(path)
    if not name or parent == path:
        return os.path.realpath(path)
    if name in (".", ".."):
        return os.path.realpath(path)
    candidate = os.path.join(_real_directory(parent), name)
    return os.path.realpath(candidate) if os.path.islink(candidate) else candidate


class JsonWriter:
    """Writes the document as it goes: the header, one ``files`` entry per report, the
    summary.  The text is what ``json.dumps(document, indent=1)`` gives."""

    def __init__(
        self,
        out: IO[str],
        docs_url: str | None,
        rules: Mapping[str, RuleInfo] | None = None,
        *,
        statistics: bool = False,
    ) -> None:
        self.out = out
        self.statistics = statistics  # an added "statistics" key: a count per code
        self.docs_url = docs_url
        self.rules = rules
        self.count = 0
        tool = {"name": "composelint", "version": __version__}
        out.write(f'{{\n "version": {FORMAT_VERSION},\n "tool": {dumps(tool, 1)},\n "files": [')

    def file(self, report: FileReport) -> None:
        entry = {
            "uri": _uri(report.path),
            "path": report.path,
            "diagnostics": [
                lsp_diagnostic(d, report.sources, self.docs_url, self.rules)
                for d in report.diagnostics
            ],
        }
        self.out.write(("\n  " if self.count == 0 else ",\n  ") + dumps(entry, 2))
        self.count += 1

    def finish(self, errors: list[tuple[str, str]], tally: Tally) -> None:
        summary = {
            "files": tally.files,
            "diagnostics": tally.diagnostics,
            "fixable": tally.fixable,
            "unsafe_fixable": tally.unsafe_fixable,
        }
        self.out.write(("\n ]" if self.count else "]") + f',\n "summary": {dumps(summary, 1)}')
        if errors:
            listed = [{"path": p, "message": m} for p, m in errors]
            self.out.write(f',\n "errors": {dumps(listed, 1)}')
        if self.statistics:
            from composelint.output.statistics import rows

            self.out.write(f',\n "statistics": {dumps(rows(tally, self.rules), 1)}')
        self.out.write("\n}")


def render(
    result: InMemoryRun, docs_url: str | None = None, rules: Mapping[str, RuleInfo] | None = None
) -> str:
    out = io.StringIO()
    write_all(JsonWriter(out, docs_url, rules), reports_of(result.files), result.errors)
    return out.getvalue()
