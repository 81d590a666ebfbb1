"""Which compose files docker compose loads together, as the engine groups them.

A base file with its override (``compose.override.yml``...), the files that
``COMPOSE_FILE`` in a directory's ``.env`` lists, and every other file alone.
``include:`` and ``extends:`` are followed later, when a project is loaded.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping

BASE_NAMES = ("compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml")
OVERRIDE_NAMES = (
    "compose.override.yaml",
    "compose.override.yml",
    "docker-compose.override.yaml",
    "docker-compose.override.yml",
)


def group_projects(
    compose_paths: list[str], dotenv: Callable[[str], Mapping[str, str]]
) -> list[list[str]]:
    """Project file lists: base + overrides, ``COMPOSE_FILE`` from ``.env``, the rest alone."""
    groups: list[list[str]] = []
    grouped: set[str] = set()
    by_dir: dict[str, list[str]] = {}
    for path in compose_paths:
        by_dir.setdefault(os.path.dirname(path), []).append(path)
    for directory, paths in by_dir.items():
        names = {os.path.basename(p): p for p in paths}
        compose_file = dotenv(directory or ".").get("COMPOSE_FILE")
        if compose_file:
            sep = dotenv(directory or ".").get("COMPOSE_PATH_SEPARATOR", os.pathsep)
            listed = [
                os.path.normpath(os.path.join(directory, f)) for f in compose_file.split(sep) if f
            ]
            existing = [p for p in listed if os.path.isfile(p)]
            if existing:
                groups.append(existing)
                grouped.update(existing)
        base = next((names[n] for n in BASE_NAMES if n in names), None)
        override = next((names[n] for n in OVERRIDE_NAMES if n in names), None)
        if override and not base:
            # pre-commit passed only the override: load its base as context.
            sibling = next(
                (
                    os.path.join(directory, n)
                    for n in BASE_NAMES
                    if os.path.isfile(os.path.join(directory, n))
                ),
                None,
            )
            base = sibling
        if base and base not in grouped:
            group = [base] + ([override] if override else [])
            groups.append(group)
            grouped.update(group)
    for path in compose_paths:
        if path not in grouped:
            groups.append([path])
            grouped.add(path)
    return groups
