"""A Python file's libcst tree, rewritten one node at a time.

libcst is imported here, and this module only when a Python fix is asked for: reading
Python needs the standard library's ``ast`` alone.  The file is parsed once (the last
file parsed is kept, since its intents come one after another); a node is found at
the reader's span inside the top-level statement that holds it (positions are
computed for that statement only, not for the whole file), replaced by what a
rewrite makes of it, and the edit is the difference between the statement's code
before and after, which libcst writes back with every comment, blank line and quote
of the original.  The difference is trimmed to the characters that changed, widened
to whole words (``read_only=False`` becomes ``True``, not ``Tru``), and must lie
inside the node's span: anything else is no edit at all.

Hostile input: a file over :data:`MAX_CHARS` characters is not parsed (libcst costs
about 2 ms per 1,000 characters), nor one the reader found nested deeper than
libcst's recursion can follow (``composelint.python.limits``); a ``RecursionError``
or a parser error on the way is no fix either, never a crash.
"""

from __future__ import annotations

import ast
import bisect
import gc
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import libcst as cst
from libcst.metadata import ByteSpanPositionProvider, MetadataWrapper

from composelint.diagnostics import Edit
from composelint.python.limits import MAX_EDIT_CHARS
from composelint.source import Source, lazy_pattern

MAX_CHARS = MAX_EDIT_CHARS  # the largest file the editor parses (the reader's limit: 2M)

_NEWLINE = lazy_pattern(r"\r\n|\r|\n")  # where Python's tokenizer ends a line

Rewrite = Callable[[cst.CSTNode], cst.CSTNode | None]


@dataclass
class _Statement:
    """One top-level statement: where its code starts, its code, and the span in bytes
    (of that code) of each node in it."""

    start: int
    code: str
    module: cst.Module
    spans: dict[cst.CSTNode, tuple[int, int]]


class CstFile:
    """One file's libcst tree and where its top-level statements start."""

    def __init__(self, source: Source, module: cst.Module) -> None:
        self.source = source
        self.text = source.text
        self.module = module
        self._starts: list[int] | None = None
        self._statements: dict[int, _Statement | None] = {}

    def _statement_starts(self) -> list[int]:
        """Where each top-level statement's code (its leading blank and comment lines
        included) starts: from the lines ``ast`` gives, which costs a fraction of
        writing every statement back; each is checked when its statement is read."""
        if self._starts is None:
            with paused_collector():
                self._starts = self._starts_from_lines() or self._starts_from_code()
        return self._starts

    def _starts_from_lines(self) -> list[int] | None:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                tree = ast.parse(self.text)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            return None
        lines = [0, *(m.end() for m in _NEWLINE.finditer(self.text))]
        written = tree.body
        starts = []
        at = 0
        for statement in self.module.body:
            if at >= len(written):
                return None
            first = written[at]
            decorators = getattr(first, "decorator_list", None)
            line = min([first.lineno, *(d.lineno for d in decorators or ())])
            line -= len(statement.leading_lines)
            if not 1 <= line <= len(lines):
                return None
            starts.append(lines[line - 1])
            at += len(statement.body) if isinstance(statement, cst.SimpleStatementLine) else 1
        return starts if at == len(written) else None

    def _starts_from_code(self) -> list[int]:
        code = self.module.code_for_node
        at = sum(len(code(line)) for line in self.module.header)
        starts = []
        for statement in self.module.body:
            starts.append(at)
            at += len(code(statement))
        return starts

    def _statement(self, offset: int, end: int) -> _Statement | None:
        """The top-level statement holding ``[offset, end)``, with its node spans."""
        starts = self._statement_starts()
        index = bisect.bisect_right(starts, offset) - 1
        if index < 0:
            return None
        if index not in self._statements:
            self._statements[index] = self._read_statement(index, starts[index])
        found = self._statements[index]
        if found is None or not found.start <= offset <= end <= found.start + len(found.code):
            return None
        return found

    def _read_statement(self, index: int, start: int) -> _Statement | None:
        body = self.module.body
        last = index == len(body) - 1
        sub = self.module.with_changes(
            body=[body[index]],
            header=[],
            footer=[],
            has_trailing_newline=self.module.has_trailing_newline or not last,
        )
        code = sub.code
        if not self.text.startswith(code, start):
            return None  # not where the lengths before it put it: no edit there
        wrapper = MetadataWrapper(sub, unsafe_skip_copy=True)
        found = wrapper.resolve(ByteSpanPositionProvider)
        spans: dict[cst.CSTNode, tuple[int, int]] = {
            node: (span.start, span.start + span.length)
            for node, span in found.items()
            if isinstance(node, (cst.BaseExpression, cst.Arg, cst.BaseDictElement))
        }
        return _Statement(start, code, sub, spans)

    def rewrite(
        self,
        start: int,
        end: int,
        kinds: tuple[type[cst.CSTNode], ...],
        rewrite: Rewrite,
    ) -> Edit | None:
        """The edit that replaces the node of one of ``kinds`` written at ``[start,
        end)`` by what ``rewrite`` makes of it (None: no change, no node there, or a
        change outside the node)."""
        statement = self._statement(start, end)
        if statement is None:
            return None
        low, high = _bytes(statement, start, end)
        target = _node_at(statement, low, high, kinds)
        if target is None:
            return None
        new = rewrite(target)
        if new is None:
            return None
        return self._replaced(statement, target, new, (low, high), start, end)

    def retext(self, edits: Sequence[Edit]) -> tuple[Edit, ...] | None:
        """Text edits inside string literals (a command-line editor's, on the words of
        a command list or string) carried out on the string nodes holding them: each
        node's text with its edits is the new node.  None when an edit is not inside
        one string literal."""
        holders: dict[cst.CSTNode, tuple[_Statement, list[Edit]]] = {}
        for edit in edits:
            statement = self._statement(edit.start, edit.end)
            if statement is None:
                return None
            low, high = _bytes(statement, edit.start, edit.end)
            holder = _string_around(statement, low, high)
            if holder is None:
                return None
            holders.setdefault(holder, (statement, []))[1].append(edit)
        out = []
        for holder, (statement, inside) in holders.items():
            assert isinstance(holder, cst.SimpleString)
            low, high = statement.spans[holder]
            start, end = _chars(statement, low, high)
            if self.text[start:end] != holder.value:
                return None
            value = holder.value
            for edit in sorted(inside, key=lambda e: e.start, reverse=True):
                value = value[: edit.start - start] + edit.new_text + value[edit.end - start :]
            new = holder.with_changes(value=value)
            made = self._replaced(statement, holder, new, (low, high), start, end)
            if made is None:
                return None
            out.append(made)
        return tuple(out)

    def _replaced(
        self,
        statement: _Statement,
        target: cst.CSTNode,
        new: cst.CSTNode,
        span: tuple[int, int],
        start: int,
        end: int,
    ) -> Edit | None:
        replacer = _Replacer(target, new, statement.spans, span)
        changed = statement.module.visit(replacer)
        if not replacer.done:
            return None
        after = changed.code
        return _difference(self.source.path, statement.code, after, statement.start, start, end)


