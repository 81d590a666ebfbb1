"""Verifying a fix pass: did the loaded data change only where the applied fixes said?

A pass is judged on data, not text: each project is loaded again from the fixed
text, and every place where its data differs from the previous pass must lie under
a path an applied fix declared (or a place fed by the same edited literal that no
fix can declare: an ``x-`` template, a service that extends or includes it).
"""

from __future__ import annotations

from collections.abc import Iterable

from composelint.compose.project import LoadedProject
from composelint.compose.tree import Tree
from composelint.diagnostics import Diagnostic
from composelint.model.origin import Path

# Codes a fix must never add: the file no longer parses (CL007: a script the shell
# grammar no longer reads), or compose would refuse it.
BREAKING = ("CL001", "CL002", "CL005", "CL007")


def breaking(files: Iterable[tuple[str, list[Diagnostic]]]) -> dict[str, set[str]]:
    """path -> the breaking findings in it (code and message)."""
    return {
        path: {f"{d.code} {d.message}" for d in diagnostics if d.code in BREAKING}
        for path, diagnostics in files
    }


def surprise(previous: LoadedProject, project: LoadedProject, allowed: list[Path]) -> Path | None:
    """The first data path of ``project`` that changed since ``previous`` outside ``allowed``."""
    if previous.tree is None or project.tree is None:
        return None
    return next(
        (
            p
            for p in data_diff(previous.tree.data, project.tree.data)
            if not any(p[: len(a)] == a for a in allowed)
        ),
        None,
    )


def data_surprise(
    previous: object, data: object, declared: list[tuple[str | int, ...]]
) -> tuple[str | int, ...] | None:
    """The first path where a file's loaded data (a kind without projects: a daemon.json)
    changed outside the ``declared`` paths."""
    return next(
        (p for p in data_diff(previous, data) if not any(p[: len(a)] == a for a in declared)),
        None,
    )


def declared_literals(
    projects: Iterable[LoadedProject], declared: list[Path]
) -> set[tuple[str, int, int]]:
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


def with_shared_places(
    tree: Tree, declared: list[Path], literals: set[tuple[str, int, int]]
) -> list[Path]:
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


def data_diff(a: object, b: object, path: Path = ()) -> list[Path]:
    """Paths where two loaded documents differ."""
    if isinstance(a, dict) and isinstance(b, dict):
        out: list[Path] = []
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
