"""Python literals with their spans: what the reader judges and the editor rewrites.

A value is judged only when it is written as a literal: a number, a string, ``None``,
``True``/``False``, or a tuple, list or dict of those.  Anything else (a name, a call,
an f-string, ``a + b``) is ``COMPUTED``: known only when the program runs.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Any

from composelint.python.offsets import Offsets

STR, INT, NONE, BOOL, TUPLE, LIST, DICT, COMPUTED = (
    "str",
    "int",
    "none",
    "bool",
    "tuple",
    "list",
    "dict",
    "computed",
)
# Deeper literals than this are not looked into (hostile input: a 10,000-deep list).
MAX_DEPTH = 20


@dataclass(frozen=True, slots=True)
class Lit:
    """One expression of the file at ``[start, end)`` and what it is.

    ``value``: the Python value of a scalar; the items (``Lit``) of a tuple or list;
    the ``(key, value)`` pairs of a dict (a ``**spread`` has key None).  ``content``:
    for a string written character for character (no escapes, no concatenation), the
    span between its quotes, where an editor may replace or insert text.
    """

    start: int
    end: int
    kind: str
    value: Any = None
    content: tuple[int, int] | None = None

    @property
    def literal(self) -> bool:
        return self.kind != COMPUTED

    @property
    def items(self) -> tuple[Lit, ...]:
        return self.value if self.kind in (TUPLE, LIST) else ()

    @property
    def pairs(self) -> tuple[tuple[Lit | None, Lit], ...]:
        return self.value if self.kind == DICT else ()

    def text(self) -> str | None:
        """The string's value, or None when it is not a string literal."""
        return self.value if self.kind == STR else None


def lit(node: ast.AST | None, offsets: Offsets, depth: int = 0) -> Lit:
    """``node`` as a literal (``COMPUTED`` where it is not one)."""
    if node is None:
        return Lit(0, 0, COMPUTED)
    start, end = offsets.start(node), offsets.end(node)
    if depth > MAX_DEPTH:
        return Lit(start, end, COMPUTED)
    if isinstance(node, ast.Constant):
        value = node.value
        if value is None:
            return Lit(start, end, NONE)
        if isinstance(value, bool):
            return Lit(start, end, BOOL, value)
        if isinstance(value, int):
            return Lit(start, end, INT, value)
        if isinstance(value, str):
            return Lit(start, end, STR, value, _content(offsets.text, start, end, value))
        return Lit(start, end, COMPUTED)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        inner = lit(node.operand, offsets, depth + 1)
        if inner.kind == INT:
            return Lit(start, end, INT, -inner.value)
        return Lit(start, end, COMPUTED)
    if isinstance(node, (ast.Tuple, ast.List)):
        kind = TUPLE if isinstance(node, ast.Tuple) else LIST
        items = tuple(lit(item, offsets, depth + 1) for item in node.elts)
        return Lit(start, end, kind, items)
    if isinstance(node, ast.Dict):
        pairs = tuple(
            (None if key is None else lit(key, offsets, depth + 1), lit(value, offsets, depth + 1))
            for key, value in zip(node.keys, node.values, strict=True)
        )
        return Lit(start, end, DICT, pairs)
    return Lit(start, end, COMPUTED)


def _content(text: str, start: int, end: int, value: str) -> tuple[int, int] | None:
    """The span between a string literal's quotes when it holds ``value`` as written."""
    raw = text[start:end]
    prefix = 0
    while prefix < len(raw) and raw[prefix] in "rRuU":
        prefix += 1
    for quote in ('"""', "'''", '"', "'"):
        if raw.startswith(quote, prefix) and raw.endswith(quote):
            inner = raw[prefix + len(quote) : len(raw) - len(quote)]
            if inner == value and len(raw) >= prefix + 2 * len(quote):
                return start + prefix + len(quote), end - len(quote)
            return None
    return None


def scalar_text(item: Lit) -> str | None:
    """A string or number literal as text (``5432`` and ``"5432"`` alike)."""
    if item.kind == STR:
        return str(item.value)
    if item.kind == INT:
        return str(item.value)
    return None
