"""Groups of projects that share files, and checking one group again on its own.

Two projects that read one file (a base both include, an ``env_file``, a Dockerfile
both build) are judged together: a fix in one of them changes what the other sees.
A fix pass checks again only the groups whose files it changed; the others keep
their findings, and the result is the same as checking the whole share again.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from composelint.diagnostics.report import report_order
from composelint.run.engine import RunResult

if TYPE_CHECKING:
    from composelint.compose.project import LoadedProject


class PathSets:
    """Union-find over file paths: paths joined into one set share a representative."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, path: str) -> str:
        parent = self.parent
        parent.setdefault(path, path)
        while parent[path] != path:
            parent[path] = parent[parent[path]]
            path = parent[path]
        return path

    def join(self, paths: list[str]) -> None:
        for path in paths:
            self.parent[self.find(path)] = self.find(paths[0])

    def sets(self) -> dict[str, list[str]]:
        """Every set, by its representative."""
        out: dict[str, list[str]] = {}
        for path in list(self.parent):
            out.setdefault(self.find(path), []).append(path)
        return out

    def members(self, representatives: set[str]) -> set[str]:
        return {p for p in list(self.parent) if self.find(p) in representatives}


class Groups(PathSets):
    """The files each project of a result reads, joined: files in one group share a
    representative."""

    def __init__(self, result: RunResult) -> None:
        super().__init__()
        for project in result.projects:
            self.join([*project.files, *project.env_files, *_built(project)])
        for file in result.files:
            self.find(file.path)


def leaking_groups(result: RunResult, foreign: Callable[[str], bool]) -> list[set[str]]:
    """Every group that reads a ``foreign`` file, as the set of files it reads."""
    groups = Groups(result)
    found: dict[str, set[str]] = {}
    for path in list(groups.parent):
        found.setdefault(groups.find(path), set()).add(path)
    return [members for members in found.values() if any(foreign(p) for p in members)]


def affected(result: RunResult, changed: Iterable[str]) -> set[str]:
    """The files of every group that holds a ``changed`` file, and those files."""
    groups = Groups(result)
    changed = set(changed)
    return changed | groups.members({groups.find(p) for p in changed})


def merge(previous: RunResult, again: RunResult, replaced: set[str]) -> RunResult:
    """``previous`` with the groups of ``replaced`` files taken from ``again``."""
    replaced = replaced | {f.path for f in again.files}
    files = {f.path: f for f in previous.files if f.path not in replaced}
    files.update({f.path: f for f in again.files})
    projects = [p for p in previous.projects if replaced.isdisjoint(p.files)]
    proposals = {p: v for p, v in previous.proposals.items() if p not in replaced}
    proposals.update(again.proposals)
    errors = [e for e in previous.errors if e[0] not in replaced] + again.errors
    return RunResult(
        [files[p] for p in sorted(files, key=report_order)],
        errors,
        projects + again.projects,
        proposals,
    )


def _built(project: LoadedProject) -> list[str]:
    """The Dockerfiles the project's services build (its findings may sit there)."""
    from composelint.run.contexts import build_paths

    out: list[str] = []
    for service in project.project.services.values():
        build = service.build
        if build is None or build.origin is None:
            continue
        paths = build_paths(build, build.origin.path)
        if paths is not None and os.path.isfile(paths[1]):
            out.append(paths[1])
    return out
