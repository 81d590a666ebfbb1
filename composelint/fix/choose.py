"""Which fixes a pass applies: one file's fixes, at the level every reader of it agrees on.

A fix in a compose file that several projects read is applied only when each of
them proposes it: editing the file changes every project that reads it.  What each
project proposed in such a file is recorded while the rules run (``Proposals``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from msgspec.structs import replace

from composelint.diagnostics import Applicability, Diagnostic, Edit, Fix
from composelint.fix.edits import apply_edits, select_fixes

Proposals = dict[tuple[Edit, ...], set[str]]  # edits -> the levels one project proposed

_LEVELS = tuple(Applicability)


def agreed_level(fix: Fix, proposals: Mapping[str, list[Proposals]]) -> str:
    """The fix's level, lowered to what every project that reads a file it edits proposes
    it at (display-only when one of them does not propose it).  Editing a file that
    several projects read changes all of them: one project's rules cannot decide it."""
    level = fix.applicability
    if level not in _LEVELS:
        return level
    for path in {edit.path for edit in fix.edits}:
        for proposed in proposals.get(path, ()):
            theirs = [_LEVELS.index(a) for a in proposed.get(fix.edits, ()) if a in _LEVELS]
            level = _LEVELS[max(_LEVELS.index(level), min(theirs, default=len(_LEVELS) - 1))]
    return level


def fixes_by_path(
    diagnostics: Iterable[Diagnostic], proposals: Mapping[str, list[Proposals]]
) -> dict[str, list[Fix]]:
    """Each file's fixes at their agreed level; a fix editing several files is only shown."""
    by_path: dict[str, list[Fix]] = {}
    for diagnostic in diagnostics:
        fix = diagnostic.fix
        if fix is None or not fix.edits:
            continue
        paths = {edit.path for edit in fix.edits}
        if len(paths) != 1:
            continue  # cross-file fixes are shown, not applied
        level = agreed_level(fix, proposals)
        if level != fix.applicability:  # a file several projects read, not all propose it
            fix = replace(fix, applicability=level)
        by_path.setdefault(paths.pop(), []).append(fix)
    return by_path


def fixed_text(text: str, fixes: list[Fix], *, unsafe: bool) -> tuple[str, list[Fix]]:
    """``text`` with the fixes of this pass applied, and those fixes (raises OverlapError)."""
    chosen, _deferred = select_fixes(fixes, unsafe=unsafe)
    if not chosen:
        return text, []
    return apply_edits(text, [e for fix in chosen for e in fix.edits]), chosen


def lowered(
    diagnostics: list[Diagnostic], proposals: Mapping[str, list[Proposals]]
) -> list[Diagnostic]:
    """The findings with each fix the readers of its file do not all propose as display-only."""
    if not proposals:
        return diagnostics
    out: dict[Diagnostic, None] = {}  # two findings may now be one
    for diagnostic in diagnostics:
        fix = diagnostic.fix
        if fix is not None and fix.edits:
            level = agreed_level(fix, proposals)
            if level != fix.applicability:
                diagnostic = replace(diagnostic, fix=replace(fix, applicability=level))
        out[diagnostic] = None
    return list(out)
