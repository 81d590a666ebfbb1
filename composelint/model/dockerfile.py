"""What a parsed Dockerfile is: instructions, comments, build stages and their users.

The Dockerfile reader (:mod:`composelint.dockerfile.parser`) makes these records and
:mod:`composelint.dockerfile.stages` groups instructions into stages; the rules read
them.
"""

from __future__ import annotations

from msgspec import Struct

from composelint.diagnostics import Diagnostic
from composelint.source import Source, Span


class Heredoc(Struct, frozen=True):
    name: str  # the delimiter, quotes removed
    body: str  # the body lines as written (tabs kept), each ending in "\n"
    body_span: Span  # raw body lines, without the delimiter line
    strip_tabs: bool  # "<<-": docker strips leading tabs from body lines and delimiter
    quoted: bool  # "<<'EOF'" / '<<"EOF"': no variable expansion in the body
    marker_span: Span  # the "<<EOF" word in the instruction line


class Instruction(Struct, frozen=True):
    """One instruction.  Its spans are made when asked for: most are never needed."""

    keyword: str  # upper-cased, e.g. "RUN"
    args_text: str  # arguments after the flags, continuation lines joined
    exec_form: tuple[str, ...] | None  # JSON array form, when valid
    flags: tuple[tuple[str, str], ...]  # leading --name=value flags
    heredocs: tuple[Heredoc, ...]
    # (start, end, keyword start, keyword end, args start, args end) in the source text
    offsets: tuple[int, int, int, int, int, int]
    source: Source  # not part of == and hash (a Source is mutable)

    def _compared(self) -> tuple[object, ...]:
        return (
            self.keyword,
            self.args_text,
            self.exec_form,
            self.flags,
            self.heredocs,
            self.offsets,
        )

    def __eq__(self, other: object) -> bool:
        if type(other) is not Instruction:
            return NotImplemented
        return self._compared() == other._compared()

    def __hash__(self) -> int:
        return hash(self._compared())

    @property
    def span(self) -> Span:
        """The whole instruction, continuation lines and heredoc bodies included."""
        return self.source.span(self.offsets[0], self.offsets[1])

    @property
    def keyword_span(self) -> Span:
        return self.source.span(self.offsets[2], self.offsets[3])

    @property
    def args_span(self) -> Span:
        """The raw source of ``args_text``."""
        return self.source.span(self.offsets[4], self.offsets[5])

    @property
    def line(self) -> int:
        """0-based line of the keyword."""
        return self.source.position(self.offsets[2]).line

    def flag(self, name: str) -> str | None:
        """Value of the last ``--name`` flag, or None when absent."""
        found = [value for key, value in self.flags if key == name]
        return found[-1] if found else None


class Comment(Struct, frozen=True):
    text: str  # after the "#", whitespace stripped
    start: int  # offsets of "#" and of the end of the line
    end: int
    source: Source  # not part of == and hash (a Source is mutable)

    def __eq__(self, other: object) -> bool:
        if type(other) is not Comment:
            return NotImplemented
        return (self.text, self.start, self.end) == (other.text, other.start, other.end)

    def __hash__(self) -> int:
        return hash((self.text, self.start, self.end))

    @property
    def span(self) -> Span:
        """From "#" to the end of the line."""
        return self.source.span(self.start, self.end)


class Dockerfile(Struct, frozen=True):
    source: Source
    instructions: tuple[Instruction, ...]
    comments: tuple[Comment, ...]
    directives: dict[str, str]  # lower-cased key -> value
    escape: str
    diagnostics: tuple[Diagnostic, ...]
    stages: tuple[Stage, ...] = ()

    @property
    def final_stage(self) -> Stage | None:
        """The stage ``docker build`` produces without ``--target``."""
        return self.stages[-1] if self.stages else None


class UserSetting(Struct, frozen=True):
    raw: str  # the USER argument as written
    resolved: str  # after ARG/ENV substitution (unresolved references kept)
    user: str
    group: str | None
    instruction: Instruction  # the USER instruction
    is_root: bool | None  # None: unresolved variable or empty user


class Stage(Struct, frozen=True):
    index: int
    name: str | None  # "FROM image AS name", lower-cased
    base: str  # image as written
    base_resolved: str  # after substituting global ARG defaults
    parent: int | None  # index of the earlier stage that base names
    from_instruction: Instruction
    instructions: tuple[Instruction, ...]  # after the FROM, up to the next FROM
    user: UserSetting | None  # last USER here or in the parent; None: the image's user
