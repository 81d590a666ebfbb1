"""Handing freed memory back to the system between batches.

A batch's texts, trees and projects are freed when it is done, but glibc's allocator
keeps most of those pages for later: between its heap's top and the blocks still in
use, freed pages stay resident.  Over a tree of many batches the process then grows
with every batch (on the 10k tree: a fix's main process from 90 to 145 MB, although
the objects alive stayed at about 33 MB).  ``malloc_trim`` returns them (about 0.2 ms
a batch); elsewhere (musl, macOS, Windows) nothing is done.  Large blocks are kept
out of the heap from the start of a run (:func:`keep_large_blocks_apart`), so that few
pages are left that a trim cannot give back.
"""

from __future__ import annotations

from functools import cache
from typing import Any

_M_MMAP_THRESHOLD = -3  # mallopt's parameter number (malloc.h)
# Blocks this large or larger get pages of their own, given back as soon as they are freed.
LARGE_BLOCK = 128 * 1024


@cache
def _glibc() -> Any:
    import sys

    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
    except OSError:  # not glibc
        return None
    return libc if hasattr(libc, "malloc_trim") and hasattr(libc, "mallopt") else None


def give_back_freed() -> None:
    """Return the pages freed since the last batch to the system, where the allocator
    can say so."""
    libc = _glibc()
    if libc is not None:
        libc.malloc_trim(0)


@cache
def keep_large_blocks_apart() -> None:
    """Have every block of :data:`LARGE_BLOCK` or more mapped on its own, for the whole
    process (and the workers it forks).

    glibc starts with that threshold but raises it each time such a block is freed (up
    to 32 MB), so that later the texts of big files and the results coming back from
    workers are cut out of the heap, and the small long-lived blocks placed beside
    them keep its pages resident after a trim.  Fixed at the start, a fix of the 10k
    tree peaked 8 MB lower (148 against 156 MB, summed over its processes)."""
    libc = _glibc()
    if libc is not None:
        libc.mallopt(_M_MMAP_THRESHOLD, LARGE_BLOCK)
