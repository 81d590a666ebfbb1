"""LSP-shaped JSON (design §5): each ``files[]`` entry is PublishDiagnosticsParams."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from composelint import __version__
from composelint.diagnostics import Diagnostic
from composelint.engine import FileResult, RunResult
from composelint.source import Position, Source, Span

FORMAT_VERSION = 1


def lsp_range(source: Source | None, span: Span) -> dict[str, Any]:
    return {"start": _position(source, span.start), "end": _position(source, span.end)}


def _position(source: Source | None, pos: Position) -> dict[str, int]:
    column = source.utf16_column(pos) if source is not None else pos.column
    return {"line": pos.line, "character": column}


def lsp_diagnostic(
    diagnostic: Diagnostic, sources: dict[str, Source], docs_url: str | None
) -> dict[str, Any]:
    source = sources.get(diagnostic.span.path)
    out: dict[str, Any] = {
        "range": lsp_range(source, diagnostic.span),
        "severity": int(diagnostic.severity),
        "code": diagnostic.code,
        "source": "composelint",
    }
    if docs_url:
        out["codeDescription"] = {"href": f"{docs_url.rstrip('/')}/{diagnostic.code}.md"}
    out["message"] = diagnostic.message
    out["relatedInformation"] = [
        {
            "location": {
                "uri": Path(r.span.path).resolve().as_uri(),
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
                    "range": lsp_range(
                        sources.get(e.path),
                        sources[e.path].span(e.start, e.end)
                        if e.path in sources
                        else diagnostic.span,
                    ),
                    "newText": e.new_text,
                }
                for e in fix.edits
            ],
        },
    }
    return out


def render(result: RunResult, docs_url: str | None = None) -> str:
    sources = {f.path: f.source for f in result.files if f.source is not None}
    files = [_file_entry(f, sources, docs_url) for f in result.files]
    diagnostics = result.diagnostics
    fixes = [d.fix for d in diagnostics if d.fix is not None]
    document = {
        "version": FORMAT_VERSION,
        "tool": {"name": "composelint", "version": __version__},
        "files": files,
        "summary": {
            "files": len(result.files),
            "diagnostics": len(diagnostics),
            "fixable": sum(1 for f in fixes if f.applicability == "safe"),
            "unsafe_fixable": sum(1 for f in fixes if f.applicability == "unsafe"),
        },
    }
    if result.errors:
        document["errors"] = [{"path": p, "message": m} for p, m in result.errors]
    return json.dumps(document, indent=1, ensure_ascii=False)


def _file_entry(
    result: FileResult, sources: dict[str, Source], docs_url: str | None
) -> dict[str, Any]:
    return {
        "uri": Path(result.path).resolve().as_uri(),
        "path": result.path,
        "diagnostics": [lsp_diagnostic(d, sources, docs_url) for d in result.diagnostics],
    }
