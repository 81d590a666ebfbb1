"""Record each fix pass (text before, edits, text after) and check it kept every other line.

The fix loop applies edits through ``composelint.fix.choose.apply_edits``; while
:func:`recording_passes` is active every call is recorded, so a test can follow
each original line through all passes and show that a line no edit touched is
still there, whole and byte for byte, in the final text.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from unittest import mock

from composelint.diagnostics import Edit
from composelint.fix.edits import edited_line_ranges


@dataclass(frozen=True, slots=True)
class Pass:
    """One application of edits to one file's text."""

    path: str
    before: str
    edits: tuple[Edit, ...]
    after: str


@contextmanager
def recording_passes() -> Iterator[list[Pass]]:
    from composelint.fix import choose as loop

    real = loop.apply_edits
    passes: list[Pass] = []

    def spy(text: str, edits: Sequence[Edit]) -> str:
        after = real(text, edits)
        if edits:
            passes.append(Pass(edits[0].path, text, tuple(edits), after))
        return after

    with mock.patch.object(loop, "apply_edits", spy):
        yield passes


def chain_of(passes: list[Pass], path: str, original: str, final: str) -> list[Pass]:
    """The passes that led from ``original`` to ``final`` for ``path``, in order."""
    chain: list[Pass] = []
    text = original
    for step in passes:
        if step.path != path:
            continue
        assert step.before == text, f"{path}: a pass started from a text no pass produced"
        chain.append(step)
        text = step.after
    assert text == final, f"{path}: the recorded passes do not end in the fixed text"
    return chain


def _splice(text: str, edits: Sequence[Edit]) -> str:
    """Apply edits right to left; ties at one offset keep their given order."""
    order = sorted(range(len(edits)), key=lambda k: (edits[k].start, k), reverse=True)
    for k in order:
        edit = edits[k]
        text = text[: edit.start] + edit.new_text + text[edit.end :]
    return text


def _lines(text: str) -> list[tuple[int, str]]:
    """(start offset, line with its newline) for each line, split on ``\\n`` only."""
    out: list[tuple[int, str]] = []
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end == -1 else end + 1
        out.append((start, text[start:end]))
        start = end
    return out


def _moved(offset: int, edits: Sequence[Edit]) -> int:
    """Where ``offset`` (a line start no edit touches) lands after the edits."""
    delta = 0
    for edit in edits:
        if edit.end <= offset and edit.start < offset:
            delta += len(edit.new_text) - (edit.end - edit.start)
    return offset + delta


def assert_pass_keeps_other_lines(step: Pass) -> None:
    """The pass did exactly its edits, and every line they do not touch moved whole."""
    assert _splice(step.before, step.edits) == step.after, (
        f"{step.path}: the fixed text is not the original with the fix's edits applied"
    )
    touched = {
        n
        for first, last in edited_line_ranges(step.before, step.edits)
        for n in range(first, last + 1)
    }
    for number, (start, line) in enumerate(_lines(step.before)):
        if number in touched:
            continue
        at = _moved(start, step.edits)
        assert step.after[at : at + len(line)] == line and (
            at == 0 or step.after[at - 1] == "\n"
        ), f"{step.path}: line {number + 1} changed although no edit touched it: {line!r}"


def kept_original_lines(original: str, chain: list[Pass]) -> int:
    """Follow every original line through ``chain``; assert the untouched ones survive.

    Returns how many original lines no pass touched.
    """
    for step in chain:
        assert_pass_keeps_other_lines(step)
    alive = {start: line for start, line in _lines(original)}
    for step in chain:
        starts = [s for s, _line in _lines(step.before)]
        touched = {
            n
            for first, last in edited_line_ranges(step.before, step.edits)
            for n in range(first, last + 1)
        }
        moved: dict[int, str] = {}
        for start, line in alive.items():
            number = bisect_right(starts, start) - 1
            if number not in touched:
                moved[_moved(start, step.edits)] = line
        alive = moved
    final = chain[-1].after if chain else original
    for start, line in alive.items():
        assert final[start : start + len(line)] == line, f"original line {line!r} was changed"
    return len(alive)