def _bytes(statement: _Statement, start: int, end: int) -> tuple[int, int]:
    """File offsets ``[start, end)`` as UTF-8 byte offsets into the statement's code,
    as libcst gives node spans."""
    code, offset = statement.code, statement.start
    if code.isascii():
        return start - offset, end - offset
    low = len(code[: start - offset].encode("utf-8"))
    return low, low + len(code[start - offset : end - offset].encode("utf-8"))


def _chars(statement: _Statement, low: int, high: int) -> tuple[int, int]:
    """Byte offsets into the statement's code as file offsets."""
    code, offset = statement.code, statement.start
    if code.isascii():
        return offset + low, offset + high
    data = code.encode("utf-8")
    start = offset + len(data[:low].decode("utf-8"))
    return start, start + len(data[low:high].decode("utf-8"))


def _string_around(statement: _Statement, low: int, high: int) -> cst.CSTNode | None:
    """The string literal whose text holds ``[low, high)`` inside its quotes."""
    for node, (start, end) in statement.spans.items():
        if isinstance(node, cst.SimpleString):
            inner = len(node.prefix) + len(node.quote)
            if start + inner <= low <= high <= end - len(node.quote):
                return node
    return None


_LEAVES = (
    cst.BaseParenthesizableWhitespace,
    cst.Comment,
    cst.Newline,
    cst.EmptyLine,
    cst.TrailingWhitespace,
)


def _node_at(
    statement: _Statement, low: int, high: int, kinds: tuple[type[cst.CSTNode], ...]
) -> cst.CSTNode | None:
    """The node of ``kinds`` at ``[low, high)``: exactly there, or inside parentheses
    that ``ast`` counts as the node's (a tuple's) and libcst does not."""
    around: cst.CSTNode | None = None
    code = statement.code.encode("utf-8") if not statement.code.isascii() else statement.code
    for node, (start, end) in statement.spans.items():
        if not isinstance(node, kinds):
            continue
        if (start, end) == (low, high):
            return node
        if (
            low <= start <= end <= high
            and getattr(node, "lpar", None)
            and not _strip(code[low:start], "(")
            and not _strip(code[end:high], ")")
        ):
            around = node
    return around


