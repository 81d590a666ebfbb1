"""Fixes: applying edits, choosing fixes per pass, diffs, and atomic writes."""

from composelint.fix.edits import (
    OverlapError,
    apply_edits,
    edited_line_ranges,
    edits_by_path,
    edits_conflict,
    select_fixes,
    unified_diff,
)
from composelint.fix.write import TEMP_PREFIX, ChangedOnDisk, WriteError, write_atomic, write_source

__all__ = [
    "TEMP_PREFIX",
    "ChangedOnDisk",
    "OverlapError",
    "WriteError",
    "apply_edits",
    "edited_line_ranges",
    "edits_by_path",
    "edits_conflict",
    "select_fixes",
    "unified_diff",
    "write_atomic",
    "write_source",
]
