"""Parsing a script with tree-sitter's bash grammar, within limits.

The grammar is imported on first use: a run whose scripts never mention a container
runtime never loads it.  Hostile input is bounded as compose files are: by size
before parsing, by time while parsing (the parser's progress callback cancels it),
and by nesting while the tree is walked (:data:`MAX_DEPTH`).
"""

from __future__ import annotations

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

    def read(offset: int, _point: Any) -> bytes:
        return data[offset : offset + 65536]

    def cancel(_offset: int, _has_error: bool) -> bool:
        return time.monotonic() > deadline

    try:
        return _parser().parse(read, progress_callback=cancel)
    except ValueError:  # the callback cancelled the parse
        raise ParseLimit(f"parsing took over {seconds:g} seconds") from None


def parses_cleanly(text: str) -> bool:
    """Whether ``text`` parses with no ERROR or MISSING node (a fix must keep it so)."""
    try:
        tree = parse(text.encode("utf-8", "surrogatepass"))
    except ParseLimit:
        return False
    return not tree.root_node.has_error
