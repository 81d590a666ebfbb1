"""Applying text edits, choosing which fixes go together, and showing the result.

Offsets are code-point offsets into a file's decoded text (see
:mod:`composelint.source`).  Nothing here touches the disk.
"""

from __future__ import annotations

import difflib
import sys
from bisect import bisect_right
from collections.abc import Iterable, Sequence

from composelint.diagnostics import Edit, Fix

__all__ = [
    "OverlapError",
    "apply_edits",
    "edited_line_ranges",
    "edits_by_path",
    "edits_conflict",
    "select_fixes",
    "unified_diff",
]


class OverlapError(ValueError):
    """Two edits of one text cover the same characters (or are out of range)."""

    def __init__(self, message: str, first: Edit | None = None, second: Edit | None = None) -> None:
        super().__init__(message)
        self.first = first
        self.second = second


# -- applying ---------------------------------------------------------------


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """``text`` with ``edits`` applied.

    Edits are ordered by start offset; edits starting at the same offset keep
    their given order (so two insertions at one point appear in the order
    given, and an insertion given before a replacement starting there lands in
    front of its new text).  At most one edit starting at an offset may
    replace characters.  Edits that touch (one ends where the next starts) are
    fine; edits sharing characters raise :class:`OverlapError`, as does an
    edit outside ``[0, len(text)]``.
    """
    if not edits:
        return text
    size = len(text)
    for edit in edits:
        if not 0 <= edit.start <= edit.end <= size:
            raise OverlapError(
                f"edit [{edit.start}, {edit.end}) is outside the text (length {size})", edit
            )
    out: list[str] = []
    cursor = 0
    for start, end, new_texts in _plan(edits):
        out.append(text[cursor:start])
        out.extend(new_texts)
        cursor = end
    out.append(text[cursor:])
    return "".join(out)


def _plan(edits: Sequence[Edit]) -> list[tuple[int, int, list[str]]]:
    """Edits merged per start offset: ``(start, end, new_texts)``, ascending.

    Raises :class:`OverlapError` when edits share characters.
    """
    ordered = sorted(edits, key=lambda e: e.start)  # stable: ties keep given order
    plan: list[tuple[int, int, list[str]]] = []
    cursor = 0
    previous: Edit | None = None  # the edit that moved the cursor last
    i = 0
    while i < len(ordered):
        start = ordered[i].start
        if start < cursor:
            raise OverlapError(_overlap_message(previous, ordered[i]), previous, ordered[i])
        end = start
        replacing: Edit | None = None
        texts: list[str] = []
        while i < len(ordered) and ordered[i].start == start:
            edit = ordered[i]
            if edit.end > start:
                if replacing is not None:
                    raise OverlapError(_overlap_message(replacing, edit), replacing, edit)
                replacing = edit
                end = edit.end
            texts.append(edit.new_text)
            i += 1
        plan.append((start, end, texts))
        cursor = end
        previous = replacing if replacing is not None else ordered[i - 1]
    return plan


def _overlap_message(a: Edit | None, b: Edit) -> str:
    if a is None:
        return f"edit [{b.start}, {b.end}) overlaps another edit"
    return f"edit [{b.start}, {b.end}) overlaps edit [{a.start}, {a.end})"


# -- choosing fixes -----------------------------------------------------------


def edits_conflict(a: Edit, b: Edit) -> bool:
    """Whether two edits (from different fixes) cannot be applied together.

    True when they share characters, or when they start at the same offset and
    either is an insertion (their relative order would be arbitrary).  Edits
    that merely touch (``a.end == b.start`` with ``a`` not empty) do not
    conflict, nor do edits of different paths.
    """
    if a.path != b.path:
        return False
    if a.start < b.end and b.start < a.end:
        return True
    return a.start == b.start and (a.start == a.end or b.start == b.end)


class _Chosen:
    """The edits of the fixes chosen so far, per path, sorted by (start, end)."""

    def __init__(self) -> None:
        self._keys: dict[str, list[tuple[int, int]]] = {}
        self._edits: dict[str, list[Edit]] = {}

    def conflicts(self, edit: Edit) -> bool:
        keys = self._keys.get(edit.path)
        if not keys:
            return False
        edits = self._edits[edit.path]
        # Chosen edits never share characters, so sorted by (start, end) their
        # ends never decrease: walk back from the last one starting at or
        # before edit.end until one ends before edit.start.
        i = bisect_right(keys, (edit.end, sys.maxsize)) - 1
        while i >= 0:
            other = edits[i]
            if other.end < edit.start:
                return False
            if edits_conflict(other, edit):
                return True
            i -= 1
        return False

    def add(self, edit: Edit) -> None:
        keys = self._keys.setdefault(edit.path, [])
        edits = self._edits.setdefault(edit.path, [])
        i = bisect_right(keys, (edit.start, edit.end))
        keys.insert(i, (edit.start, edit.end))
        edits.insert(i, edit)


def _check_own_edits(fix: Fix) -> None:
    """A fix's own edits must be applicable together (touching is fine)."""
    for path, edits in edits_by_path(fix.edits).items():
        try:
            _plan(edits)
        except OverlapError as exc:
            raise OverlapError(
                f"fix {fix.title!r} has overlapping edits in {path}: {exc}", exc.first, exc.second
            ) from None


