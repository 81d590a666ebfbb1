"""Dockerfile parser: instructions with exact source spans, the way BuildKit reads them.

Syntax problems become ``CL001`` diagnostics, never exceptions; the parser
reports the problem and goes on with the next line.
"""

from __future__ import annotations

import json
import re

from msgspec.structs import replace

from composelint.diagnostics import Diagnostic, make
from composelint.dockerfile.lexer import JoinedLine, expand, line_ranges, parse_flags, split_words
from composelint.dockerfile.stages import build_stages
from composelint.model.dockerfile import Comment, Dockerfile, Heredoc, Instruction
from composelint.source import Source, Span, lazy_pattern

KEYWORDS = frozenset(
    {
        "ADD",
        "ARG",
        "CMD",
        "COPY",
        "ENTRYPOINT",
        "ENV",
        "EXPOSE",
        "FROM",
        "HEALTHCHECK",
        "LABEL",
        "MAINTAINER",
        "ONBUILD",
        "RUN",
        "SHELL",
        "STOPSIGNAL",
        "USER",
        "VOLUME",
        "WORKDIR",
    }
)
# A Dockerfile of more lines is refused with one CL001 before it is split into lines:
# time and memory grow with the lines (a 50 MB file of 1.6 million one-line RUNs took
# about 20 s and 1.15 GB to check), and no real Dockerfile comes near.  The largest in
# the test corpus (laradock's workspace image) has 1,973 lines and 336 instructions;
# the limit is 50 times that.
MAX_LINES = 100_000
# Likewise for words (runs of characters between blanks, comments included): in few
# lines, ENV and ARG pairs cost as much (one 35 MB line of 2 million ENV pairs took 15 s
# and 1.09 GB).  laradock's workspace Dockerfile has 7,473 words; this is 67 times that.
MAX_WORDS = 500_000
_WORD = lazy_pattern(r"\S+")
_HEREDOC_KEYWORDS = frozenset({"RUN", "COPY", "ADD"})
_JSON_KEYWORDS = frozenset({"RUN", "CMD", "ENTRYPOINT", "SHELL", "COPY", "ADD", "VOLUME"})
_NO_ARGS_OK = frozenset({"CMD", "ENTRYPOINT"})
_NOT_ONBUILD = frozenset({"ONBUILD", "FROM", "MAINTAINER"})
_DIRECTIVE = lazy_pattern(r"#\s*([A-Za-z][A-Za-z0-9]*)\s*=\s*(.+?)\s*$")
_DIRECTIVE_KEYS = frozenset({"escape", "syntax", "check"})
_HEREDOC = lazy_pattern(r"(\d*)<<(-?)([^<]*)")
_KEYWORD = lazy_pattern(r"[A-Za-z]+")


def parse_dockerfile(source: Source) -> Dockerfile:
    """Parse ``source``; syntax problems are CL001 diagnostics in the result."""
    too_large = _too_large(source.text)
    if too_large is not None:
        message, start, end = too_large
        return Dockerfile(
            source=source,
            instructions=(),
            comments=(),
            directives={},
            escape="\\",
            diagnostics=(make("CL001", message, source.span(start, end)),),
        )
    parser = _Parser(source)
    parser.run()
    dockerfile = Dockerfile(
        source=source,
        instructions=tuple(parser.instructions),
        comments=tuple(parser.comments),
        directives=parser.directives,
        escape=parser.escape,
        diagnostics=tuple(parser.diagnostics),
    )
    return replace(dockerfile, stages=build_stages(dockerfile))


def _too_large(text: str) -> tuple[str, int, int] | None:
    """(message, start, end of the first line or word past the limit), or None.

    Counted without splitting the text: a refused file costs one pass over it.
    """
    lines = text.count("\n") + (1 if text and not text.endswith("\n") else 0)
    if lines <= MAX_LINES:
        if len(text) <= 2 * MAX_WORDS:  # too short to hold more words (a blank between two)
            return None
        for count, word in enumerate(_WORD.finditer(text)):
            if count == MAX_WORDS:
                message = (
                    f"file too large to check: more than the {MAX_WORDS:,} words "
                    "a Dockerfile may have"
                )
                return message, word.start(), word.end()
        return None
    start = 0
    for _line in range(MAX_LINES):
        start = text.index("\n", start) + 1
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    if end > start and text[end - 1] == "\r":
        end -= 1
    message = (
        f"file too large to check: {lines:,} lines, more than the {MAX_LINES:,} "
        "a Dockerfile may have"
    )
    return message, start, end


