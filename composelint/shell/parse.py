"""Parsing a script with tree-sitter's bash grammar, within limits.

The grammar is imported on first use: a run whose scripts never mention a container
runtime never loads it.  Hostile input is bounded as compose files are: by size
before parsing, by time while parsing (the parser's progress callback cancels it),
and by nesting while the tree is walked (:data:`MAX_DEPTH`).
"""

from __future__ import annotations

import sys
import time
from functools import cache
from typing import Any

MAX_SCRIPT_BYTES = 4 * 1024 * 1024
MAX_PARSE_SECONDS = 5.0
MAX_DEPTH = 200  # nesting of syntax nodes a walk follows; real scripts stay under 40


class ParseLimit(Exception):
    """The script is over a limit: too large, too slow to parse or nested too deep."""


@cache
def _language() -> Any:
    import tree_sitter
    import tree_sitter_bash

    return tree_sitter.Language(tree_sitter_bash.language())


def _parser() -> Any:
    import tree_sitter

    return tree_sitter.Parser(_language())  # cheap; a parser is not shared between threads


def parse(data: bytes, *, seconds: float = MAX_PARSE_SECONDS) -> Any:
    """The syntax tree of ``data`` (UTF-8); raises :class:`ParseLimit` past a limit."""
    if len(data) > MAX_SCRIPT_BYTES:
        raise ParseLimit(f"script is {len(data)} bytes, over the {MAX_SCRIPT_BYTES} byte limit")
    deadline = time.monotonic() + seconds
    returned: list[bytes] = []

    def read(offset: int, _point: Any) -> bytes:
        chunk = data[offset : offset + 65536]
        returned.append(chunk)
        return chunk

    def cancel(_offset: int, _has_error: bool) -> bool:
        return time.monotonic() > deadline

    try:
        return _parser().parse(read, progress_callback=cancel)
    except ValueError:  # the callback cancelled the parse
        raise ParseLimit(f"parsing took over {seconds:g} seconds") from None
    finally:
        _give_back(returned)


# Only a read callback lets a parse be cancelled (the progress callback is ignored when
# the parser is given bytes), and tree_sitter 0.26 keeps one reference to every chunk
# such a callback returns and never drops it: each parse leaked a copy of the script,
# 100 MB and more over a tree of 10,000 compose projects.  The binding is asked once
# per process how many references it keeps (a probe, read after its tree is gone);
# those are given back after each parse.  A binding that keeps none is left alone.


@cache
def _kept_per_chunk() -> int:
    """How many references the binding keeps, for good, to each chunk returned to it."""
    chunks = [bytes([65 + n]) * 100 + b"\n" for n in range(3)]  # three fresh objects
    before = _references(chunks)
    returns = [0] * len(chunks)

    def read(offset: int, _point: Any) -> bytes:
        index, within = divmod(offset, 101)
        if index >= len(chunks):
            return b""
        if within:  # a re-read from inside a chunk: a new object, not counted
            return chunks[index][within:]
        returns[index] += 1
        return chunks[index]

    tree = _parser().parse(read, progress_callback=lambda _offset, _error: False)
    del tree
    after = _references(chunks)
    kept = {(after[i] - before[i]) / returns[i] for i in range(len(chunks)) if returns[i]}
    if len(kept) != 1:
        return 0  # not one count for every return: nothing is given back
    count = kept.pop()
    return int(count) if count in (1, 2) else 0


def _references(objects: list[bytes]) -> list[int]:
    return [sys.getrefcount(objects[i]) for i in range(len(objects))]


def _give_back(chunks: list[bytes]) -> None:
    """Drop the references the binding kept to ``chunks`` (one entry per return)."""
    count = _kept_per_chunk() if chunks else 0
    if not count:
        return
    import ctypes

    release = ctypes.pythonapi.Py_DecRef
    release.argtypes = [ctypes.py_object]
    release.restype = None
    for chunk in chunks:
        for _ in range(count):
            release(chunk)


def parses_cleanly(text: str) -> bool:
    """Whether ``text`` parses with no ERROR or MISSING node (a fix must keep it so)."""
    try:
        tree = parse(text.encode("utf-8", "surrogatepass"))
    except ParseLimit:
        return False
    return not tree.root_node.has_error
