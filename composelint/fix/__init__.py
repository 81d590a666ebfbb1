"""Fixes: applying edits, choosing fixes per pass, diffs, and atomic writes.

The names below are imported on first use: the rules import
``composelint.yaml.edit`` on every check, and a check that fixes nothing
should not pay for ``difflib`` and ``tempfile``.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_WHERE = {
    "OverlapError": "edits",
    "apply_edits": "edits",
    "edited_line_ranges": "edits",
    "edits_by_path": "edits",
    "edits_conflict": "edits",
    "select_fixes": "edits",
    "unified_diff": "edits",
    "TEMP_PREFIX": "write",
    "ChangedOnDisk": "write",
    "WriteError": "write",
    "write_atomic": "write",
    "write_source": "write",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
