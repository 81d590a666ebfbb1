"""``--fix`` and ``--diff`` a batch at a time: each batch runs the fix loop on its own files.

A batch fixes what only its own projects read.  A group of projects that shares a
file with another batch (an ``include: ../base.yml``, ``COMPOSE_FILE`` naming a
file elsewhere, a parent directory's project reading a file below it) is
*deferred*: its files are left alone in the batch and fixed together at the end
of the run, in memory, so that every project reading a file is there to agree to
its fixes and to be checked again after them.  The batches of directories whose
files may name earlier files (see :mod:`composelint.run.reach`) defer all their
files, since a later batch may still read them.  Files a project of one batch
reads in another are handed on to the batch that owns them, as findings are in a
check, so that batch defers them too.

A batch's loop is pure (nothing is written in a worker): its fixed texts go back
to the main process, which writes them (or diffs them) as it takes the batch.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from composelint.diagnostics import Diagnostic, Fix
from composelint.diagnostics.report import FileReport, source_views
from composelint.records import field, record
from composelint.run.engine import RunResult, _Part
from composelint.source import Source

READ = "read"  # kind of a handed-on report that only says "a project of mine read this file"


@record
class Fixing:
    unsafe: bool
    write: bool = True  # False for --diff


@record
class BatchFixes:
    """What fixing one share of the files did, for the main process to write or diff."""

    changes: dict[str, tuple[Source, str]] = field(default_factory=dict)  # path -> (read, fixed)
    applied: dict[str, list[Fix]] = field(default_factory=dict)
    failures: list[Diagnostic] = field(default_factory=list)  # fixes rolled back
    deferred: list[tuple[str, str]] = field(default_factory=list)  # (path, kind): fixed at the end


def fix_share(
    part: _Part,
    files: list,  # noqa: ANN001 - composelint.discover.walk.Found items
    extra: dict[str, FileReport],
    fixing: Fixing,
    owns: Callable[[str], bool],
    *,
    defer_all: bool = False,
    elsewhere: Callable[[str], bool] = lambda _path: False,
) -> tuple[RunResult, BatchFixes]:
    """Fix ``files`` (with the findings ``extra`` other batches made in them).

    ``owns`` says which result paths are this share's (the others are handed on),
    ``elsewhere`` which of them other shares may read too.  Returns the final check
    (the files of other batches in it are raw, for handing on) and what was fixed."""
    from composelint.run import fixing as loop

    reads = {p for p, r in extra.items() if r.kind == READ}
    extra = {p: r for p, r in extra.items() if r.kind != READ}
    texts: dict[str, str] = {}
    checking = loop.for_fixing(part.selection)

    def check() -> RunResult:
        share = _Part(part.paths, part.environ, checking, part.config, texts)
        gathered = share.gather(files, extra)
        for path, result in gathered.results.items():
            if owns(path):
                share.finish(result, gathered)
        results = list(gathered.results.values())
        return RunResult(results, share.errors, gathered.projects, gathered.proposals)

    first = check()
    mine = {f.path for f in first.files if owns(f.path)}
    if defer_all:
        deferred = set(mine)
    else:
        shared = set(extra) | reads
        deferred = _deferred(first, lambda p: p in shared or not owns(p) or elsewhere(p))
    frozen = deferred | {f.path for f in first.files if f.path not in mine}
    fixes = BatchFixes(
        deferred=[(f.path, f.kind) for f in first.files if f.path in deferred & mine]
    )
    if mine <= frozen:  # nothing to fix here
        _select(first, part)
        return first, fixes
    outcome = loop.fix_loop(
        check, texts, unsafe=fixing.unsafe, wanted=part.selection, first=first, frozen=frozen
    )
    for path, text in outcome.changed.items():
        fixes.changes[path] = (outcome.originals[path], text)
    fixes.applied = {p: f for p, f in outcome.applied.items() if p in fixes.changes}
    fixes.failures = outcome.failures
    return outcome.result, fixes


def _select(result: RunResult, part: _Part) -> None:
    for file in result.files:
        file.diagnostics = [d for d in file.diagnostics if part.selection.wants(d.code)]


def _deferred(result: RunResult, foreign: Callable[[str], bool]) -> set[str]:
    """The files of every group of projects that reads a ``foreign`` file (one that
    another batch owns or reads)."""
    parent: dict[str, str] = {}

    def find(path: str) -> str:
        parent.setdefault(path, path)
        while parent[path] != path:
            parent[path] = parent[parent[path]]
            path = parent[path]
        return path

    for project in result.projects:
        group = [*project.files, *project.env_files, *_built(project)]
        for path in group:
            parent[find(path)] = find(group[0])
    for file in result.files:
        find(file.path)
    leaking = {find(p) for p in parent if foreign(p)}
    return {p for p in parent if find(p) in leaking}


def _built(project) -> list[str]:  # noqa: ANN001
    """The Dockerfiles the project's services build (a project's findings may sit there)."""
    from composelint.run.contexts import build_paths

    out = []
    for service in project.project.services.values():
        build = service.build
        if build is None or build.origin is None:
            continue
        paths = build_paths(build, build.origin.path)
        if paths is not None and os.path.isfile(paths[1]):
            out.append(paths[1])
    return out


def reports(
    result: RunResult, paths: set[str] | None, extra: dict[str, FileReport]
) -> list[FileReport]:
    """Reports of ``result``'s files in ``paths`` (None: all), with the source lines their
    output needs."""
    sources = {f.path: f.source for f in result.files if f.source is not None}
    out = []
    for file in result.files:
        if paths is not None and file.path not in paths:
            continue
        report = FileReport(file.path, file.kind, file.diagnostics)
        report.sources = source_views(file.diagnostics, sources)
        if file.path in extra:  # positions in files this share did not read
            for other, view in extra[file.path].sources.items():
                report.sources.setdefault(other, view)
        out.append(report)
    return out


def read_reports(result: RunResult, mine: set[str]) -> list[FileReport]:
    """For each file read by a project of this share and owned by another: a report that
    says so (handed on, it makes that batch defer the file)."""
    have = {f.path for f in result.files}
    read = {p for project in result.projects for p in [*project.files, *project.env_files]}
    return [FileReport(p, READ, []) for p in sorted(read - mine - have)]


@record
class FixSummary:
    """What a streamed fix did, gathered in the main process as batches are taken."""

    fixing: Fixing
    written: dict[str, list[Fix]] = field(default_factory=dict)  # or diffed, with --diff
    diffs: dict[str, str] = field(default_factory=dict)
    errors: list[tuple[str, str]] = field(default_factory=list)  # files that were not written
    failures: list[Diagnostic] = field(default_factory=list)

    def take(self, fixes: BatchFixes) -> None:
        from composelint.fix.edits import unified_diff
        from composelint.fix.write import WriteError
        from composelint.run import fixing as loop

        self.failures.extend(fixes.failures)
        for path, (source, text) in fixes.changes.items():
            if not self.fixing.write:
                self.diffs[path] = unified_diff(path, source.text, text)
            else:
                try:
                    loop.write_fixed(source, text)
                except WriteError as exc:
                    self.errors.append((path, str(exc)))
                    continue
            self.written[path] = fixes.applied.get(path, [])
