"""How far the Python editor (``composelint.fix.python_cst``) follows a file.

The editor rewrites the file's libcst tree.  libcst parses in native code that
recurses without a limit (a chain of 10,000 ``and`` operands, which ``ast`` keeps
flat, crashes the process) and writes the tree back with Python recursion (about 300
levels deep is the end of it); a big file costs about 2 ms per 1,000 characters.  So
a file over :data:`MAX_EDIT_CHARS` characters, or one nested deeper than
:data:`MAX_NESTING` levels as ``ast`` reads it (an ``and``/``or`` chain counts one
level per operand, a dotted import name one per name), is never given to libcst: its
findings get no fix, and one note says why.
"""

from __future__ import annotations

import ast

from composelint.python.scopes import children

MAX_EDIT_CHARS = 1_000_000
MAX_NESTING = 100


def nesting(tree: ast.AST, limit: int = MAX_NESTING) -> int:
    """How deep ``tree`` nests, counted until it passes ``limit`` (then that depth)."""
    deepest = 0
    todo: list[tuple[ast.AST, int]] = [(tree, 0)]
    while todo:
        node, depth = todo.pop()
        if isinstance(node, ast.BoolOp):
            depth += len(node.values) - 1
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            depth += max((alias.name.count(".") for alias in node.names), default=0)
        if depth > deepest:
            deepest = depth
            if deepest > limit:
                return deepest
        todo.extend((child, depth + 1) for child in children(node))
    return deepest


def edit_refusal(text: str, tree: ast.AST) -> str | None:
    """Why the Python editor will not rewrite this file (None: it will)."""
    if len(text) > MAX_EDIT_CHARS:
        return f"the file is over the {MAX_EDIT_CHARS} character limit of the Python editor"
    depth = nesting(tree)
    if depth > MAX_NESTING:
        return f"the file nests deeper than the {MAX_NESTING} levels the Python editor rewrites"
    return None
