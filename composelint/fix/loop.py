"""The fix loop: apply fixes as text edits, re-lint, repeat to a fixed point.

Each pass applies the non-overlapping fixes the run allows to the current text
of each file (kept in an overlay, nothing written yet), then lints again.  A
pass whose result no longer parses, or has a syntax or schema error the file
did not have before, is rolled back for that file and reported as CL000.
Files are written once at the end, atomically, only if they changed.  A fix in a
compose file that several projects read is applied only when each of them proposes it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from composelint.config import Config
from composelint.diagnostics import Applicability, Diagnostic, Fix, make
from composelint.fix.edits import OverlapError, apply_edits, select_fixes
from composelint.records import field, record, replace
from composelint.rules.selection import Selection
from composelint.run.engine import RunResult, run
from composelint.source import Source

MAX_PASSES = 10
_BREAKING = ("CL001", "CL002", "CL005")


@record
class FixOutcome:
    result: RunResult  # the lint of the fixed text
    originals: dict[str, Source] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)  # path -> fixed text
    applied: dict[str, list[Fix]] = field(default_factory=dict)
    failures: list[Diagnostic] = field(default_factory=list)

    @property
    def changed(self) -> dict[str, str]:
        originals = self.originals  # buffers given as overlay but never fixed are not here
        return {p: t for p, t in self.texts.items() if p in originals and t != originals[p].text}


def fix_run(
    paths: Sequence[str],
    *,
    unsafe: bool,
    selection: Selection | None = None,
    environ: Mapping[str, str] | None = None,
    config: Config | None = None,
    overlay: Mapping[str, str] | None = None,
) -> FixOutcome:
    """Fix ``paths`` to a fixed point; ``overlay`` gives texts that stand in for files on
    disk (an editor's buffers): the fixes start from them, and nothing is written here."""
    overlay = dict(overlay or {})
    # The loop must see syntax and schema errors to judge a pass, whatever is selected.
    wanted = selection or Selection()
    selection = replace(wanted, always=_BREAKING)
    outcome = FixOutcome(run(paths, environ, selection, overlay, config, parallel=False))
    frozen: set[str] = set()
    for _pass in range(MAX_PASSES):
        before = outcome.result
        changed = _apply_pass(outcome, overlay, frozen, unsafe)
        if not changed:
            break
        outcome.result = run(paths, environ, selection, overlay, config, parallel=False)
        rolled_back = _rollback_breakage(outcome, before, changed, overlay, frozen)
        rolled_back |= _rollback_unexpected(outcome, before, changed, overlay, frozen)
        if rolled_back:
            outcome.result = run(paths, environ, selection, overlay, config, parallel=False)
    outcome.texts = dict(overlay)
    _lower_unagreed(outcome.result)
    for file in outcome.result.files:
        file.diagnostics = [d for d in file.diagnostics if wanted.wants(d.code)]
    _report_failures(outcome)
    return outcome


def _apply_pass(
    outcome: FixOutcome, overlay: dict[str, str], frozen: set[str], unsafe: bool
) -> dict[str, tuple[str, list[Fix]]]:
    """Apply one round of fixes; returns path -> (previous text, fixes applied)."""
    by_path: dict[str, list[Fix]] = {}
    sources = {f.path: f.source for f in outcome.result.files if f.source is not None}
    for diagnostic in outcome.result.diagnostics:
        fix = diagnostic.fix
        if fix is None or not fix.edits:
            continue
        paths = {edit.path for edit in fix.edits}
        if len(paths) != 1:
            continue  # cross-file fixes are shown, not applied
        level = _agreed_level(fix, outcome.result.proposals)
        if level != fix.applicability:  # a file several projects read, not all propose it
            fix = replace(fix, applicability=level)
        by_path.setdefault(paths.pop(), []).append(fix)
    changed: dict[str, tuple[str, list[Fix]]] = {}
    for path, fixes in by_path.items():
        source = sources.get(path)
        if source is None or path in frozen:
            continue
        try:
            chosen, _deferred = select_fixes(fixes, unsafe=unsafe)
            if not chosen:
                continue
            text = apply_edits(source.text, [e for fix in chosen for e in fix.edits])
        except OverlapError as exc:
            outcome.failures.append(
                make("CL000", f"a fix made overlapping edits: {exc}", source.span(0, 0))
            )
            frozen.add(path)
            continue
        if text == source.text:
            continue
        outcome.originals.setdefault(path, source)
        changed[path] = (source.text, chosen)
        overlay[path] = text
        outcome.applied.setdefault(path, []).extend(chosen)
    return changed


_LEVELS = tuple(Applicability)


def _agreed_level(fix: Fix, proposals: Mapping[str, list[dict]]) -> str:
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


def _lower_unagreed(result: RunResult) -> None:
    """Show a fix that the projects reading its file do not all propose as display-only."""
    if not result.proposals:
        return
    for file in result.files:
        lowered: dict[Diagnostic, None] = {}  # two findings may now be one
        for diagnostic in file.diagnostics:
            fix = diagnostic.fix
            if fix is not None and fix.edits:
                level = _agreed_level(fix, result.proposals)
                if level != fix.applicability:
                    diagnostic = replace(diagnostic, fix=replace(fix, applicability=level))
            lowered[diagnostic] = None
        file.diagnostics = list(lowered)


def _rollback_breakage(
    outcome: FixOutcome,
    before: RunResult,
    changed: dict[str, tuple[str, list[Fix]]],
    overlay: dict[str, str],
    frozen: set[str],
) -> bool:
    old = _breaking(before)
    new = _breaking(outcome.result)
    rolled = False
    for path, (previous, fixes) in changed.items():
        added = new.get(path, set()) - old.get(path, set())
        if added:
            _roll_back(
                outcome,
                path,
                previous,
                fixes,
                overlay,
                frozen,
                f"would have broken the file ({sorted(added)[0]})",
            )
            rolled = True
    return rolled


def _roll_back(
    outcome: FixOutcome,
    path: str,
    previous: str,
    fixes: list[Fix],
    overlay: dict[str, str],
    frozen: set[str],
    what: str,
) -> None:
    """Put ``path`` back as it was before this pass, fix it no further, report CL000."""
    overlay[path] = previous
    frozen.add(path)
    outcome.applied[path] = [f for f in outcome.applied.get(path, []) if f not in fixes]
    titles = ", ".join(sorted({f.title for f in fixes}))
    outcome.failures.append(
        make(
            "CL000",
            f"fixes ({titles}) {what}; they were not applied, please report this",
            outcome.originals[path].span(0, 0),
        )
    )


def _rollback_unexpected(
    outcome: FixOutcome,
    before: RunResult,
    changed: dict[str, tuple[str, list[Fix]]],
    overlay: dict[str, str],
    frozen: set[str],
) -> bool:
    """Roll back files whose loaded data changed where no applied fix said it would."""
    # Keyed by every file read: two projects can start from the same shared file.
    old = {tuple(p.files): p for p in before.projects}
    every = [c for _text, fixes in changed.values() for fix in fixes for c in fix.changes]
    literals = _declared_literals(before.projects, every)
    rolled = False
    for project in outcome.result.projects:
        previous = old.get(tuple(project.files))
        touched = [f for f in project.files if f in changed and f not in frozen]
        if previous is None or previous.tree is None or project.tree is None or not touched:
            continue
        declared = [c for f in touched for fix in changed[f][1] for c in fix.changes]
        allowed = _with_shared_places(previous.tree, declared, literals)
        surprise = next(
            (
                p
                for p in data_diff(previous.tree.data, project.tree.data)
                if not any(p[: len(a)] == a for a in allowed)
            ),
            None,
        )
        if surprise is None:
            continue
        where = ".".join(str(p) for p in surprise) or "the document"
        for path in touched:
            _roll_back(
                outcome,
                path,
                changed[path][0],
                changed[path][1],
                overlay,
                frozen,
                f"changed {where}, which they did not declare",
            )
        rolled = True
    return rolled


def _declared_literals(projects: list, declared: list[tuple]) -> set[tuple[str, int, int]]:  # noqa: ANN001
    """The literals (file, start, end) that the declared paths come from, in any project."""
    keys: set[tuple[str, int, int]] = set()
    for project in projects:
        if project.tree is None:
            continue
        for path in declared:
            origin = project.tree.origins.get(path)
            if origin is not None:
                keys.add((origin.path, origin.node.start, origin.node.end))
    return keys


def _with_shared_places(tree, declared: list[tuple], literals: set) -> list[tuple]:  # noqa: ANN001
    """Declared paths plus the other places fed by the same literals that no fix declares.

    Editing a literal changes each value that came from it.  Within a project the rules
    settle that (a fix at an anchor applies only when every user gets it, and declares
    them all); what they cannot declare is the inert ``x-`` template the anchor sits in
    and a service in another file that extends or includes the edited one.
    """
    allowed = list(declared)
    for path, origin in tree.origins.items():
        if (origin.path, origin.node.start, origin.node.end) not in literals:
            continue
        template = bool(path) and str(path[0]).startswith("x-")
        if template or any(step.startswith(("extends", "include")) for step in origin.via):
            allowed.append(path)
    return allowed


def data_diff(a: object, b: object, path: tuple = ()) -> list[tuple]:
    """Paths where two loaded documents differ."""
    if isinstance(a, dict) and isinstance(b, dict):
        out: list[tuple] = []
        for key in [*a, *(k for k in b if k not in a)]:
            if key not in a or key not in b:
                out.append((*path, key))
            else:
                out.extend(data_diff(a[key], b[key], (*path, key)))
        return out
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [
            p
            for i, (x, y) in enumerate(zip(a, b, strict=True))
            for p in data_diff(x, y, (*path, i))
        ]
    return [] if a == b and type(a) is type(b) else [path]


def _breaking(result: RunResult) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for file in result.files:
        out[file.path] = {f"{d.code} {d.message}" for d in file.diagnostics if d.code in _BREAKING}
    return out


def _report_failures(outcome: FixOutcome) -> None:
    for failure in outcome.failures:
        for file in outcome.result.files:
            if file.path == failure.span.path:
                file.diagnostics.insert(0, failure)


def write_changes(outcome: FixOutcome) -> list[tuple[str, str]]:
    """Write every changed file; returns (path, error message) for those that failed."""
    from composelint.fix.write import WriteError, write_source

    errors = []
    for path, text in outcome.changed.items():
        try:
            write_source(outcome.originals[path], text)
        except WriteError as exc:
            errors.append((path, str(exc)))
    return errors
