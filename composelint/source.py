"""One file's bytes and text: decoding, newline style, offsets and positions.

Every position in composelint is a code-point offset into the decoded text
(the YAML parser's marks count code points too).  Line and column are derived
here; LSP output needs UTF-16 columns, which are derived here as well.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from bisect import bisect_right
from pathlib import Path
from typing import AnyStr, cast

from msgspec import Struct, field

MAX_FILE_BYTES = 64 * 1024 * 1024

# What a compiled pattern offers; the first use of any of them compiles it.
_PATTERN_ATTRIBUTES = (
    "match",
    "fullmatch",
    "search",
    "finditer",
    "findall",
    "sub",
    "subn",
    "split",
    "scanner",
    "pattern",
    "flags",
    "groups",
    "groupindex",
)


class _LazyPattern:
    """A regular expression compiled when it is first used, then as fast as one."""

    def __init__(self, pattern: str | bytes, flags: int) -> None:
        self._source = (pattern, flags)

    def __getattr__(self, name: str) -> object:
        # Only called for what the instance does not hold yet: a pattern's attribute
        # before its first use.
        if name.startswith("__") or name not in _PATTERN_ATTRIBUTES:
            raise AttributeError(name)
        pattern, flags = self._source
        # One call per type: the type checker reads re.compile for str or for bytes.
        compiled: re.Pattern[str] | re.Pattern[bytes] = (
            re.compile(pattern, flags) if isinstance(pattern, str) else re.compile(pattern, flags)
        )
        for attribute in _PATTERN_ATTRIBUTES:
            self.__dict__[attribute] = getattr(compiled, attribute)
        return getattr(compiled, name)

    def __reduce__(self) -> tuple[object, tuple[str | bytes, int]]:
        return (_LazyPattern, self._source)

    def __repr__(self) -> str:
        return f"lazy_pattern({self._source[0]!r}, {self._source[1]})"


def lazy_pattern(pattern: AnyStr, flags: int = 0) -> re.Pattern[AnyStr]:
    """``re.compile(pattern, flags)``, compiled on first use.

    Most of composelint's patterns serve one kind of file or one rule; compiling all
    of them when their modules load cost a one-file check about 12 ms, a tenth of its
    time.  The object answers a pattern's methods and attributes (not ``isinstance``
    and not as the first argument of ``re.sub`` and its kin).
    """
    return cast("re.Pattern[AnyStr]", _LazyPattern(pattern, flags))


_ASTRAL = lazy_pattern("[\U00010000-\U0010ffff]")

_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)


class DecodeError(ValueError):
    """The bytes of a file are not text composelint can read."""

    def __init__(self, message: str, offset: int = 0) -> None:
        super().__init__(message)
        self.offset = offset


_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def file_kind(mode: int) -> str:
    """What a file that is not a regular file is, for a message."""
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def read_bytes(path: str | os.PathLike[str], limit: int = MAX_FILE_BYTES) -> bytes:
    """A regular file's bytes, at most ``limit`` of them.

    Opened without blocking (a FIFO with no writer would hang the run) and refused
    with a ``DecodeError`` saying what it is unless it is a regular file (``/dev/zero``
    never ends); a file over the limit is refused before it is read.  OSError
    propagates.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise DecodeError(f"{file_kind(info.st_mode)}, not a regular file")
        if info.st_size > limit:
            raise DecodeError(f"file is {info.st_size} bytes, over the {limit} byte limit")
        chunks = []
        left = limit + 1  # one byte more tells a file that grew past the limit
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
        if len(data) > limit:
            raise DecodeError(f"file is over the {limit} byte limit")
        return data
    finally:
        os.close(fd)


class Position(Struct, frozen=True):
    """A point in a file: code-point offset, 0-based line and 0-based column."""

    offset: int
    line: int
    column: int


class Span(Struct, frozen=True):
    """A half-open range ``[start, end)`` of a file's decoded text."""

    path: str
    start: Position
    end: Position

    def slice(self, text: str) -> str:
        return text[self.start.offset : self.end.offset]


