"""``--fix`` and ``--diff`` a batch at a time: each batch runs the fix loop on its own files.

A batch fixes what only its own projects read.  A group of projects that shares a
file with another batch (an ``include: ../base.yml``, ``COMPOSE_FILE`` naming a
file elsewhere, a parent directory's project reading a file below it) is
*deferred*: its files are left alone in the batch and fixed together later, in
memory, once no batch to come can add to the group (:class:`Deferred`), so that
every project reading a file is there to agree to its fixes and to be checked
again after them.  The batches of directories whose files may name earlier files
(see :mod:`composelint.run.reach`) defer all their files, since a later batch may
still read them.  Files a project of one batch reads in another are handed on to
the batch that owns them, as findings are in a check, so that batch defers them
too.

A batch's loop is pure (nothing is written in a worker): its fixed texts go back
to the main process, which writes them (or diffs them) as it takes the batch.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from msgspec import Struct, field

from composelint.diagnostics import Diagnostic
from composelint.diagnostics.report import FileReport, report_order, source_views
from composelint.rules.selection import Selection
from composelint.run import components
from composelint.run.engine import Loaded, RunResult, Share
from composelint.source import Source

if TYPE_CHECKING:
    from composelint.discover.walk import Found

READ = "read"  # kind of a handed-on report that only says "a project of mine read this file"
# Threads writing fixed files, and texts waiting for them at most: a write waits for
# the disk twice (the file and its directory are synced), and several at once share
# the file system's journal commits.
WRITERS = 8
MAX_PENDING = 64


class Fixing(Struct):
    unsafe: bool
    write: bool = True  # False for --diff
    titles: bool = False  # keep each written file's fix titles (--show-fixes), not a count


class BatchFixes(Struct):
    """What fixing one share of the files did, for the main process to write or diff."""

    changes: dict[str, tuple[Source, str]] = field(default_factory=dict)  # path -> (read, fixed)
    applied: dict[str, list[str]] = field(default_factory=dict)  # path -> fix titles
    failures: list[Diagnostic] = field(default_factory=list)  # fixes rolled back
    deferred: list[tuple[str, str]] = field(default_factory=list)  # (path, kind): fixed later
    groups: list[list[str]] = field(default_factory=list)  # every file each deferred group reads


def fix_share(
    part: Share,
    files: list[Found],
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
    if defer_all:  # only what the projects read is wanted here: no rule needs to run
        checking = Selection(select=("CL001",))

    loaded = Loaded({}, {}, {})  # files as the checks loaded them, for the next check

    def check(these: list[Found], extra: dict[str, FileReport]) -> RunResult:
        share = Share(part.paths, part.environ, checking, part.config, texts)
        share.loopback = part.loopback
        gathered = share.gather(these, extra, loaded)
        loaded.compose.update(gathered.cache.files)
        loaded.dockerfiles.update(gathered.dockerfiles.parsed)
        loaded.scripts.update(gathered.scripts.reusable())
        for path, result in gathered.results.items():
            if owns(path):
                share.finish(result, gathered)
        results = list(gathered.results.values())
        return RunResult(results, share.errors, gathered.projects, gathered.proposals)

    first = check(files, extra)
    last = [(first, dict(texts))]  # the latest check and the texts it saw

    def again() -> RunResult:
        """Check again the groups of the files whose text changed since the last check."""
        previous, seen = last[0]
        changed = {p for p in texts.keys() | seen.keys() if texts.get(p) != seen.get(p)}
        for path in changed:
            for cache in loaded:
                cache.pop(path, None)
        redo = components.affected(previous, changed)
        these = [f for f in files if str(f.path) in redo]
        result = components.merge(previous, check(these, {}), redo)
        last[0] = (result, dict(texts))
        return result

    mine = {f.path for f in first.files if owns(f.path)}
    shared = set(extra) | reads
    groups = components.leaking_groups(
        first, lambda p: defer_all or p in shared or not owns(p) or elsewhere(p)
    )
    deferred = set().union(*groups)
    frozen = deferred | {f.path for f in first.files if f.path not in mine}
    fixes = BatchFixes(
        deferred=[(f.path, f.kind) for f in first.files if f.path in deferred & mine],
        groups=[sorted(group) for group in groups],
    )
    if mine <= frozen:  # nothing to fix here
        _select(first, part)
        return first, fixes
    outcome = loop.fix_loop(
        again, texts, unsafe=fixing.unsafe, wanted=part.selection, first=first, frozen=frozen
    )
    for path, text in outcome.changed.items():
        fixes.changes[path] = (outcome.originals[path], text)
    fixes.applied = {
        p: [fix.title for fix in f] for p, f in outcome.applied.items() if p in fixes.changes
    }
    fixes.failures = outcome.failures
    return outcome.result, fixes


def _select(result: RunResult, part: Share) -> None:
    for file in result.files:
        file.diagnostics = [d for d in file.diagnostics if part.selection.wants(d.code)]


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


class FixSummary(Struct):
    """What a streamed fix did, gathered in the main process as batches are taken.

    Files are written by a few threads as the batches are taken, so that the waits
    for the disk (each write is synced) overlap with each other and with checking the
    next batches; at most MAX_PENDING texts wait to be written."""

    fixing: Fixing
    # path -> how many fixes were written there (or diffed, with --diff)
    written: dict[str, int] = field(default_factory=dict)
    # path -> their titles, kept only when asked for (Fixing.titles): on the 10k-file
    # tree they were 2 MB of the main process's peak
    titles: dict[str, list[str]] = field(default_factory=dict)
    diffs: dict[str, str] = field(default_factory=dict)
    errors: list[tuple[str, str]] = field(default_factory=list)  # files that were not written
    failures: list[Diagnostic] = field(default_factory=list)
    pending: list[tuple[str, list[str], Any]] = field(default_factory=list)  # writes under way
    writer: Any = None

    def take(self, fixes: BatchFixes) -> None:
        from composelint.fix.edits import unified_diff
        from composelint.run import fixing as loop

        self.failures.extend(fixes.failures)
        for path, (source, text) in fixes.changes.items():
            applied = fixes.applied.get(path, [])
            if not self.fixing.write:
                self.diffs[path] = unified_diff(path, source.text, text)
                self._note(path, applied)
                continue
            if self.writer is None:
                from concurrent.futures import ThreadPoolExecutor

                self.writer = ThreadPoolExecutor(WRITERS, thread_name_prefix="composelint-write")
            self.pending.append((path, applied, self.writer.submit(loop.write_fixed, source, text)))
            self._settle(MAX_PENDING)

    def _settle(self, keep: int) -> None:
        """Take the finished writes, oldest first, waiting until at most ``keep`` are left."""
        from composelint.fix.write import WriteError

        done = 0
        for path, applied, write in self.pending:
            if len(self.pending) - done <= keep and not write.done():
                break
            try:
                write.result()
            except WriteError as exc:
                self.errors.append((path, str(exc)))
            else:
                self._note(path, applied)
            done += 1
        del self.pending[:done]

    def _note(self, path: str, applied: list[str]) -> None:
        self.written[path] = len(applied)
        if self.fixing.titles:
            self.titles[path] = applied

    def close(self) -> None:
        """Wait for the writes; note which were made and which failed."""
        try:
            self._settle(0)
        finally:
            self.pending.clear()
            if self.writer is not None:
                self.writer.shutdown()
                self.writer = None


class Deferred:
    """Groups of projects deferred by the batches, until each can be fixed whole.

    A group is ready when no batch still to come can add to it: every file it reads
    comes before the next batch in tree order (a later directory reads only its own
    files and those below it), and no later batch has been handed one of them.
    """

    def __init__(self) -> None:
        self.sets = components.PathSets()
        self.kinds: dict[str, str] = {}  # the deferred files to check, by path

    def add(self, fixes: BatchFixes) -> None:
        for path, kind in fixes.deferred:
            self.kinds[path] = kind
            self.sets.find(path)
        for group in fixes.groups:
            self.sets.join(list(group))

    def first_key(self) -> Any:
        return min((report_order(p) for p in self.kinds), default=None)

    def ready(self, following: Any, pending: set[str]) -> dict[str, str]:
        """The groups that can be fixed now (``following``: the first key of the next
        batch, None at the end; ``pending``: files handed on to batches to come), as
        their deferred files and kinds; they are taken out.  The groups share no file,
        so fixing them together is fixing each alone."""
        out: dict[str, str] = {}
        for members in self.sets.sets().values():
            if not pending.isdisjoint(members):
                continue
            if following is not None and any(report_order(p) >= following for p in members):
                continue
            out.update({p: self.kinds.pop(p) for p in members if p in self.kinds})
            for path in members:  # a whole set goes: no path left points into it
                del self.sets.parent[path]
        return out
