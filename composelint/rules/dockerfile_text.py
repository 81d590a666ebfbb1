"""What a rule reads in a Dockerfile's instructions: the commands a ``RUN``, ``CMD`` or
``ENTRYPOINT`` runs, the variables an ``ARG`` or ``ENV`` sets, and which stages end up
in the image; each with the place in the file a finding sits on.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator

from msgspec import Struct

from composelint.model.dockerfile import Dockerfile, Instruction, Stage
from composelint.rules.shell_words import SHELLS, ShellCommand, ShellWord, expanded
from composelint.source import Span, lazy_pattern

_VARIABLE = lazy_pattern(r"\$(?:\{|[A-Za-z_])")


class Placed(Struct, frozen=True):
    """A text a rule scans and the way back from its offsets to the file: pieces of
    the text written one character per character at a place in the file."""

    instruction: Instruction
    text: str
    # (offset in ``text``, offset in the file) where each piece starts, in order; None
    # when the text is not written as is (a word then sits at ``fallback``)
    pieces: tuple[tuple[int, int], ...] | None
    fallback: tuple[int, int]

    def _offset(self, index: int) -> int:
        assert self.pieces is not None
        starts = [start for start, _raw in self.pieces]
        start, raw = self.pieces[max(0, bisect_right(starts, index) - 1)]
        return raw + index - start

    def span(self, start: int, end: int) -> Span:
        source = self.instruction.source
        if self.pieces is None or end > len(self.text) or start > end:
            return source.span(*self.fallback)
        last = self._offset(end - 1) + 1 if end > start else self._offset(start)
        return source.span(self._offset(start), last)


class RunCommand(Struct, frozen=True):
    """One simple command an instruction runs, with the wrappers in front of it."""

    command: ShellCommand
    wrappers: tuple[ShellCommand, ...]
    placed: Placed

    def span(self, word: ShellWord) -> Span:
        return self.placed.span(word.start, word.end)

    @property
    def instruction(self) -> Instruction:
        return self.placed.instruction


class Setting(Struct, frozen=True):
    """One variable an ``ARG`` or ``ENV`` sets: its value as written (None: an ``ARG``
    without a default) and where the pair is written."""

    keyword: str  # "ARG" or "ENV"
    name: str
    value: ShellWord | None
    word: ShellWord  # the whole NAME=value word (the value alone in the legacy ENV form)
    placed: Placed

    @property
    def span(self) -> Span:
        return self.placed.span(self.word.start, self.word.end)


def _joined_pieces(instruction: Instruction, escape: str) -> tuple[tuple[int, int], ...] | None:
    """Where each piece of ``args_text`` is in the file: the raw arguments with the
    continuation escapes, and the comment and blank lines inside, removed.  None when
    that does not give ``args_text`` back."""
    text = instruction.source.text
    start, end = instruction.offsets[4], instruction.offsets[5]
    parts: list[str] = []
    pieces: list[tuple[int, int]] = []
    length = 0
    at = start
    while at <= end:
        stop = text.find("\n", at, end)
        stop = end if stop < 0 else stop
        line = text[at:stop]
        if line.endswith("\r"):
            line = line[:-1]
        body = line.lstrip()
        if at == start or (body and not body.startswith("#")):
            stripped = line.rstrip(" \t")
            if stripped.endswith(escape) and stop < end:
                line = stripped[: -len(escape)]
            pieces.append((length, at))
            parts.append(line)
            length += len(line)
        at = stop + 1
    wanted = instruction.args_text
    if "".join(parts)[: len(wanted)] != wanted:
        return None
    return tuple(pieces)


def arguments(instruction: Instruction, escape: str) -> Placed:
    """The instruction's arguments (continuation lines joined), placed."""
    fallback = (instruction.offsets[4], instruction.offsets[5])
    return Placed(instruction, instruction.args_text, _joined_pieces(instruction, escape), fallback)


def _heredoc_scripts(instruction: Instruction) -> Iterator[Placed]:
    """The heredoc bodies a shell runs: ``RUN <<EOF`` or ``RUN bash <<EOF``."""
    if not instruction.heredocs:
        return
    words = [w for w in instruction.args_text.split() if not w.startswith("<<")]
    if words and words[0].rsplit("/", 1)[-1] not in SHELLS:
        return  # "RUN python3 <<EOF": another interpreter reads it
    source = instruction.source
    for heredoc in instruction.heredocs:
        span = heredoc.body_span
        start, end = span.start.offset, span.end.offset
        linear = source.text[start:end] == heredoc.body[:-1]
        yield Placed(instruction, heredoc.body, ((0, start),) if linear else None, (start, end))


_ONBUILD_RUN = lazy_pattern(r"RUN\s+", re.IGNORECASE)


