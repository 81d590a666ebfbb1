"""Where each file's findings are collected, before suppressions and selection.

This is the one place the rules run: a Dockerfile's rules on each Dockerfile target,
a daemon's rules on each dockerd ``daemon.json`` target, a project's rules on each
loaded project.  Findings go to the file they sit in (a
project's finding may sit in a file it includes or an env file it read); for a
compose file that several projects read, what each of them proposed to fix there is
recorded, since the fix loop applies only what all of them propose.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from typing import TYPE_CHECKING

from composelint.compose.project import FileCache, LoadedProject
from composelint.config import Config
from composelint.diagnostics import Diagnostic, make
from composelint.diagnostics.report import report_order
from composelint.rules.selection import Selection
from composelint.source import Source

if TYPE_CHECKING:
    from composelint.compose.references import Undefined
    from composelint.model.container import Build
    from composelint.rules.base import Rule
    from composelint.rules.context import BuildingService, RuleOptions
    from composelint.run.contexts import DockerfileCache
    from composelint.run.daemons import DaemonCache, Defaults
    from composelint.run.engine import FileResult, Proposals
    from composelint.run.scripts import ScriptCache


def collect(
    targets: dict[str, str],
    cache: FileCache,
    dockerfiles: DockerfileCache,
    scripts: ScriptCache,
    projects: list[LoadedProject],
    selection: Selection,
    config: Config,
    daemons: tuple[DaemonCache, Defaults] | None = None,
) -> tuple[dict[str, FileResult], dict[str, list[Proposals]]]:
    """Every finding in each target, in report order, before suppressions and selection,
    and what each project proposed to fix in a compose file that several projects read.

    A shell script's or Python file's containers are a project of their own (added to
    ``projects``).
    ``daemons``: the share's daemon.json files as read, and the run's that bind to
    loopback."""
    from composelint.fix.intents import resolve_fixes
    from composelint.rules.context import DockerfileContext
    from composelint.rules.runner import run_dockerfile_rules, run_project_rules
    from composelint.run.contexts import build_paths, project_context
    from composelint.run.daemons import default_for
    from composelint.run.engine import FileResult
    from composelint.run.scripts import KINDS as SCRIPT_KINDS
    from composelint.run.scripts import as_documented, as_read, script_projects

    options = rule_options(config)
    rules = selection.rules()
    builders = _builders(projects)
    results: dict[str, FileResult] = {}
    for path in sorted(targets, key=report_order):
        if targets[path] == "env":  # findings another share made in an env file it read
            results[path] = FileResult(path, "env", None, [])
        elif targets[path] == "compose":
            loaded = cache.get(path)
            results[path] = FileResult(path, "compose", loaded.source, list(loaded.diagnostics))
        elif targets[path] in SCRIPT_KINDS:
            read = scripts.get(path, targets[path])
            results[path] = FileResult(path, targets[path], read.source, list(read.notes))
            results[path].data = getattr(read.found, "structure", None)
            projects.extend(script_projects(read))
        elif targets[path] == "daemon":
            if daemons is not None:
                result = _daemon_result(path, daemons[0], rules, options)
                if result is not None:
                    results[path] = result
        else:
            source, dockerfile, diagnostics = dockerfiles.get(path)
            result = FileResult(path, "dockerfile", source, list(diagnostics))
            if dockerfile is not None and source is not None:
                built_by = builders.get(os.path.abspath(path), ())
                ctx = DockerfileContext(path, dockerfile, options, built_by)
                result.diagnostics.extend(run_dockerfile_rules(ctx, rules, source.span(0, 0)))
            results[path] = result

    def is_target(path: str) -> bool:
        return path in results

    seen = {path: set(result.diagnostics) for path, result in results.items()}
    readers: dict[str, int] = {}
    for project in projects:
        for path in set(project.files):
            if targets.get(path) not in SCRIPT_KINDS:  # a CI file's jobs edit their own parts
                readers[path] = readers.get(path, 0) + 1
    proposals: dict[str, list[Proposals]] = {p: [] for p, n in readers.items() if n > 1}
    for project in projects:
        found = list(project.diagnostics)
        if _lone_override(project):
            # An override snippet kept apart from its base (to be copied beside it): its
            # relative paths name files of the directory it will be copied to.
            found = [d for d in found if d.code != "CL006"]
        else:
            found.extend(_build_context_problems(project, build_paths))
        if project.undefined and _stands_alone(project):
            found.extend(u.diagnostic for u in project.undefined if not _defined_beside(project, u))
        anchor = _first_source(project, cache, scripts)
        if project.tree is not None and anchor is not None:
            loopback = None if daemons is None else default_for(daemons[1], project.files[0])
            host = scripts.host_commands(project.files[0])
            local = scripts.local_images(project.files[0])
            context = project_context(project, dockerfiles, options, loopback, host, local)
            checked = run_project_rules(context, rules, anchor.span(0, 0))
            found.extend(resolve_fixes(checked, project, is_target))
        if proposals:
            _note_proposals(project, found, proposals)
        for diagnostic in found:
            path = diagnostic.span.path
            found_in = results.get(path)
            if found_in is None and path in project.env_files:  # CL001 in a .env it read
                found_in = results[path] = FileResult(path, "env", project.env_files[path])
                seen[path] = set()
            if found_in is not None and diagnostic not in seen[path]:
                seen[path].add(diagnostic)
                found_in.diagnostics.append(diagnostic)
    for path, result in results.items():
        if result.kind in SCRIPT_KINDS:
            read = scripts.get(path, result.kind)
            result.diagnostics = as_read(read, result.diagnostics)
            if result.kind in ("makefile", "markdown"):  # commands written inside another text
                as_documented(result, read)
    if any(result.kind == "env" for result in results.values()):  # env files in report order
        results = {path: results[path] for path in sorted(results, key=report_order)}
    return results, proposals


def _builders(projects: list[LoadedProject]) -> dict[str, tuple[BuildingService, ...]]:
    """The compose services that build each local Dockerfile (by absolute path)."""
    from composelint.rules.context import BuildingService
    from composelint.run.contexts import build_paths

    found: dict[str, list[BuildingService]] = {}
    for project in projects:
        if project.tree is None:
            continue
        for service in project.project.services.values():
            build = service.build
            if build is None or build.origin is None or build.origin.depends_on_env:
                continue
            paths = build_paths(build, build.origin.path)
            if paths is not None:
                building = BuildingService(service, build.origin.path)
                found.setdefault(os.path.abspath(paths[1]), []).append(building)
    return {path: tuple(services) for path, services in found.items()}


def _lone_override(project: LoadedProject) -> bool:
    """An override file (``docker-compose.override.yml``...) with no base file beside it."""
    from composelint.discover.grouping import OVERRIDE_NAMES

    group = project.group
    return len(group) == 1 and os.path.basename(group[0]) in OVERRIDE_NAMES


def _stands_alone(project: LoadedProject) -> bool:
    """Run by itself: its base has a name docker compose finds alone (``compose.yaml``...)
    or ``COMPOSE_FILE`` listed its files, and no other YAML file nearby (in the three
    directories above it and their direct subdirectories) names one of its files, as
    an ``include:``, an ``extends: file:`` or a ``-f`` list would.  Any other file
    (``jibri.yml``, ``fleet-compose.yml``) is usually layered with ``-f`` onto a base
    that defines what it uses.  Read from the disk, so the answer is the same whatever
    else the run checks."""
    from composelint.discover.grouping import BASE_NAMES

    group = project.group
    if not group or (os.path.basename(group[0]) not in BASE_NAMES and len(group) == 1):
        return False
    mine = {os.path.abspath(path) for path in group}
    directory = os.path.dirname(os.path.abspath(group[0]))
    for _level in range(4):
        if any(_names_any(yaml, mine) for yaml in _yaml_near(directory)):
            return False
        parent = os.path.dirname(directory)
        if os.path.isdir(os.path.join(directory, ".git")) or parent == directory:
            break
        directory = parent
    return True


_TOP_LEVEL = ("networks", "volumes", "secrets", "configs")
_MAX_LEVELS_UP = 3


def _defined_beside(project: LoadedProject, undefined: Undefined) -> bool:
    """Whether a compose file in the project's directory or the directories above it
    (up to the repository's root) defines the name at its top level: a platform's
    common file layered with ``-f`` (runtipi's ``apps/docker-compose.common.yml``
    defines the network every app joins)."""
    if undefined.section not in _TOP_LEVEL or not project.group:
        return False
    mine = {os.path.abspath(path) for path in project.group}
    directory = os.path.dirname(os.path.abspath(project.group[0]))
    for _level in range(_MAX_LEVELS_UP + 1):
        for path in _yaml_in(directory):
            if path not in mine and undefined.name in _definitions(path).get(undefined.section, ()):
                return True
        parent = os.path.dirname(directory)
        if os.path.isdir(os.path.join(directory, ".git")) or parent == directory:
            break
        directory = parent
    return False


def _yaml_in(directory: str) -> list[str]:
    try:
        names = sorted(os.listdir(directory))
    except OSError:
        return []
    return [os.path.join(directory, n) for n in names if n.endswith((".yml", ".yaml"))]


@functools.lru_cache(maxsize=256)
def _definitions(path: str) -> dict[str, frozenset[str]]:
    """The names a YAML file defines under its top-level sections (empty when it cannot
    be read or parsed)."""
    from composelint.source import DecodeError, Source
    from composelint.yaml.document import load_yaml
    from composelint.yaml.nodes import MappingNode, ScalarNode

    if not os.path.isfile(path):  # a FIFO or device is never opened
        return {}
    try:
        yaml = load_yaml(Source.read(path))
    except (OSError, DecodeError):
        return {}
    root = yaml.root if not yaml.fatal else None
    if not isinstance(root, MappingNode):
        return {}
    found: dict[str, frozenset[str]] = {}
    for key, value in root.pairs:
        name = key.value if isinstance(key, ScalarNode) else None
        if name in _TOP_LEVEL and isinstance(value, MappingNode):
            keys = (k.value for k, _v in value.pairs if isinstance(k, ScalarNode))
            found[str(name)] = frozenset(str(k) for k in keys)
    return found


def _yaml_near(directory: str) -> list[str]:
    """The YAML files of ``directory`` and of its direct subdirectories."""
    out: list[str] = []
    for folder in [directory, *_subdirectories(directory)]:
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            continue
        out.extend(os.path.join(folder, n) for n in names if n.endswith((".yml", ".yaml")))
    return out


def _subdirectories(directory: str) -> list[str]:
    try:
        names = sorted(os.listdir(directory))
    except OSError:
        return []
    paths = (os.path.join(directory, n) for n in names if not n.startswith("."))
    return [p for p in paths if os.path.isdir(p)]


def _names_any(path: str, mine: set[str]) -> bool:
    """Whether the YAML file ``path`` (not one of ``mine``) names one of ``mine``."""
    if path in mine or not os.path.isfile(path):  # a FIFO or device is never opened
        return False
    try:
        with open(path, "rb") as handle:
            text = handle.read(1 << 20).decode("utf-8", "replace")
    except OSError:
        return False
    here = os.path.dirname(path)
    return any(os.path.relpath(m, here).replace(os.sep, "/") in text for m in mine)


def _first_source(project: LoadedProject, cache: FileCache, scripts: ScriptCache) -> Source | None:
    """The source of the project's first file (where a rule's own failure is reported)."""
    path = project.files[0]
    if path in scripts.read:
        return scripts.read[path].source
    loaded = cache.files.get(path)
    return loaded.source if loaded is not None else None


def _daemon_result(
    path: str, cache: DaemonCache, rules: list[Rule], options: RuleOptions
) -> FileResult | None:
    """A daemon.json's findings; None for a file that is not dockerd's (not listed)."""
    from composelint.fix.daemon_edits import resolve_daemon_fixes
    from composelint.rules.context import DaemonContext
    from composelint.rules.runner import run_daemon_rules
    from composelint.run.engine import FileResult

    read = cache.get(path)
    if not read.judged:
        return None
    result = FileResult(path, "daemon", read.source, list(read.diagnostics))
    if read.config is not None and read.source is not None:
        ctx = DaemonContext(path, read.config, options)
        found = run_daemon_rules(ctx, rules, read.source.span(0, 0))
        result.diagnostics.extend(resolve_daemon_fixes(found, lambda _path: True))
        result.data = read.config.data
    return result


def _note_proposals(
    project: LoadedProject, found: list[Diagnostic], proposals: dict[str, list[Proposals]]
) -> None:
    """Record the fixes ``project`` proposed in each shared file it read (none counts too)."""
    mine: dict[str, Proposals] = {p: {} for p in set(project.files) if p in proposals}
    for diagnostic in found:
        fix = diagnostic.fix
        if fix is None or not fix.edits:
            continue
        for path in {edit.path for edit in fix.edits}:
            if path in mine:
                mine[path].setdefault(fix.edits, set()).add(fix.applicability)
    for path, fixes in mine.items():
        proposals[path].append(fixes)


def rule_options(config: Config) -> RuleOptions:
    from composelint.rules.context import RuleOptions

    options = config.options
    defaults = RuleOptions()
    return RuleOptions(
        loopback_v4=str(options.get("loopback-v4", defaults.loopback_v4)),
        loopback_v6=str(options.get("loopback-v6", defaults.loopback_v6)),
        proxy_images=defaults.proxy_images + tuple(options.get("proxy-images", ())),
    )


def _build_context_problems(
    project: LoadedProject, build_paths: Callable[[Build, str], tuple[str, str] | None]
) -> list[Diagnostic]:
    """CL006 for a ``build:`` whose local context has no Dockerfile."""
    out: list[Diagnostic] = []
    for service in project.project.services.values():
        build = service.build
        if build is None or build.origin is None or build.origin.depends_on_env:
            continue
        paths = build_paths(build, build.origin.path)
        if paths is None or os.path.isfile(paths[1]):
            continue
        context, _dockerfile = paths
        if os.path.isdir(context):
            written = build.dockerfile or "Dockerfile"
            what = f"Dockerfile '{written}' in context '{build.context}'"
        else:
            what = f"context '{build.context}'"
        out.append(
            make(
                "CL006",
                f"build of service '{service.name}' names {what}, which does not exist",
                build.origin.span,
            )
        )
    return out
