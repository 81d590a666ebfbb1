"""A baseline: the findings a repository accepted when it adopted composelint.

``--write-baseline FILE`` records every current finding; ``--baseline FILE`` hides the
findings it records, so a check reports only what is new.  A finding is matched by its
code, its file (relative to the baseline's directory) and a fingerprint of the line it
sits on (whitespace around it stripped), not by its line number: lines added or removed
above it do not bring it back.  Identical lines with the same finding are counted.

The file is JSON::

    {"version": 1,
     "findings": [{"path": "deploy/compose.yml", "code": "CL102",
                   "fingerprint": "3f2a…", "count": 1}, …]}
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable

from composelint.diagnostics import Diagnostic
from composelint.diagnostics.report import FileReport

VERSION = 1

Key = tuple[str, str, str]  # (path relative to the baseline's directory, code, fingerprint)


class BaselineError(ValueError):
    pass


def fingerprint(code: str, line_text: str) -> str:
    # hashlib loads OpenSSL (3 MB resident, 3 ms): imported only once a baseline is used,
    # not by every check that imports this module for its error class.
    import hashlib

    key = f"{code}\0{line_text.strip()}"
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:20]


def _relative(path: str, root: str) -> str:
    return os.path.relpath(os.path.abspath(path), root).replace(os.sep, "/")


def keys(report: FileReport, root: str) -> list[tuple[Key, Diagnostic]]:
    """Each finding of ``report`` with the key a baseline records it under."""
    source = report.sources.get(report.path)
    out = []
    for d in report.diagnostics:
        text = source.line_text(d.span.start.line) if source is not None else ""
        out.append(((_relative(d.span.path, root), d.code, fingerprint(d.code, text)), d))
    return out


class Recorder:
    """Collects the keys of the findings reported, for ``--write-baseline``."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.root = os.path.dirname(os.path.abspath(path))
        self.found: Counter[Key] = Counter()

    def add(self, report: FileReport) -> None:
        self.found.update(key for key, d in keys(report, self.root) if d.code != "CL000")

    def text(self) -> str:
        findings = [
            {"path": path, "code": code, "fingerprint": print_, "count": count}
            for (path, code, print_), count in sorted(self.found.items())
        ]
        return json.dumps({"version": VERSION, "findings": findings}, indent=1) + "\n"


class Baseline:
    """The findings a baseline file accepts, and a filter that hides them."""

    def __init__(self, path: str, accepted: Counter[Key]) -> None:
        self.path = path
        self.root = os.path.dirname(os.path.abspath(path))
        self.left = accepted  # counts still to hide
        self.hidden = 0

    @classmethod
    def read(cls, path: str) -> Baseline:
        try:
            with open(path, encoding="utf-8") as handle:
                document = json.load(handle)
        except OSError as exc:
            raise BaselineError(f"{path}: cannot read: {exc.strerror or exc}") from None
        except (ValueError, UnicodeDecodeError) as exc:
            message = f"{path}: not a composelint baseline (invalid JSON: {exc})"
            raise BaselineError(message) from None
        if not isinstance(document, dict) or document.get("version") != VERSION:
            raise BaselineError(f"{path}: not a composelint baseline of version {VERSION}")
        accepted: Counter[Key] = Counter()
        for key, count in _entries(document.get("findings"), path):
            accepted[key] += count
        return cls(path, accepted)

    def hide(self, report: FileReport) -> FileReport:
        """``report`` without the findings the baseline accepts (CL000 is never hidden)."""
        kept = []
        for key, d in keys(report, self.root):
            if d.code != "CL000" and self.left[key] > 0:
                self.left[key] -= 1
                self.hidden += 1
            else:
                kept.append(d)
        if len(kept) == len(report.diagnostics):
            return report
        return FileReport(report.path, report.kind, kept, report.sources)


def _entries(value: object, path: str) -> Iterable[tuple[Key, int]]:
    if not isinstance(value, list):
        raise BaselineError(f"{path}: 'findings' must be a list")
    for entry in value:
        if not isinstance(entry, dict):
            raise BaselineError(f"{path}: a finding must be an object")
        where, code, print_ = entry.get("path"), entry.get("code"), entry.get("fingerprint")
        count = entry.get("count", 1)
        if not (
            isinstance(where, str)
            and isinstance(code, str)
            and isinstance(print_, str)
            and isinstance(count, int)
        ):
            raise BaselineError(f"{path}: a finding needs path, code, fingerprint and count")
        yield (where, code, print_), count
