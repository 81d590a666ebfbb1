"""The benchmark trees: corpus repositories copied until a tree holds enough compose files."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

from common import COMPOSE_NAME, CORPUS_TREE, DOCKERFILE_NAME, NOT_DOCKERFILE_SUFFIXES, log


def is_compose_name(name: str) -> bool:
    return COMPOSE_NAME.fullmatch(name) is not None


def is_dockerfile_name(name: str) -> bool:
    return DOCKERFILE_NAME.fullmatch(name) is not None and not name.endswith(
        NOT_DOCKERFILE_SUFFIXES
    )


def walk_files(root: Path) -> list[Path]:
    """Every regular file under *root* (symlinks not followed), sorted."""
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in filenames:
            path = Path(dirpath, name)
            if path.is_file() and not path.is_symlink():
                found.append(path)
    found.sort()
    return found


def count_compose(root: Path) -> int:
    return sum(1 for p in walk_files(root) if is_compose_name(p.name))


def corpus_repos() -> list[tuple[Path, int]]:
    """``(repo dir, compose files in it)`` for each ``<owner>/<repo>`` of the corpus tree."""
    if not CORPUS_TREE.is_dir():
        sys.exit(f"corpus tree not found: {CORPUS_TREE}")
    repos: list[tuple[Path, int]] = []
    for owner in sorted(p for p in CORPUS_TREE.iterdir() if p.is_dir()):
        for repo in sorted(p for p in owner.iterdir() if p.is_dir()):
            repos.append((repo, count_compose(repo)))
    if not any(n for _, n in repos):
        sys.exit(f"no compose files in {CORPUS_TREE}")
    return repos


def tree_plan(repos: list[tuple[Path, int]], target: int) -> tuple[list[tuple[int, Path]], int]:
    """Which repositories to copy (cycle index, repo) and the compose count that gives."""
    plan: list[tuple[int, Path]] = []
    total = 0
    cycle = 0
    while total < target:
        cycle += 1
        for repo, n in repos:
            plan.append((cycle, repo))
            total += n
            if total >= target:
                break
    return plan, total


def build_tree(dest: Path, repos: list[tuple[Path, int]], target: int) -> int:
    """Build (or reuse) a tree holding at least *target* compose files; return the count."""
    plan, expected = tree_plan(repos, target)
    if dest.is_dir():
        have = count_compose(dest)
        if have == expected:
            log(f"reusing {dest} ({have} compose files)")
            return have
        log(f"{dest} holds {have} compose files, expected {expected}: rebuilding")
        shutil.rmtree(dest)
    log(f"building {dest} ({expected} compose files, {len(plan)} repository copies)")
    tmp = dest.with_name(dest.name + ".partial")
    if tmp.exists():
        shutil.rmtree(tmp)
    for cycle, repo in plan:
        rel = repo.relative_to(CORPUS_TREE)
        shutil.copytree(repo, tmp / f"copy{cycle:04d}" / rel, symlinks=True)
    tmp.rename(dest)
    have = count_compose(dest)
    if have != expected:
        sys.exit(f"{dest}: built {have} compose files, expected {expected}")
    return have


def tree_files(root: Path, pick: Callable[[str], bool]) -> list[str]:
    """Paths (relative to *root*, as strings) of the files whose base name *pick* accepts."""
    return [str(p.relative_to(root)) for p in walk_files(root) if pick(p.name)]
