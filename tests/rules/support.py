"""Running one rule on a few files, and its fix to a fixed point."""

from __future__ import annotations

from pathlib import Path

from composelint.diagnostics import Diagnostic
from composelint.rules.selection import Selection
from composelint.run.engine import run
from composelint.run.fixing import fix_run


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def findings(root: Path, files: dict[str, str], code: str) -> list[Diagnostic]:
    """``code``'s findings in ``files`` (the code selected, opt-in or not)."""
    write(root, files)
    result = run([str(root)], environ={}, selection=Selection(select=(code,)))
    return [d for d in result.diagnostics if d.code == code]


def lines(root: Path, files: dict[str, str], code: str) -> list[int]:
    """The 1-based lines of ``code``'s findings."""
    return [d.span.start.line + 1 for d in findings(root, files, code)]


def fixed(root: Path, name: str, text: str, code: str) -> str:
    """The text ``--fix --unsafe-fixes`` with ``code`` on makes of ``text``: the result
    parses and passes the schema, ``code`` is gone from it, and fixing again changes nothing."""
    selection = Selection(extend_select=(code,))
    path = root / name
    write(root, {name: text})
    outcome = fix_run([str(root)], unsafe=True, selection=selection, environ={})
    assert not outcome.failures, [d.message for d in outcome.failures]
    result = outcome.changed.get(str(path), text)
    path.write_text(result, encoding="utf-8")
    check = run([str(root)], environ={}, selection=Selection(select=("CL001", "CL002", code)))
    left = [d.code for d in check.diagnostics if d.span.path == str(path)]
    assert left == [], left
    again = fix_run([str(root)], unsafe=True, selection=selection, environ={})
    assert again.changed == {} and not again.failures
    return result