def _strip(text: str | bytes, bracket: str) -> str | bytes:
    if isinstance(text, bytes):
        return text.replace(bracket.encode(), b"").strip()
    return text.replace(bracket, "").strip()


class _Replacer(cst.CSTTransformer):
    """Replaces ``target`` by ``new``, entering only the nodes that may hold it."""

    def __init__(
        self,
        target: cst.CSTNode,
        new: cst.CSTNode,
        spans: dict[cst.CSTNode, tuple[int, int]],
        span: tuple[int, int],
    ) -> None:
        super().__init__()
        self.target = target
        self.new = new
        self.spans = spans
        self.span = span
        self.done = False

    def on_visit(self, node: cst.CSTNode) -> bool:
        if node is self.target:
            return False
        held = self.spans.get(node)
        if held is None:  # a statement or whitespace: only the first may hold it
            return not isinstance(node, _LEAVES)
        return held[0] <= self.span[0] and self.span[1] <= held[1]

    def on_leave(
        self, original_node: cst.CSTNodeT, updated_node: cst.CSTNodeT
    ) -> cst.CSTNodeT | cst.RemovalSentinel | cst.FlattenSentinel[cst.CSTNodeT]:
        if original_node is self.target:
            self.done = True
            return self.new  # type: ignore[return-value]  # a node of another kind
        return updated_node


def _difference(
    path: str, before: str, after: str, offset: int, start: int, end: int
) -> Edit | None:
    """The one edit turning ``before`` into ``after`` (texts starting at ``offset`` of
    the file), when it lies within ``[start, end)`` of the file."""
    if before == after:
        return None
    size = min(len(before), len(after))
    head = 0
    while head < size and before[head] == after[head]:
        head += 1
    tail = 0
    while tail < size - head and before[-1 - tail] == after[-1 - tail]:
        tail += 1
    old_end, new_end = len(before) - tail, len(after) - tail
    # Whole words: a change that starts or ends inside one takes all of it.
    while (
        head > 0
        and _word(before[head - 1])
        and _touches_word(before, after, head, old_end, new_end)
    ):
        head -= 1
    while tail > 0 and _word(before[old_end]) and _ends_word(before, after, head, old_end, new_end):
        old_end += 1
        new_end += 1
        tail -= 1
    low, high = offset + head, offset + old_end
    if not start <= low <= high <= end:
        return None
    return Edit(path, low, high, after[head:new_end])


def _word(char: str) -> bool:
    return char.isalnum() or char == "_"


def _touches_word(before: str, after: str, head: int, old_end: int, new_end: int) -> bool:
    """Whether the changed text begins with a word character (on either side)."""
    return (head < old_end and _word(before[head])) or (head < new_end and _word(after[head]))


def _ends_word(before: str, after: str, head: int, old_end: int, new_end: int) -> bool:
    """Whether the changed text ends with a word character (on either side)."""
    return (old_end > head and _word(before[old_end - 1])) or (
        new_end > head and _word(after[new_end - 1])
    )


# -- parsing, once per file ----------------------------------------------------------

_LAST: tuple[Source, str, CstFile | None] | None = None


def cst_file(source: Source, refused: str | None = None) -> CstFile | None:
    """``source``'s libcst tree (the last one asked for is kept); None when the file is
    over the editor's limits or libcst cannot parse it."""
    global _LAST
    last = _LAST
    if last is not None and last[0] is source and last[1] is source.text:
        return last[2]
    parsed = None if refused is not None else _parse(source)
    _LAST = (source, source.text, parsed)
    return parsed


def _parse(source: Source) -> CstFile | None:
    if len(source.text) > MAX_CHARS:
        return None
    try:
        with paused_collector():
            module = cst.parse_module(source.text)
    except (cst.ParserSyntaxError, RecursionError, MemoryError, ValueError):
        return None
    return CstFile(source, module)


@contextmanager
def paused_collector() -> Iterator[None]:
    """The cycle collector off while a tree is built: libcst's and ``ast``'s trees hold
    no cycles, and the full collections that hundreds of thousands of new nodes set off
    walk everything alive, the tree just made included (up to half the parse's time)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def forget() -> None:
    """Drop the kept tree (tests; a long-lived process after a run)."""
    global _LAST
    _LAST = None
