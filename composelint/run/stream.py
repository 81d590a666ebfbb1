"""Check a tree a batch of directories at a time, handing each file's report on as it is done.

Memory stays bounded on big trees: a batch's texts, YAML trees and projects are
dropped when the batch is done, and only :class:`~composelint.diagnostics.report.FileReport` s
(diagnostics and the few source lines their output needs) go on to the writer.

Reports come in tree order (a directory's files, then its subdirectories), whatever
the batches.  A batch holds whole directories, since compose groups the files of a
directory into projects; a project can still reach files of other directories
through ``include:``, ``extends: file:``, ``env_file:`` or ``COMPOSE_FILE``.  The
findings it makes in files of a later batch are handed to that batch before
suppressions and selection apply; the directories whose files may name a file of
an earlier batch (see :mod:`composelint.run.reach`) are checked first.  So each file's
report is what one in-memory run over the whole tree gives
(:func:`composelint.run.engine.run`; a test holds them equal).

``--fix`` and ``--diff`` go the same way: each batch runs the fix loop on its files
before its reports are made (see :mod:`composelint.run.fix_batches`).

A tree of a few batches or more is checked by several processes at once
(:mod:`composelint.run.workers`); the reports still come out in the same order, with
the same content.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple

from composelint.config import Config
from composelint.diagnostics.report import FileReport, Tally, report_order, source_views
from composelint.rules.selection import Selection
from composelint.run.batches import (
    BATCH_BYTES,
    BATCH_FILES,
    FIX_BYTES,
    FIX_FILES,
    Entry,
    Key,
    found_files,
    plan_batches,
)
from composelint.run.engine import Share, loopback_defaults
from composelint.run.fix_batches import (
    READ,
    BatchFixes,
    Deferred,
    Fixing,
    FixSummary,
    fix_share,
    read_reports,
)
from composelint.run.fix_batches import (
    reports as reports_of_share,
)
from composelint.run.memory import give_back_freed, keep_large_blocks_apart


class Outcome(NamedTuple):
    tally: Tally
    errors: list[tuple[str, str]]
    fixes: FixSummary | None = None  # what --fix wrote or --diff would write


def check_stream(
    paths: Sequence[str],
    emit: Callable[[FileReport], None],
    *,
    environ: Mapping[str, str] | None = None,
    selection: Selection | None = None,
    config: Config | None = None,
    progress: Callable[[int, int], None] | None = None,
    batch_files: int | None = None,
    jobs: int | None = None,
    fixing: Fixing | None = None,
) -> Outcome:
    """Check ``paths``; ``emit`` gets each file's report in tree order, and ``progress``
    the number of discovered files done and their total after each batch.  ``jobs`` is
    the number of processes (None: one per CPU, for trees big enough), ``batch_files``
    the most files a batch takes (None: the default of a check or a fix).  With
    ``fixing``, each batch is fixed first (see :mod:`composelint.run.fix_batches`) and
    the reports are those of the fixed files."""
    from composelint.discover.walk import discover
    from composelint.run.workers import in_order, job_count, start_early

    paths = list(paths) or ["."]
    config = config or Config()
    if any(os.path.isdir(path) for path in paths):  # a tree: many batches, maybe workers
        keep_large_blocks_apart()  # before the workers are forked: they take it over
    early = start_early(jobs, paths)
    try:  # a run that fails before its batches start stops the workers waiting for it
        found = discover(paths, kinds=config.kinds, exclude=config.exclude)
        loopback = loopback_defaults(found.files)
        limits = (BATCH_FILES, BATCH_BYTES) if fixing is None else (FIX_FILES, FIX_BYTES)
        if batch_files is not None:
            limits = (batch_files, limits[1])
        reaching, rest = plan_batches(found.files, *limits)
    except BaseException:
        if early is not None:
            early.close()
        raise
    total, found.files = len(found.files), []  # the batches hold them now
    env = dict(os.environ if environ is None else environ)
    part = Share(paths, env, selection or Selection(), config, {})
    part.loopback = loopback

    batches = reaching + rest
    owner = {d: n for n, batch in enumerate(batches) for d in batch.directories}
    # Raw findings for files of a later batch, by that batch's number, and how many
    # times each batch's were added to (a batch checked before they were final is
    # checked again).
    handed_on: dict[int, dict[str, FileReport]] = {}
    versions: dict[int, int] = {}

    def handed_on_to(number: int) -> tuple[dict[str, FileReport], int]:
        return handed_on.get(number, {}), versions.get(number, 0)

    ordered = _InOrder(emit)
    errors: list[tuple[str, str]] = []
    summary = None if fixing is None else FixSummary(fixing)
    deferred = Deferred()
    done = 0
    state = (part, owner, fixing, len(reaching))
    run = _check_batch if fixing is None else _fix_batch
    jobs = job_count(jobs, len(batches))
    results = in_order(
        len(batches), run, state, handed_on_to, jobs, lambda n: batches[n].files, early
    )
    try:
        for number, (reports, batch_errors, fixes) in enumerate(results):
            handed_on.pop(number, None)
            errors.extend(batch_errors)
            if summary is not None:
                summary.take(fixes)
                deferred.add(fixes)
            for report in reports:
                later = owner.get(os.path.dirname(report.path), number)
                if later > number:
                    _merge_into(handed_on.setdefault(later, {}), report)
                    versions[later] = versions.get(later, 0) + 1
                elif report.kind == READ:
                    continue  # read in a batch already taken: its file was deferred or left
                else:
                    ordered.add(report)
            done += len(batches[number].files)
            # Its discovered files are done with: their records go back as the run goes
            # on (on the 10k-file tree, discovery holds 16 MB).
            batches[number].files = []
            if number >= len(reaching):  # no later batch reports a file before the next one
                following = batches[number + 1].first_key if number + 1 < len(batches) else None
                if summary is not None:  # fix the deferred groups no later batch adds to
                    pending = {p for entries in handed_on.values() for p in entries}
                    ready = deferred.ready(following, pending)
                    if ready:
                        errors.extend(_fix_deferred(part, ready, summary, ordered))
                    first = deferred.first_key()  # the others are reported when fixed
                    if first is not None:
                        following = first if following is None else min(following, first)
                ordered.flush(following)
            if progress is not None:
                progress(done, total)
            if number + 1 < len(batches):  # what this batch freed, before the next
                give_back_freed()
        if summary is not None:
            ready = deferred.ready(None, set())
            if ready:
                errors.extend(_fix_deferred(part, ready, summary, ordered))
    finally:  # an interrupted run stops its workers, and ends with whole files
        results.close()
        if summary is not None:
            summary.close()
    ordered.flush(None)
    return Outcome(ordered.tally, found.errors + errors, summary)


def _collector_paused(work: Callable[..., Done]) -> Callable[..., Done]:
    """Run ``work`` (a batch) with the cycle collector off.

    A batch's trees are freed by reference counting when it is done; the collector
    walking them over and over meanwhile took 6% of a tree check.  It comes back on
    only once ``work`` has returned, with its trees gone: turned on while they were
    still held, its first pass walked all of them (18 ms a batch)."""
    import functools

    @functools.wraps(work)
    def paused(*args: Any) -> Done:

        collecting = gc.isenabled()
        gc.disable()
        try:
            return work(*args)
        finally:
            if collecting:
                gc.enable()

    return paused


def _fix_deferred(
    part: Share, deferred: dict[str, str], summary: FixSummary, ordered: _InOrder
) -> list[tuple[str, str]]:
    """Fix deferred groups of files, in memory: every project reading them is here.
    Their reports go to ``ordered``; returns the paths that could not be read."""
    from pathlib import Path

    from composelint.discover.walk import Found

    files = [Found(Path(path), kind, "explicit", True) for path, kind in deferred.items()]
    reports, errors, fixes = _fix_group(part, files, summary.fixing, set(deferred))
    assert fixes is not None  # a fix run's groups always say what they fixed
    summary.take(fixes)
    for report in reports:
        ordered.add(report)
    return errors


@_collector_paused
def _fix_group(part: Share, files: list[Any], fixing: Fixing, paths: set[str]) -> Done:
    """Fix deferred ``files`` (Found items) whole; the reports of ``paths``."""
    result, fixes = fix_share(part, files, {}, fixing, lambda _path: True)
    return reports_of_share(result, paths, {}), result.errors, fixes


# The run's share, each directory's batch number, the fix settings, how many batches
# reach back; each batch's discovered files go with the batch.
State = tuple[Share, dict[str, int], "Fixing | None", int]
Done = tuple[list[FileReport], list[tuple[str, str]], "BatchFixes | None"]


@_collector_paused
def _fix_batch(state: State, number: int, files: list[Entry], extra: dict[str, FileReport]) -> Done:
    """A batch fixed: its final reports, raw ones for files that a later batch owns (and
    the files its projects read there), the paths it could not read, what it fixed."""
    part, owner, fixing, reaching = state
    assert fixing is not None

    def owns(path: str) -> bool:
        return owner.get(os.path.dirname(path), number) == number

    result, fixes = fix_share(
        part,
        found_files(files),
        extra,
        fixing,
        owns,
        defer_all=number < reaching,
        # a file outside every batch's directories: any batch may read it
        elsewhere=lambda path: os.path.dirname(path) not in owner,
    )
    mine = {f.path for f in result.files if owns(f.path)}
    final = mine.difference(path for path, _kind in fixes.deferred)
    reports = reports_of_share(result, final, extra)
    reports += reports_of_share(result, {f.path for f in result.files} - mine, {})
    reports += read_reports(result, mine)
    return reports, result.errors, fixes


@_collector_paused
def _check_batch(
    state: State, number: int, files: list[Entry], extra: dict[str, FileReport]
) -> Done:
    """Reports of a batch (final ones, and raw ones for files that a later batch owns)
    and the paths it could not read."""
    part, owner, _fixing, _reaching = state
    known_errors = len(part.errors)
    gathered = part.gather(found_files(files), extra)
    sources = {p: r.source for p, r in gathered.results.items() if r.source is not None}
    reports = []
    for path, result in gathered.results.items():
        if owner.get(os.path.dirname(path), number) <= number:
            part.finish(result, gathered)
        report = FileReport(path, result.kind, result.diagnostics)
        report.sources = source_views(result.diagnostics, sources)
        if path in extra:  # positions in files this batch did not read
            for other, view in extra[path].sources.items():
                report.sources.setdefault(other, view)
        reports.append(report)
    errors = part.errors[known_errors:]
    del part.errors[known_errors:]
    return reports, errors, None


def _merge_into(reports: dict[str, FileReport], report: FileReport) -> None:
    earlier = reports.get(report.path)
    if earlier is None:
        reports[report.path] = report
    else:
        earlier.absorb(report)


class _InOrder:
    """Holds reports until no later batch can bring one that sorts before them."""

    def __init__(self, emit: Callable[[FileReport], None]) -> None:
        self.emit = emit
        self.tally = Tally()
        self.waiting: dict[str, tuple[Key, FileReport]] = {}

    def add(self, report: FileReport) -> None:
        earlier = self.waiting.get(report.path)
        if earlier is None:
            self.waiting[report.path] = (report_order(report.path), report)
        else:
            earlier[1].absorb(report)

    def flush(self, before: Key | None) -> None:
        due = sorted(
            (key, path)
            for path, (key, _report) in self.waiting.items()
            if before is None or key < before
        )
        for _key, path in due:
            report = self.waiting.pop(path)[1]
            self.tally.add(report)
            self.emit(report)