def run_commands(instruction: Instruction, escape: str) -> list[RunCommand]:
    """The simple commands of a ``RUN``, ``CMD``, ``ENTRYPOINT`` or ``ONBUILD RUN``
    (shell form, exec form and heredoc scripts), wrapped ones unwrapped and ``sh -c``
    strings read."""
    found: list[RunCommand] = []
    placed = arguments(instruction, escape)
    if instruction.keyword == "ONBUILD":
        trigger = _ONBUILD_RUN.match(placed.text)
        if trigger is None:
            return found
        for command, wrappers in expanded(placed.text[trigger.end() :], trigger.end()):
            found.append(RunCommand(command, wrappers, placed))
        return found
    if instruction.exec_form is not None:
        words = " ".join(_quoted(w) for w in instruction.exec_form)
        exec_placed = Placed(instruction, words, None, placed.fallback)
        for command, wrappers in expanded(words):
            found.append(RunCommand(command, wrappers, exec_placed))
        return found
    for command, wrappers in expanded(placed.text):
        found.append(RunCommand(command, wrappers, placed))
    for script in _heredoc_scripts(instruction):
        for command, wrappers in expanded(script.text):
            found.append(RunCommand(command, wrappers, script))
    return found


def _quoted(word: str) -> str:
    """One exec-form word as a shell word that gives it back as is."""
    return "'" + word.replace("'", "'\\''") + "'"


def dockerfile_words(text: str, escape: str = "\\") -> list[ShellWord]:
    """The words of an ``ARG``/``ENV`` argument as BuildKit splits them: quotes group
    and are removed, the escape character escapes; ``dynamic`` where a ``$`` outside
    single quotes names a variable."""
    e = re.escape(escape)
    plain = re.compile(rf"[^\s'\"{e}]+")
    plain_quoted = re.compile(rf'[^"{e}]+')
    out: list[ShellWord] = []
    i, size = 0, len(text)
    while i < size:
        if text[i].isspace():
            i += 1
            continue
        start = i
        chars: list[str] = []
        dynamic = False
        while i < size and not text[i].isspace():
            char = text[i]
            if (run := plain.match(text, i)) is not None:
                chars.append(run.group())
                dynamic = dynamic or bool(_VARIABLE.search(run.group()))
                i = run.end()
            elif char == escape:
                chars.append(text[i + 1 : i + 2])
                i += 2
            elif char == "'":
                end = text.find("'", i + 1)
                end = size if end < 0 else end
                chars.append(text[i + 1 : end])
                i = end + 1
            else:  # a double quote
                i += 1
                while i < size and text[i] != '"':
                    if (run := plain_quoted.match(text, i)) is not None:
                        chars.append(run.group())
                        dynamic = dynamic or bool(_VARIABLE.search(run.group()))
                        i = run.end()
                    else:  # the escape character
                        chars.append(text[i + 1 : i + 2])
                        i += 2
                i += 1
        out.append(ShellWord("".join(chars), start, min(i, size), dynamic))
    return out


def settings(instruction: Instruction, escape: str) -> list[Setting]:
    """The variables an ``ARG`` or ``ENV`` sets, in order."""
    if instruction.keyword not in ("ARG", "ENV"):
        return []
    placed = arguments(instruction, escape)
    words = dockerfile_words(placed.text, escape)
    if not words:
        return []
    keyword = instruction.keyword
    first = words[0]
    if keyword == "ENV" and "=" not in first.text:
        # the legacy form "ENV NAME value with spaces"
        rest = placed.text[first.end :].strip()
        if not rest:
            return []
        begin = placed.text.index(rest, first.end)
        value_words = dockerfile_words(rest, escape)
        text = " ".join(w.text for w in value_words)
        dynamic = any(w.dynamic for w in value_words)
        legacy = ShellWord(text, begin, begin + len(rest), dynamic)
        return [Setting(keyword, first.text, legacy, legacy, placed)]
    out: list[Setting] = []
    for word in words:
        name, eq, rest = word.text.partition("=")
        value: ShellWord | None = None
        if eq:
            at = placed.text.find("=", word.start, word.end) + 1
            raw_value = placed.text[at : word.end]
            value = ShellWord(rest, at, word.end, bool(_VARIABLE.search(raw_value)))
        out.append(Setting(keyword, name, value, word, placed))
    return out


def image_stages(dockerfile: Dockerfile) -> list[Stage]:
    """The stages whose instructions end up in the image ``docker build`` makes: the
    final stage and the stages it is built ``FROM``, not those it only copies from."""
    stages = dockerfile.stages
    if not stages:
        return []
    chain: list[Stage] = []
    index: int | None = stages[-1].index
    while index is not None and len(chain) < len(stages):
        stage = stages[index]
        chain.append(stage)
        index = stage.parent
    return chain[::-1]
