"""Batches: whole directories in tree order, checked (or fixed) together.

A batch holds whole directories, since compose groups the files of a directory into
projects.  The directories whose compose files may name a file of an earlier
directory (see :mod:`composelint.run.reach`) come first, in batches of their own.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from composelint.run.reach import dotenv_reaches_back, reaches_back, read_bytes

if TYPE_CHECKING:
    from composelint.discover.walk import Found

# Files and bytes of YAML per batch: small enough that a batch's loaded texts and trees
# stay near 5 MB, large enough that a compose file and the Dockerfiles it builds are
# mostly in one batch.  Halved from 100 files and 256 KiB, a fix of the 10k-file tree
# peaked at 185 MB instead of 201 MB with the same CPU time (a quarter saved no more).
BATCH_FILES = 50
BATCH_BYTES = 128 * 1024
# A fix holds each batch twice (as read, and as fixed): half a check's batches took 4 MB
# off the peak of the 10k-file tree's fix (152 against 156 MB) in the same time; 16
# files, 3 MB more but 12% more time (each batch's own costs, and more findings handed
# across batch boundaries).
FIX_FILES = BATCH_FILES // 2
FIX_BYTES = BATCH_BYTES // 2

Key = tuple[tuple[str, ...], str]
# A discovered file as a batch keeps it: path, kind, reason, explicit.  A third of the
# size of a Found with its Path (on the 10k-file tree, 24,000 files: about 10 MB less in
# the process that holds every batch), and quicker to send to a worker.
Entry = tuple[str, str, str, bool]


class Batch:
    """Whole directories checked together, and their discovered files."""

    __slots__ = ("directories", "files")

    def __init__(self, directories: list[str]) -> None:
        self.directories = directories
        self.files: list[Entry] = []

    @property
    def first_key(self) -> Key:
        return tuple(self.directories[0].split(os.sep)), ""


def plan_batches(
    files: list[Found],
    batch_files: int = BATCH_FILES,
    batch_bytes: int = BATCH_BYTES,
) -> tuple[list[Batch], list[Batch]]:
    """Batches of whole directories in tree order: those that may name files of earlier
    directories first, then the rest."""
    by_directory: dict[str, list[Found]] = {}
    for item in files:
        by_directory.setdefault(os.path.dirname(str(item.path)), []).append(item)
    order = sorted(by_directory, key=lambda d: tuple(d.split(os.sep)))
    sizes: dict[str, int] = {}
    reaching: set[str] = set()
    for directory in order:
        size, back, compose = 0, False, False
        for item in by_directory[directory]:
            if item.kind in ("compose", "yaml-candidate"):
                data = read_bytes(str(item.path))
                size, compose = size + len(data), True
                back = back or reaches_back(data)
        sizes[directory] = size
        if back or (compose and dotenv_reaches_back(directory)):
            reaching.add(directory)
    limits = (batch_files, batch_bytes)
    return (
        _fill([d for d in order if d in reaching], by_directory, sizes, limits),
        _fill([d for d in order if d not in reaching], by_directory, sizes, limits),
    )


def _fill(
    directories: list[str],
    by_directory: dict[str, list[Found]],
    sizes: dict[str, int],
    limits: tuple[int, int],
) -> list[Batch]:
    """Consecutive directories per batch, up to a number of files or bytes of YAML (a
    batch's loaded trees take about 45 times the bytes of its YAML).

    A batch full by those limits still takes the subdirectories of a directory of
    its own that holds compose files (up to four times the limits): their
    Dockerfiles, ``.env`` and ``env_file`` files are what that directory's projects
    read, and a batch that finds something in a later batch's file hands it on, which
    makes that batch, if already started in another process, be checked again.
    """
    batches: list[Batch] = []
    size = 0
    stacks: list[str] = []  # directories of the current batch that hold compose files
    for directory in directories:
        files = 0 if not batches else len(batches[-1].files)
        full = files >= limits[0] or size >= limits[1]
        if full and files < 4 * limits[0] and size < 4 * limits[1]:
            full = not any(_inside(directory, stack) for stack in stacks)
        if not batches or full:
            batches.append(Batch([]))
            size = 0
            stacks = []
        batches[-1].directories.append(directory)
        batches[-1].files.extend(
            (str(f.path), f.kind, f.reason, f.explicit) for f in by_directory[directory]
        )
        size += sizes[directory]
        if sizes[directory]:
            stacks.append(directory)
    return batches


def _inside(directory: str, ancestor: str) -> bool:
    return not ancestor or directory.startswith(ancestor + os.sep)


def found_files(entries: list[Entry]) -> list[Found]:
    """A batch's files as discovery gave them."""
    from pathlib import Path

    from composelint.discover.walk import Found

    return [Found(Path(path), kind, reason, explicit) for path, kind, reason, explicit in entries]
