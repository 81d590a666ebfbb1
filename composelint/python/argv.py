"""Command lines a Python program hands to a process: ``subprocess`` and ``os``.

Only the words are taken here; which of them start a container, and with what, is
the docker command-line reader's (``composelint.commands``).  A list (or tuple) of
arguments becomes :class:`~composelint.commands.Word` s, one per item: a string
literal is a literal word (written character for character when it has no escapes,
so an editor can insert into it); anything else (a name, an f-string, ``*args``) is
a word built at run time (an f-string's values as ``$(expr)``).  One string given
to a shell (``os.system``, ``shell=True``, ``shlex.split``) is kept whole, for a
shell reader to split.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from composelint.commands import LITERAL, RUNTIME, Piece, Word
from composelint.python.literals import STR, Lit, lit
from composelint.python.offsets import Offsets

SUBPROCESS = frozenset({"run", "call", "check_call", "check_output", "Popen"})
OS_SHELL = frozenset({"system", "popen"})


@dataclass(frozen=True, slots=True)
class CommandLine:
    """A command line passed to ``call`` (``"subprocess.run"``, ``"os.system"``…).

    ``words``: the argument list, when one is written (``[]`` for a string);
    ``string``: the one string literal a shell splits, when that is the form;
    ``start``/``end``: the call.  Neither is set when the command is computed."""

    call: str
    words: tuple[Word, ...]
    string: Lit | None
    start: int
    end: int


def command_line(call: ast.Call, name: str, offsets: Offsets) -> CommandLine | None:
    """The command line of a call to ``name`` (already known to run a process)."""
    start, end = offsets.start(call), offsets.end(call)
    module, _dot, function = name.rpartition(".")
    if function == "create_subprocess_exec":
        return CommandLine(name, tuple(word(a, offsets) for a in call.args), None, start, end)
    first = call.args[0] if call.args else _keyword(call, "args" if module != "os" else "command")
    if first is None:
        return None
    shell = module == "os" or function == "create_subprocess_shell" or _shell_true(call)
    if isinstance(first, (ast.List, ast.Tuple)):
        return CommandLine(name, tuple(word(e, offsets) for e in first.elts), None, start, end)
    if _is_shlex_split(first):
        first, shell = first.args[0], True  # type: ignore[attr-defined]
    text = lit(first, offsets)
    if text.kind == STR and shell:
        return CommandLine(name, (), text, start, end)
    return None


def word(node: ast.expr, offsets: Offsets) -> Word:
    item = lit(node, offsets)
    if item.kind == STR:
        if item.content is not None:
            piece = Piece(item.value, item.content[0], item.content[1], LITERAL, True)
        else:
            piece = Piece(item.value, item.start, item.end, LITERAL, False)
        return Word(item.start, item.end, (piece,))
    if isinstance(node, ast.JoinedStr):
        pieces = _fstring_pieces(node, item.start, item.end, offsets)
        return Word(item.start, item.end, tuple(pieces))
    raw = offsets.text[item.start : item.end]
    return Word(item.start, item.end, (Piece(raw, item.start, item.end, RUNTIME, False),))


def _fstring_pieces(node: ast.JoinedStr, start: int, end: int, offsets: Offsets) -> list[Piece]:
    """An f-string's literal parts and its values, each value written ``$(expr)`` as a
    shell writes what only the running program knows.  None is edited in place."""
    pieces = []
    for part in node.values:
        if isinstance(part, ast.Constant) and isinstance(part.value, str):
            pieces.append(Piece(part.value, start, end, LITERAL, False))
        elif isinstance(part, ast.FormattedValue):
            written = offsets.text[offsets.start(part.value) : offsets.end(part.value)]
            pieces.append(Piece(f"$({written})", start, end, RUNTIME, False))
    return pieces


def _keyword(call: ast.Call, name: str) -> ast.expr | None:
    return next((k.value for k in call.keywords if k.arg == name), None)


def _shell_true(call: ast.Call) -> bool:
    value = _keyword(call, "shell")
    return isinstance(value, ast.Constant) and value.value is True


def _is_shlex_split(node: ast.expr) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "split"
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "shlex"
        and len(node.args) == 1
    )
