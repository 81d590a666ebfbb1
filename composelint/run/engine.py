"""One lint run: discover, group into projects, load, validate, check, collect.

Files named on the command line (or found under a named directory) are
*targets* and get reported; files reached only as context (the base of an
override pre-commit passed alone, an extended file) are loaded so cross-file
checks work, but report only when they are targets too.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from msgspec import Struct, field
from msgspec.structs import replace

from composelint.compose.loader import environment_lookup, looks_like_compose
from composelint.compose.project import FileCache, LoadedProject, load_project
from composelint.config import Config
from composelint.diagnostics import Diagnostic, Edit, Severity
from composelint.diagnostics.report import FileReport, sort_diagnostics
from composelint.discover.grouping import group_projects
from composelint.rules.selection import Selection
from composelint.source import Source

if TYPE_CHECKING:
    from composelint.compose.loader import Lookup
    from composelint.discover.walk import Found
    from composelint.run.contexts import DockerfileCache
    from composelint.run.scripts import ScriptCache


Proposals = dict[tuple[Edit, ...], set[str]]


class Loaded(NamedTuple):
    """Files as a check loaded them, by path, for a later check of the same texts."""

    compose: dict[str, Any]
    dockerfiles: dict[str, Any]
    scripts: dict[str, Any]  # shell, Python, Markdown, Makefiles, CI files


class FileResult(Struct):
    path: str
    # "compose" | "dockerfile" | "shell" | "python" | "daemon" | "env" (an env file a
    # project read)
    kind: str
    source: Source | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # The data a file of a kind without projects loads to (a daemon.json's object), for
    # the fix loop's check that a fix changed only what it declared; None for the others.
    data: Any = None
    # What an inline suppression can cover: (line, start, end) of its nodes, instructions
    # or commands, and its comments; kept only for --add-ignore (``run(targets=True)``).
    targets: tuple[list[Any], list[tuple[int, int, int]]] | None = None


class RunResult(Struct):
    files: list[FileResult]
    errors: list[tuple[str, str]]  # paths that do not exist or cannot be read
    projects: list[LoadedProject] = field(default_factory=list)
    # A compose file that several projects read -> for each of them, the fixes it proposed
    # there (edits -> applicabilities): the fix loop applies only what all of them propose.
    proposals: dict[str, list[Proposals]] = field(default_factory=dict)

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return [d for f in self.files for d in f.diagnostics]

    def exit_code(self, fail_on: Severity = Severity.WARNING) -> int:
        if self.errors or any(d.code == "CL000" for d in self.diagnostics):
            return 2
        if any(d.severity <= fail_on for d in self.diagnostics):
            return 1
        return 0


class _Dotenvs(Struct):
    environ: Mapping[str, str]
    cache: dict[str, dict[str, str]] = field(default_factory=dict)
    overlay: Mapping[str, str] = field(default_factory=dict)  # an editor's unsaved .env

    def values(self, directory: str) -> dict[str, str]:
        found = self.cache.get(directory)
        if found is None:
            path = os.path.join(directory, ".env")
            if path in self.overlay:
                from composelint.compose.dotenv import parse_dotenv

                found = dict(parse_dotenv(self.overlay[path], self.environ.get).values)
            else:
                found = _read_dotenv(path, self.environ)
            self.cache[directory] = found
        return found

    def lookup_for(self, compose_path: str) -> Lookup:
        return environment_lookup(self.values(os.path.dirname(compose_path) or "."), self.environ)


def _read_dotenv(path: str, environ: Mapping[str, str]) -> dict[str, str]:
    if not os.path.isfile(path):
        return {}
    from composelint.compose.dotenv import read_dotenv

    try:
        return dict(read_dotenv(path, environ.get).values)
    except OSError:
        return {}


def run(
    paths: Sequence[str],
    environ: Mapping[str, str] | None = None,
    selection: Selection | None = None,
    overlay: dict[str, str] | None = None,
    config: Config | None = None,
    *,
    parallel: bool = True,
    targets: bool = False,
) -> RunResult:
    """Check ``paths`` in memory: each result keeps its source, and the loaded projects
    are kept (the fix loop and the language server need them).

    ``parallel`` is accepted for older callers and changes nothing: the command line
    checks big trees with :func:`composelint.run.stream.check_stream`, a batch at a time.
    """
    from composelint.discover.walk import discover

    del parallel
    env = dict(os.environ if environ is None else environ)
    paths = list(paths) or ["."]
    config = config or Config()
    found = discover(paths, kinds=config.kinds, unsaved=overlay or (), exclude=config.exclude)
    part = Share(paths, env, selection or Selection(), config, dict(overlay or {}))
    part.loopback = loopback_defaults(found.files)
    part.keep_targets = targets
    result = part.check(found.files)
    result.errors = found.errors + part.errors
    return result


def run_classified(
    targets: Sequence[tuple[str, str]],
    environ: Mapping[str, str] | None = None,
    selection: Selection | None = None,
    overlay: dict[str, str] | None = None,
    config: Config | None = None,
) -> RunResult:
    """Check files whose kind the caller already knows, in this process, without discovery.

    ``targets`` are (path, kind) with kind "compose", "dockerfile", "shell" or
    "yaml-candidate" (checked only if it parses as compose).  The language server uses
    it: an editor's buffer is classified by its text, and may not exist on disk yet.
    """
    from pathlib import Path

    from composelint.discover.walk import Found

    env = dict(os.environ if environ is None else environ)
    paths = [path for path, _kind in targets]
    part = Share(paths, env, selection or Selection(), config or Config(), dict(overlay or {}))
    return part.check([Found(Path(path), kind, "explicit", True) for path, kind in targets])


def loopback_defaults(files: list[Any]) -> tuple[Any, ...]:  # discover.walk.Found items
    """The discovered ``daemon.json`` files that bind to loopback, by repository, read
    once for the whole run (CL102 reads those of its repository; see run.daemons)."""
    paths = [str(f.path) for f in files if f.kind == "daemon"]
    if not paths:
        return ()
    from composelint.run.daemons import loopback_defaults as read_defaults

    return read_defaults(paths)


class Gathered:
    """A share of the files loaded and checked, before suppressions and selection."""

    __slots__ = ("results", "cache", "dockerfiles", "scripts", "projects", "proposals")

    def __init__(
        self,
        results: dict[str, FileResult],  # in report order
        cache: FileCache,
        dockerfiles: DockerfileCache,
        scripts: ScriptCache,
        projects: list[LoadedProject],
        proposals: dict[str, list[Proposals]],
    ) -> None:
        self.results = results
        self.cache = cache
        self.dockerfiles = dockerfiles
        self.scripts = scripts
        self.projects = projects
        self.proposals = proposals


class Share(Struct):
    """What it takes to check a share of the discovered files."""

    paths: list[str]
    environ: dict[str, str]
    selection: Selection
    config: Config
    overlay: dict[str, str]
    errors: list[tuple[str, str]] = field(default_factory=list)  # files gone since discovery
    # The run's daemon.json files that bind to loopback, by repository (run.daemons).
    loopback: tuple[Any, ...] = ()
    keep_targets: bool = False  # keep each file's suppression targets (--add-ignore)

    def check(self, files: list[Found]) -> RunResult:
        gathered = self.gather(files, {})
        for result in gathered.results.values():
            self.finish(result, gathered)
        results = list(gathered.results.values())
        return RunResult(results, self.errors, gathered.projects, gathered.proposals)

    def gather(
        self,
        files: list[Found],
        extra: Mapping[str, FileResult | FileReport],
        reuse: Loaded | None = None,
    ) -> Gathered:
        """Load and check ``files``; ``extra`` adds findings that another share made in
        files of this one (they are suppressed and selected together with this share's).
        ``reuse`` gives files already loaded from the same texts (compose files,
        Dockerfiles and scripts by path): a fix pass checking again what it changed reads
        only the changed files anew."""
        dotenvs = _Dotenvs(self.environ, overlay=self.overlay)
        cache = FileCache(dotenvs.lookup_for, dict(self.overlay))
        if reuse is not None:
            cache.files.update(reuse.compose)
        from composelint.run.scripts import KINDS as SCRIPT_KINDS
        from composelint.run.scripts import ScriptCache

        scripts = ScriptCache(self.overlay)
        if reuse is not None:
            scripts.read.update(reuse.scripts)
        targets: dict[str, str] = {}  # path -> kind, in discovery order
        for item in files:
            path = str(item.path)
            if item.kind in ("compose", "dockerfile", "daemon"):
                targets[path] = item.kind
            elif item.kind in SCRIPT_KINDS:  # only a file naming a container runtime
                if not scripts.screened_out(path, item.kind):
                    targets[path] = item.kind
                elif scripts.get(path, item.kind).source is None:
                    self._unreadable(path)
            elif item.kind == "yaml-candidate":
                loaded = cache.get(path)
                if loaded.yaml is not None and looks_like_compose(loaded.yaml):
                    targets[path] = "compose"
                elif loaded.source is None:
                    self._unreadable(path)
        self._gitlab_includes(targets, scripts)
        for path, result in extra.items():
            targets.setdefault(path, result.kind)
        compose = [p for p, k in targets.items() if k == "compose"]
        projects = [load_project(group, cache) for group in group_projects(compose, dotenvs.values)]
        # Files a walk found only through a reference (extends: file:, include:) are reported.
        roots = tuple(os.path.abspath(p) + os.sep for p in self.paths if os.path.isdir(p))
        for project in projects:
            for path in project.files:
                if path not in targets and roots and os.path.abspath(path).startswith(roots):
                    known = cache.files.get(path)
                    if known is not None and known.source is not None:
                        targets[path] = "compose"
        from composelint.run.contexts import DockerfileCache

        dockerfiles = DockerfileCache(cache.overlay)
        if reuse is not None:
            dockerfiles.parsed.update(reuse.dockerfiles)
        from composelint.run.collect import collect
        from composelint.run.daemons import DaemonCache

        daemons = DaemonCache(cache.overlay)
        collected = collect(
            targets,
            cache,
            dockerfiles,
            scripts,
            projects,
            self.selection,
            self.config,
            (daemons, self.loopback),
        )
        results, proposals = collected
        for path, result in extra.items():
            mine = results[path].diagnostics
            mine.extend(d for d in result.diagnostics if d not in mine)
        for path in [p for p, r in results.items() if r.source is None and r.kind != "env"]:
            if self._unreadable(path):
                del results[path]
        return Gathered(results, cache, dockerfiles, scripts, projects, proposals)

    def _gitlab_includes(self, targets: dict[str, str], scripts: Any) -> None:
        """The files GitLab CI targets include locally (``include: local:``), checked as
        GitLab CI files too when they are in a directory this run walks, as a compose
        file found through a reference is, or named themselves (a pipeline file found
        for a named included file: ``discover.context``); a chain of includes followed,
        each file once."""
        roots = tuple(os.path.abspath(p) + os.sep for p in self.paths if os.path.isdir(p))
        named = {os.path.abspath(p) for p in self.paths if not os.path.isdir(p)}
        settings = self.config.kinds.get("gitlab")
        pending = [path for path, kind in targets.items() if kind == "gitlab"]
        while pending:
            for included in scripts.gitlab_includes(pending.pop()):
                if included in targets:
                    continue
                full = os.path.abspath(included)
                if full not in named and not (roots and full.startswith(roots)):
                    continue
                if settings is not None and not settings.wants(included):
                    continue
                if not scripts.screened_out(included, "gitlab"):
                    targets[included] = "gitlab"
                    pending.append(included)

    def _unreadable(self, path: str) -> bool:
        """Whether a file that did not load cannot be opened (deleted or made unreadable
        since discovery): that is a path error (exit 2), not a finding in the file."""
        try:
            with open(path, "rb"):
                return False
        except OSError as exc:
            self.errors.append((path, exc.strerror or str(exc)))
            return True

    def finish(self, result: FileResult, gathered: Gathered) -> None:
        """Apply the file's suppressions, its kind's severity cap, the selection and
        severity overrides; sort."""
        if self.keep_targets:
            result.targets = _targets(result, gathered, always=True)
        result.diagnostics = _capped(_suppressed(result, gathered), result.kind, self.config)
        off = self.config.ignored_in(result.path)
        result.diagnostics = [
            _with_severity(d, self.config)
            for d in result.diagnostics
            if self.selection.wants(d.code) and (d.code == "CL000" or not _off(d.code, off))
        ]
        sort_diagnostics(result.diagnostics)


def _off(code: str, selectors: set[str]) -> bool:
    """Whether ``per-file-ignores`` selectors (codes, prefixes, ``hardening``, ``ALL``)
    turn ``code`` off."""
    if not selectors:
        return False
    from composelint.rules.selection import matches

    return code in selectors or any(matches(code, s) for s in selectors)


# The highest severity of a finding in a file of these kinds unless the config says
# otherwise: a command in documentation is an example (design §9).
_KIND_CAP = {"markdown": Severity.INFORMATION}


def _capped(diagnostics: list[Diagnostic], kind: str, config: Config) -> list[Diagnostic]:
    """The findings at most at the kind's severity (``kinds.<kind>.severity``), all of
    them: a reader's and a suppression's own (CL003, CL004) alike, so a README never
    fails a hook.  The one place a kind's cap is applied."""
    settings = config.kinds.get(kind)
    cap = settings.severity if settings is not None and settings.severity else None
    cap = cap or _KIND_CAP.get(kind)
    if cap is None:
        return diagnostics
    return [replace(d, severity=cap) if d.severity < cap else d for d in diagnostics]


def _with_severity(diagnostic: Diagnostic, config: Config) -> Diagnostic:
    level = config.severity.get(diagnostic.code)
    if level is None or level == diagnostic.severity:
        return diagnostic
    return replace(diagnostic, severity=level)


def _targets(
    result: FileResult, gathered: Gathered, *, always: bool = False
) -> tuple[list[Any], list[tuple[int, int, int]]] | None:
    """The file's comments and what a suppression can cover; None when it has none, or
    (unless ``always``) when its text never names composelint or, in a Dockerfile,
    hadolint: most files, which then pay nothing."""
    source = result.source
    if source is None or result.kind in ("env", "daemon"):
        return None  # JSON has no comments: per-file-ignores only
    if (
        not always
        and "composelint" not in source.text
        and (result.kind != "dockerfile" or "hadolint" not in source.text)
    ):
        return None
    from composelint import suppress

    if result.kind == "compose":
        loaded = gathered.cache.files.get(result.path)
        if loaded is None or loaded.yaml is None:
            return None
        return suppress.yaml_targets(loaded.yaml)
    if result.kind in gathered.scripts.kinds:  # "#" comments, and Markdown's <!-- -->
        found = gathered.scripts.get(result.path, result.kind).found
        if found is None:
            return None
        own = getattr(found, "suppression_targets", None)  # a CI file: its YAML's and shell's
        comments, ranges = own() if own is not None else suppress.shell_targets(found)
        blocks = getattr(found, "blocks", ())  # a Markdown fence: from the line above it
        if blocks:
            ranges = sorted([*ranges, *((source.position(s).line, s, e) for s, e in blocks)])
        return comments, ranges
    _source, dockerfile, _diags = gathered.dockerfiles.get(result.path)
    if dockerfile is None:
        return None
    return suppress.dockerfile_targets(dockerfile)


def _suppressed(result: FileResult, gathered: Gathered) -> list[Diagnostic]:
    """Apply the file's inline suppressions (only files that mention composelint pay)."""
    targets = _targets(result, gathered)
    if targets is None:
        return result.diagnostics
    from composelint import suppress
    from composelint.rules.selection import known_codes

    comments, ranges = targets
    source = result.source
    assert source is not None
    found, problems = suppress.parse(comments, ranges, known_codes(), source)
    return suppress.apply(result.diagnostics, found, source) + problems