class _Parser:
    def __init__(self, source: Source) -> None:
        self.source = source
        self.text = source.text
        self.lines = line_ranges(source.text)
        self.i = 0
        self.escape = "\\"
        self.directives: dict[str, str] = {}
        self.instructions: list[Instruction] = []
        self.comments: list[Comment] = []
        self.diagnostics: list[Diagnostic] = []

    def run(self) -> None:
        self._read_directives()
        while self.i < len(self.lines):
            start, end = self.lines[self.i]
            body = self.text[start:end].lstrip()
            if not body:
                self.i += 1
            elif body.startswith("#"):
                self._add_comment(end - len(body), end)
                self.i += 1
            else:
                self._read_instruction()
        self._check_structure()

    def _error(self, message: str, start: int, end: int) -> None:
        self.diagnostics.append(make("CL001", message, self.source.span(start, end)))

    def _add_comment(self, start: int, end: int) -> None:
        text = self.text[start + 1 : end].strip()
        self.comments.append(Comment(text, start, end, self.source))

    # -- parser directives --------------------------------------------------
    def _read_directives(self) -> None:
        # Directives are only read before the first line that is not one
        # (blank lines, other comments and instructions all end them).
        while self.i < len(self.lines):
            start, end = self.lines[self.i]
            body = self.text[start:end].lstrip()
            match = _DIRECTIVE.match(body)
            if match is None or match.group(1).lower() not in _DIRECTIVE_KEYS:
                return
            self._add_directive(match.group(1).lower(), match.group(2), end - len(body), end)
            self.i += 1

    def _add_directive(self, key: str, value: str, start: int, end: int) -> None:
        if key in self.directives:
            self._error(f"duplicate parser directive '{key}'", start, end)
            return
        self.directives[key] = value
        if key == "escape":
            if value in ("\\", "`"):
                self.escape = value
            else:
                self._error(f"invalid escape character '{value}': it must be \\ or `", start, end)

    # -- instructions -------------------------------------------------------
    def _continued(self, line: str) -> tuple[str, bool]:
        """The line without a trailing escape character, and whether it had one."""
        stripped = line.rstrip(" \t")
        if stripped.endswith(self.escape):
            return stripped[:-1], True
        return line, False

    def _read_instruction(self) -> None:
        joined = JoinedLine()
        start, end = self.lines[self.i]
        line = self.text[start:end]
        lead = len(line) - len(line.lstrip())
        piece, more = self._continued(line[lead:])
        joined.add(piece, start + lead)
        last = self.i
        self.i += 1
        while more and self.i < len(self.lines):
            start, end = self.lines[self.i]
            line = self.text[start:end]
            body = line.lstrip()
            self.i += 1
            # BuildKit drops blank and comment lines inside a continuation
            if body.startswith("#"):
                self._add_comment(end - len(body), end)
            elif body:
                piece, more = self._continued(line)
                joined.add(piece, start)
                last = self.i - 1
        self._build(joined, self.lines[last][1])

    def _keyword(self, text: str, joined: JoinedLine) -> tuple[str, int, int, int] | None:
        """(keyword, its end in ``text``, raw start, raw end), or None after reporting."""
        kw_start = len(text) - len(text.lstrip())
        kw_end = kw_start
        while kw_end < len(text) and not text[kw_end].isspace():
            kw_end += 1
        word = text[kw_start:kw_end]
        if not word:
            return None  # only escape characters and whitespace
        start, end = joined.raw(kw_start), joined.raw_end(kw_end)
        if not _KEYWORD.fullmatch(word):
            self._error(f"expected a Dockerfile instruction, found '{word}'", start, end)
        elif word.upper() not in KEYWORDS:
            self._error(f"unknown instruction: {word}", start, end)
        else:
            return word.upper(), kw_end, start, end
        return None

    def _build(self, joined: JoinedLine, end: int) -> None:
        text = "".join(joined.pieces)
        found = self._keyword(text, joined)
        if found is None:
            return
        keyword, kw_end, *raw_kw = found
        flags, args_start = parse_flags(text, kw_end, self.escape)
        while args_start < len(text) and text[args_start].isspace():
            args_start += 1
        args_end = max(args_start, len(text.rstrip()))
        args_text = text[args_start:args_end]
        exec_form = _exec_form(keyword, args_text)
        heredocs: tuple[Heredoc, ...] = ()
        if keyword in _HEREDOC_KEYWORDS and exec_form is None and "<<" in args_text:
            heredocs, end = self._read_heredocs(text, args_start, joined, end)
        instruction = Instruction(
            keyword=keyword,
            args_text=args_text,
            exec_form=exec_form,
            flags=tuple(flags),
            heredocs=heredocs,
            offsets=(
                raw_kw[0],
                end,
                raw_kw[0],
                raw_kw[1],
                joined.raw(args_start),
                joined.raw_end(args_end),
            ),
            source=self.source,
        )
        self._check_arguments(instruction)
        self.instructions.append(instruction)

    def _check_arguments(self, instruction: Instruction) -> None:
        keyword, args = instruction.keyword, instruction.args_text
        kw, arg = instruction.offsets[2:4], instruction.offsets[4:6]
        if not args and not instruction.heredocs and keyword not in _NO_ARGS_OK:
            self._error(f"{keyword} requires at least one argument", *kw)
        elif keyword == "FROM" and not _valid_from(args.split()):
            self._error("FROM takes an image, optionally followed by 'AS <name>'", *arg)
        elif keyword == "ONBUILD" and args:
            trigger = args.split()[0].upper()
            if trigger in _NOT_ONBUILD:
                self._error(f"{trigger} is not allowed as an ONBUILD instruction", *arg)
            elif trigger not in KEYWORDS:
                self._error(f"unknown instruction in ONBUILD: {trigger}", *arg)

    # -- heredocs -----------------------------------------------------------
    def _read_heredocs(
        self, text: str, args_start: int, joined: JoinedLine, end: int
    ) -> tuple[tuple[Heredoc, ...], int]:
        """Read the bodies of the instruction's heredocs; returns them and the new span end."""
        heredocs: list[Heredoc] = []
        for begin, stop in split_words(text, self.escape, args_start):
            match = _HEREDOC.fullmatch(text, begin, stop)
            if match is None:
                continue
            name = expand(match.group(3), None, self.escape)[0]
            if not name:
                continue
            marker = self.source.span(joined.raw(begin), joined.raw_end(stop))
            heredoc, end, closed = self._read_body(name, match, marker, end)
            heredocs.append(heredoc)
            if not closed:
                self._error(
                    f"unterminated heredoc: no line '{name}' ends it before the end of the file",
                    marker.start.offset,
                    marker.end.offset,
                )
                break
        return tuple(heredocs), end

    def _read_body(
        self, name: str, match: re.Match[str], marker: Span, end: int
    ) -> tuple[Heredoc, int, bool]:
        strip_tabs = bool(match.group(2))
        first = self.i
        closed = False
        while self.i < len(self.lines) and not closed:
            start, stop = self.lines[self.i]
            line = self.text[start:stop]
            closed = (line.lstrip("\t") if strip_tabs else line) == name
            end = stop
            self.i += 1
        last = self.i - 1 if closed else self.i  # body lines are [first, last)
        body = "".join(self.text[s:e] + "\n" for s, e in self.lines[first:last])
        if last > first:
            body_span = self.source.span(self.lines[first][0], self.lines[last - 1][1])
        else:
            at = self.lines[first][0] if closed else end  # empty body: where it would be
            body_span = self.source.span(at, at)
        quoted = any(q in match.group(3) for q in "'\"")
        return Heredoc(name, body, body_span, strip_tabs, quoted, marker), end, closed

    # -- whole file ---------------------------------------------------------
    def _check_structure(self) -> None:
        froms = [i for i, ins in enumerate(self.instructions) if ins.keyword == "FROM"]
        if not froms:
            self._error("no FROM instruction: a Dockerfile must start a stage with FROM", 0, 0)
        limit = froms[0] if froms else len(self.instructions)
        for instruction in self.instructions[:limit]:
            if instruction.keyword != "ARG":
                self._error(
                    f"{instruction.keyword} before the first FROM (only ARG may come before FROM)",
                    *instruction.offsets[2:4],
                )


def _exec_form(keyword: str, args: str) -> tuple[str, ...] | None:
    if keyword not in _JSON_KEYWORDS or not args.startswith("["):
        return None
    try:
        value = json.loads(args)
    except ValueError:
        return None  # not JSON: BuildKit falls back to the shell form
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return tuple(value)
    return None


def _valid_from(words: list[str]) -> bool:
    return len(words) == 1 or (len(words) == 3 and words[1].upper() == "AS")
