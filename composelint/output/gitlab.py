"""GitLab Code Quality: a JSON array of issues with the fields GitLab documents
(``description``, ``check_name``, ``fingerprint``, ``severity``, ``location.path``,
``location.lines.begin``), for a job's ``artifacts:reports:codequality``.

GitLab compares a merge request's report with its target branch's by fingerprint, so
the fingerprint leaves the line number out: the path, the code, the finding's line text
and how many identical findings came before it in the file.  A finding stays the same
issue when lines above it move.
"""

from __future__ import annotations

import hashlib
import json
from typing import IO

from composelint.diagnostics import Severity
from composelint.diagnostics.report import FileReport, Tally

_SEVERITIES = {
    Severity.ERROR: "critical",
    Severity.WARNING: "major",
    Severity.INFORMATION: "info",
    Severity.HINT: "info",
}


def _fingerprint(path: str, code: str, text: str, seen: dict[tuple[str, str], int]) -> str:
    nth = seen.get((code, text), 0)
    seen[(code, text)] = nth + 1
    key = "\0".join((path, code, text, str(nth)))
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]


class GitlabWriter:
    """Writes the array as files come: ``[`` first, each issue, ``]`` at the end."""

    def __init__(self, out: IO[str]) -> None:
        self.out = out
        self.first = True
        self.out.write("[")

    def _issue(self, issue: dict[str, object]) -> None:
        self.out.write(("\n" if self.first else ",\n") + json.dumps(issue, ensure_ascii=False))
        self.first = False

    def file(self, report: FileReport) -> None:
        source = report.sources.get(report.path)
        seen: dict[tuple[str, str], int] = {}
        for d in report.diagnostics:
            line = d.span.start.line
            text = (source.line_text(line) if source is not None else "").strip()
            self._issue(
                {
                    "type": "issue",
                    "description": f"{d.code} {d.message}",
                    "check_name": d.code,
                    "fingerprint": _fingerprint(d.span.path, d.code, text, seen),
                    "severity": _SEVERITIES[d.severity],
                    "categories": ["Security"],
                    "location": {"path": d.span.path, "lines": {"begin": line + 1}},
                }
            )

    def finish(self, errors: list[tuple[str, str]], tally: Tally) -> None:
        for path, message in errors:  # an unreadable path: an issue on its first line
            self._issue(
                {
                    "type": "issue",
                    "description": message,
                    "check_name": "composelint",
                    "fingerprint": _fingerprint(path, "error", message, {}),
                    "severity": "blocker",
                    "location": {"path": path, "lines": {"begin": 1}},
                }
            )
        self.out.write("\n]\n" if not self.first else "]\n")