def select_fixes(fixes: Sequence[Fix], *, unsafe: bool) -> tuple[list[Fix], list[Fix]]:
    """Choose the fixes to apply in one pass: ``(chosen, deferred)``.

    "safe" fixes are eligible always, "unsafe" ones only with ``unsafe=True``,
    "display-only" ones never (ineligible fixes are in neither list).  In the
    given order, a fix is chosen unless one of its edits conflicts (see
    :func:`edits_conflict`) with an edit of a fix already chosen; then the
    whole fix is deferred to a later pass (after re-linting the fixed text).
    A fix with the same edits as one already seen counts once.  A fix whose
    own edits overlap is a bug in the rule that made it: :class:`OverlapError`.
    """
    chosen: list[Fix] = []
    deferred: list[Fix] = []
    seen: set[tuple[Edit, ...]] = set()
    taken = _Chosen()
    allowed = ("safe", "unsafe") if unsafe else ("safe",)
    for fix in fixes:
        if fix.applicability not in allowed:  # "display-only" (or unknown)
            continue
        if fix.edits in seen:
            continue
        seen.add(fix.edits)
        _check_own_edits(fix)
        if any(taken.conflicts(edit) for edit in fix.edits):
            deferred.append(fix)
            continue
        for edit in fix.edits:
            taken.add(edit)
        chosen.append(fix)
    return chosen, deferred


def edits_by_path(edits: Iterable[Edit]) -> dict[str, list[Edit]]:
    """Edits grouped by path, each group in the given order."""
    out: dict[str, list[Edit]] = {}
    for edit in edits:
        out.setdefault(edit.path, []).append(edit)
    return out


# -- showing ----------------------------------------------------------------


def _split_lines(text: str) -> list[str]:
    """Lines with their ends, split on ``\\n`` only (not str.splitlines' many breaks)."""
    parts = text.split("\n")
    lines = [part + "\n" for part in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines


_NO_NEWLINE = "\\ No newline at end of file\n"


def unified_diff(path: str, before: str, after: str, *, context: int = 3) -> str:
    """A unified diff from ``before`` to ``after`` with ``a/path`` / ``b/path`` headers.

    Lines are compared with their exact endings, but shown with ``\\r\\n``
    turned into ``\\n`` so a CRLF file's diff has no stray carriage returns.
    A last line without a newline is marked like ``git diff`` does.  Identical
    texts give ``""``.
    """
    if before == after:
        return ""
    out: list[str] = []
    for line in difflib.unified_diff(
        _split_lines(before),
        _split_lines(after),
        fromfile=f"a/{path}",
        tofile=f"b/{path}",
        n=context,
    ):
        if line.endswith("\r\n"):
            out.append(line[:-2] + "\n")
        elif line.endswith("\n"):
            out.append(line)
        else:
            out.append(line + "\n" + _NO_NEWLINE)
    return "".join(out)


# -- where edits land -----------------------------------------------------------


def _line_starts(text: str) -> list[int]:
    starts = [0]
    i = text.find("\n")
    while i != -1:
        starts.append(i + 1)
        i = text.find("\n", i + 1)
    return starts


def edited_line_ranges(text: str, edits: Sequence[Edit]) -> list[tuple[int, int]]:
    """For each edit, the 0-based ``(first_line, last_line)`` of ``text`` it touches.

    A replacement or deletion touches the lines of its first and last replaced
    character; an insertion touches the line it is inserted into (counted even
    when it lands at the very start of that line).  When the text removed
    ends with a line's ``\n`` and the output before that point no longer ends
    with one, the following line is joined onto the edit and counts as
    touched too.  Every line outside these ranges is left byte-identical (and
    whole) by :func:`apply_edits`.  Overlapping edits raise
    :class:`OverlapError`.
    """
    _plan(edits)  # validate
    starts = _line_starts(text)

    def line_of(offset: int) -> int:
        return bisect_right(starts, offset) - 1

    ranges: list[tuple[int, int]] = []
    for edit in edits:
        first = line_of(edit.start)
        last = line_of(edit.end - 1) if edit.end > edit.start else first
        ranges.append((first, max(first, last)))

    # Which replacements remove a newline that nothing in the output restores?
    order = sorted(range(len(edits)), key=lambda k: edits[k].start)
    last_char = ""  # last character of the output produced so far
    cursor = 0
    k = 0
    while k < len(order):
        start = edits[order[k]].start
        if start > cursor:
            last_char = text[start - 1]
        replacing: int | None = None
        while k < len(order) and edits[order[k]].start == start:
            edit = edits[order[k]]
            if edit.new_text:
                last_char = edit.new_text[-1]
            if edit.end > edit.start:
                replacing = order[k]
            k += 1
        if replacing is not None:
            end = edits[replacing].end
            cursor = end
            if text[end - 1] == "\n" and last_char not in ("", "\n"):
                first, _last = ranges[replacing]
                ranges[replacing] = (first, line_of(end))
    return ranges