class Source(Struct):
    """A file read once: original bytes, decoded text and how to write it back."""

    path: str
    data: bytes
    text: str
    encoding: str  # codec name used to decode
    bom: bytes  # byte-order mark found at the start (written back unchanged)
    newline: str  # dominant newline: "\n" or "\r\n"
    _line_starts: list[int] = field(default_factory=list)
    # Per line: its text, and the offsets of characters outside the BMP in it (each
    # is two UTF-16 code units); filled on first use, so a long line is read once.
    # Neither is part of ==.
    _lines: dict[int, str] = field(default_factory=dict)
    _astral: dict[int, list[int]] = field(default_factory=dict)

    def __eq__(self, other: object) -> bool:
        if type(other) is not Source:
            return NotImplemented
        return self._compared() == other._compared()

    def _compared(self) -> tuple[object, ...]:
        fixed = (self.path, self.data, self.text, self.encoding, self.bom, self.newline)
        return (*fixed, self._line_starts)

    def __repr__(self) -> str:  # without the bytes, the text and the caches
        shown = (self.path, self.encoding, self.bom, self.newline)
        return "Source(path={!r}, encoding={!r}, bom={!r}, newline={!r})".format(*shown)

    @classmethod
    def from_bytes(cls, path: str, data: bytes) -> Source:
        text, encoding, bom = decode(data)
        crlf = text.count("\r\n")
        newline = "\r\n" if crlf and crlf * 2 >= text.count("\n") else "\n"
        return cls(path=path, data=data, text=text, encoding=encoding, bom=bom, newline=newline)

    @classmethod
    def from_text(cls, path: str, text: str) -> Source:
        return cls.from_bytes(path, text.encode("utf-8"))

    @classmethod
    def read(cls, path: str | Path) -> Source:
        return cls.from_bytes(str(path), read_bytes(path))

    def encode(self, text: str) -> bytes:
        """Bytes for ``text`` in this file's encoding, with its byte-order mark."""
        return self.bom + text.encode(self.encoding)

    # -- positions ---------------------------------------------------------
    @property
    def line_starts(self) -> list[int]:
        if not self._line_starts:
            starts = [0]
            text = self.text
            i = text.find("\n")
            while i != -1:
                starts.append(i + 1)
                i = text.find("\n", i + 1)
            self._line_starts = starts
        return self._line_starts

    def position(self, offset: int) -> Position:
        starts = self._line_starts or self.line_starts
        offset = max(0, min(offset, len(self.text)))
        line = bisect_right(starts, offset) - 1
        return Position(offset, line, offset - starts[line])

    def offset(self, line: int, column: int) -> int:
        starts = self.line_starts
        if line >= len(starts):
            return len(self.text)
        return min(starts[line] + column, len(self.text))

    def span(self, start: int, end: int) -> Span:
        return Span(self.path, self.position(start), self.position(end))

    def line_text(self, line: int) -> str:
        found = self._lines.get(line)
        if found is None:
            starts = self.line_starts
            if line >= len(starts):
                return ""
            end = starts[line + 1] if line + 1 < len(starts) else len(self.text)
            found = self._lines[line] = self.text[starts[line] : end].rstrip("\r\n")
        return found

    def utf16_column(self, pos: Position) -> int:
        """The LSP column of ``pos``: UTF-16 code units from the line start."""
        if pos.line >= len(self.line_starts):
            return pos.column
        astral = self._astral.get(pos.line)
        if astral is None:
            start = self.line_starts[pos.line]
            line = self.line_text(pos.line)
            astral = self._astral[pos.line] = (
                [] if line.isascii() else [start + m.start() for m in _ASTRAL.finditer(line)]
            )
        return pos.column + bisect_right(astral, pos.offset - 1) if astral else pos.column


def decode(data: bytes) -> tuple[str, str, bytes]:
    """Decode file bytes: (text, codec, bom).  Raises DecodeError for non-text."""
    for bom, codec, _name in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec), codec, bom
            except UnicodeDecodeError as exc:
                raise DecodeError(f"invalid {codec} text: {exc.reason}", exc.start) from None
    if b"\x00" in data[:8192]:
        raise DecodeError("binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8"), "utf-8", b""
    except UnicodeDecodeError as exc:
        raise DecodeError(
            f"invalid UTF-8 at byte {exc.start}: {exc.reason}", _char_offset(data, exc.start)
        ) from None


def _char_offset(data: bytes, byte_offset: int) -> int:
    return len(data[:byte_offset].decode("utf-8", errors="replace"))
