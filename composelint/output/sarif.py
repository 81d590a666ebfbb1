"""SARIF 2.1.0 for code scanning: the rules (as the caller describes them), results with fixes."""

from __future__ import annotations

import io
import json
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any

from composelint import __version__
from composelint.diagnostics import Diagnostic, Severity
from composelint.diagnostics.report import (
    FileReport,
    InMemoryRun,
    Tally,
    TextPositions,
    edit_span,
    reports_of,
)
from composelint.diagnostics.rule_info import RuleInfo
from composelint.output.writer import write_all
from composelint.source import Position, Span

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
# GitHub code scanning ranks security results by this score (a number as a string):
# 9.0+ critical, 7.0-8.9 high, 4.0-6.9 medium, below that low.  A rule's default
# severity decides it.
SECURITY_SEVERITY = {
    Severity.ERROR: "8.0",
    Severity.WARNING: "6.0",
    Severity.INFORMATION: "3.0",
    Severity.HINT: "1.0",
}
_LEVELS = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFORMATION: "note",
    Severity.HINT: "note",
}


def _region(source: TextPositions | None, span: Span) -> dict[str, int]:
    """SARIF regions are 1-based, columns in UTF-16 code units like LSP's."""

    def column(pos: Position) -> int:
        return (source.utf16_column(pos) if source is not None else pos.column) + 1

    return {
        "startLine": span.start.line + 1,
        "startColumn": column(span.start),
        "endLine": span.end.line + 1,
        "endColumn": column(span.end),
    }


def _location(
    span: Span, sources: Mapping[str, TextPositions], message: str | None = None
) -> dict[str, Any]:
    location: dict[str, Any] = {
        "physicalLocation": {
            "artifactLocation": {"uri": Path(span.path).as_posix()},
            "region": _region(sources.get(span.path), span),
        }
    }
    if message:
        location["message"] = {"text": message}
    return location


def _rules(
    codes: list[str], docs_url: str | None, infos: Mapping[str, RuleInfo]
) -> list[dict[str, Any]]:
    rules = []
    for code in codes:
        info = infos.get(code)
        name = info.name if info is not None else code.lower()
        severity = info.severity if info is not None else Severity.WARNING
        rule: dict[str, Any] = {
            "id": code,
            "name": name,
            "shortDescription": {"text": info.summary if info is not None else name},
            "defaultConfiguration": {"level": _LEVELS[severity]},
        }
        rule["properties"] = _properties(info, severity)
        if info is not None and info.description:
            rule["fullDescription"] = {"text": info.description}
        if info is not None and info.help_markdown:
            rule["help"] = {"text": info.summary, "markdown": info.help_markdown}
        help_uri = info.help_uri if info is not None else None
        if help_uri is None and docs_url:
            help_uri = f"{docs_url.rstrip('/')}/{code}.md"
        if help_uri:
            rule["helpUri"] = help_uri
        rules.append(rule)
    return rules


def _properties(info: RuleInfo | None, severity: Severity) -> dict[str, Any]:
    if info is not None and not info.security:
        return {"tags": ["correctness"], "precision": info.precision}
    properties: dict[str, Any] = {
        "tags": ["security"],
        "precision": info.precision if info is not None else "high",
        "security-severity": SECURITY_SEVERITY[severity],
    }
    if info is not None and info.group:
        properties["tags"].append(info.group)
    return properties


def _result(
    d: Diagnostic, index: dict[str, int], sources: Mapping[str, TextPositions]
) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": d.code,
        "ruleIndex": index[d.code],
        "level": _LEVELS[d.severity],
        "message": {"text": d.message},
        "locations": [_location(d.span, sources)],
    }
    if d.related:
        result["relatedLocations"] = [
            {"id": n, **_location(r.span, sources, r.message)} for n, r in enumerate(d.related)
        ]
    if d.fix is not None and d.fix.edits:
        by_file: dict[str, list[dict[str, Any]]] = {}
        for edit in d.fix.edits:
            source, span = edit_span(sources, edit, d.span)
            by_file.setdefault(edit.path, []).append(
                {
                    "deletedRegion": _region(source, span),
                    "insertedContent": {"text": edit.new_text},
                }
            )
        result["fixes"] = [
            {
                "description": {"text": f"{d.fix.title} ({d.fix.applicability})"},
                "artifactChanges": [
                    {"artifactLocation": {"uri": Path(p).as_posix()}, "replacements": r}
                    for p, r in by_file.items()
                ],
            }
        ]
    return result


class SarifWriter:
    """SARIF lists the rules before the results: the reports are kept until ``finish``."""

    def __init__(
        self, out: IO[str], docs_url: str | None, rules: Mapping[str, RuleInfo] | None = None
    ) -> None:
        self.out = out
        self.docs_url = docs_url
        self.rules = rules or {}
        self.reports: list[FileReport] = []

    def file(self, report: FileReport) -> None:
        self.reports.append(report)

    def finish(self, errors: list[tuple[str, str]], tally: Tally) -> None:
        codes = sorted({d.code for r in self.reports for d in r.diagnostics})
        index = {code: n for n, code in enumerate(codes)}
        run: dict[str, Any] = {
            "tool": {
                "driver": {
                    "name": "composelint",
                    "version": __version__,
                    "informationUri": self.docs_url or "https://github.com/composelint/composelint",
                    "rules": _rules(codes, self.docs_url, self.rules),
                }
            },
            "artifacts": [{"location": {"uri": Path(r.path).as_posix()}} for r in self.reports],
            "results": [_result(d, index, r.sources) for r in self.reports for d in r.diagnostics],
        }
        if errors:
            run["invocations"] = [
                {
                    "executionSuccessful": False,
                    "toolExecutionNotifications": [
                        {"level": "error", "message": {"text": f"{path}: {message}"}}
                        for path, message in errors
                    ],
                }
            ]
        document = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
        self.out.write(json.dumps(document, indent=1))


def render(
    result: InMemoryRun, docs_url: str | None = None, rules: Mapping[str, RuleInfo] | None = None
) -> str:
    out = io.StringIO()
    write_all(SarifWriter(out, docs_url, rules), reports_of(result.files), result.errors)
    return out.getvalue()
