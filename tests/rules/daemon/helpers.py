"""Running the daemon rules on one daemon.json, and its fix to a fixed point."""

from __future__ import annotations

import json
from pathlib import Path

from composelint.diagnostics import Diagnostic
from composelint.rules.selection import Selection
from composelint.run.engine import run
from composelint.run.fixing import fix_run

NAME = "etc/docker/daemon.json"


def write(root: Path, text: str, name: str = NAME) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def findings(root: Path, text: str, code: str) -> list[Diagnostic]:
    """``code``'s findings in a daemon.json holding ``text`` (the code selected)."""
    write(root, text)
    result = run([str(root)], environ={}, selection=Selection(select=(code,)))
    return [d for d in result.diagnostics if d.code == code]


def fixed(root: Path, text: str) -> str:
    """The text ``--fix --unsafe-fixes`` makes of ``text``; fixing that again changes nothing."""
    path = write(root, text)
    outcome = fix_run([str(root)], unsafe=True, environ={})
    assert not outcome.failures, [d.message for d in outcome.failures]
    result = outcome.changed.get(str(path), text)
    json.loads(result)
    path.write_text(result, encoding="utf-8")
    again = fix_run([str(root)], unsafe=True, environ={})
    assert again.changed == {} and not again.failures
    return result
