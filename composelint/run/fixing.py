"""The fix loop: apply fixes as text edits, check again, repeat to a fixed point.

Each pass applies the non-overlapping fixes the run allows to the current text
of each file (kept in an overlay, nothing written here), then checks the same
files again.  A pass whose result no longer parses, has a syntax or schema error
the file did not have before, or loads to data that changed where no applied fix
said it would, is rolled back for that file and reported as CL000.  A fix in a
compose file that several projects read is applied only when each of them
proposes it.  The loop runs over whatever share of files its ``check`` covers:
the whole of an in-memory run, or one batch of a streamed one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from msgspec import Struct, field
from msgspec.structs import replace

from composelint.config import Config
from composelint.diagnostics import Diagnostic, Fix, make
from composelint.fix import choose
from composelint.fix.edits import OverlapError
from composelint.fix.verify import (
    BREAKING,
    breaking,
    data_surprise,
    declared_literals,
    surprise,
    with_shared_places,
)
from composelint.rules.selection import Selection
from composelint.run.engine import RunResult, run
from composelint.source import Source

MAX_PASSES = 10

Check = Callable[[], RunResult]  # checks the unit's files again, with the overlay's texts


class FixOutcome(Struct):
    result: RunResult  # the check of the fixed text
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
    """Fix ``paths`` to a fixed point in memory; ``overlay`` gives texts that stand in for
    files on disk (an editor's buffers): the fixes start from them, nothing is written."""
    texts = dict(overlay or {})
    wanted = selection or Selection()
    checking = for_fixing(wanted)

    def check() -> RunResult:
        return run(paths, environ, checking, texts, config)

    return fix_loop(check, texts, unsafe=unsafe, wanted=wanted)


def for_fixing(selection: Selection) -> Selection:
    """The loop must see syntax and schema errors to judge a pass, whatever is selected."""
    return replace(selection, always=BREAKING)


def fix_loop(
    check: Check,
    overlay: dict[str, str],
    *,
    unsafe: bool,
    wanted: Selection,
    first: RunResult | None = None,
    frozen: set[str] | None = None,
) -> FixOutcome:
    """Fix what ``check`` covers; ``overlay`` holds the current texts (changed in place),
    ``first`` the check already made of them, ``frozen`` files this loop must not edit."""
    outcome = FixOutcome(check() if first is None else first)
    frozen = set() if frozen is None else frozen
    for _pass in range(MAX_PASSES):
        before = outcome.result
        changed = _apply_pass(outcome, overlay, frozen, unsafe)
        if not changed:
            break
        outcome.result = check()
        rolled_back = _rollback_breakage(outcome, before, changed, overlay, frozen)
        rolled_back |= _rollback_unexpected(outcome, before, changed, overlay, frozen)
        if rolled_back:
            outcome.result = check()
    outcome.texts = dict(overlay)
    for file in outcome.result.files:
        file.diagnostics = choose.lowered(file.diagnostics, outcome.result.proposals)
        file.diagnostics = [d for d in file.diagnostics if wanted.wants(d.code)]
    _report_failures(outcome)
    return outcome


Changed = dict[str, tuple[str, list[Fix]]]  # path -> (text before the pass, fixes applied)


def _apply_pass(
    outcome: FixOutcome, overlay: dict[str, str], frozen: set[str], unsafe: bool
) -> Changed:
    """Apply one round of fixes to the overlay."""
    sources = {f.path: f.source for f in outcome.result.files if f.source is not None}
    by_path = choose.fixes_by_path(outcome.result.diagnostics, outcome.result.proposals)
    changed: Changed = {}
    for path, fixes in by_path.items():
        source = sources.get(path)
        if source is None or path in frozen:
            continue
        try:
            text, chosen = choose.fixed_text(source.text, fixes, unsafe=unsafe)
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


def _rollback_breakage(
    outcome: FixOutcome,
    before: RunResult,
    changed: Changed,
    overlay: dict[str, str],
    frozen: set[str],
) -> bool:
    old = breaking((f.path, f.diagnostics) for f in before.files)
    new = breaking((f.path, f.diagnostics) for f in outcome.result.files)
    rolled = False
    for path, (previous, fixes) in changed.items():
        added = new.get(path, set()) - old.get(path, set())
        if added:
            what = f"would have broken the file ({sorted(added)[0]})"
            _roll_back(outcome, path, previous, fixes, overlay, frozen, what)
            rolled = True
    return rolled


def _rollback_unexpected(
    outcome: FixOutcome,
    before: RunResult,
    changed: Changed,
    overlay: dict[str, str],
    frozen: set[str],
) -> bool:
    """Roll back files whose loaded data changed where no applied fix said it would."""
    # Keyed by every file read: two projects can start from the same shared file.
    # A CI file's jobs are projects of one file: the project's name tells them apart.
    old = {(p.project.name, tuple(p.files)): p for p in before.projects}
    every = [c for _text, fixes in changed.values() for fix in fixes for c in fix.changes]
    literals = declared_literals(before.projects, every)
    rolled = False
    for project in outcome.result.projects:
        previous = old.get((project.project.name, tuple(project.files)))
        touched = [f for f in project.files if f in changed and f not in frozen]
        if previous is None or previous.tree is None or project.tree is None or not touched:
            continue
        declared = [c for f in touched for fix in changed[f][1] for c in fix.changes]
        found = surprise(previous, project, with_shared_places(previous.tree, declared, literals))
        if found is None:
            continue
        where = ".".join(str(p) for p in found) or "the document"
        for path in touched:
            what = f"changed {where}, which they did not declare"
            _roll_back(outcome, path, changed[path][0], changed[path][1], overlay, frozen, what)
        rolled = True
    # Files of a kind without projects (a daemon.json) keep their loaded data in the result.
    data_before = {f.path: f.data for f in before.files if f.data is not None}
    for file in outcome.result.files:
        if file.path not in changed or file.path in frozen or file.data is None:
            continue
        if file.path not in data_before:
            continue
        declared = [c for fix in changed[file.path][1] for c in fix.changes]
        found = data_surprise(data_before[file.path], file.data, declared)
        if found is not None:
            what = f"changed {'.'.join(str(p) for p in found)}, which they did not declare"
            text_before, fixes = changed[file.path]
            _roll_back(outcome, file.path, text_before, fixes, overlay, frozen, what)
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


def _report_failures(outcome: FixOutcome) -> None:
    for failure in outcome.failures:
        for file in outcome.result.files:
            if file.path == failure.span.path:
                file.diagnostics.insert(0, failure)


def write_fixed(source: Source, text: str) -> None:
    """Write a fixed text over the file ``source`` was read from (raises WriteError when the
    file changed on disk since, or cannot be written)."""
    from composelint.fix.write import write_source

    write_source(source, text)


def write_changes(outcome: FixOutcome) -> list[tuple[str, str]]:
    """Write every changed file; returns (path, error message) for those that failed."""
    from composelint.fix.write import WriteError

    errors = []
    for path, text in outcome.changed.items():
        try:
            write_fixed(outcome.originals[path], text)
        except WriteError as exc:
            errors.append((path, str(exc)))
    return errors
