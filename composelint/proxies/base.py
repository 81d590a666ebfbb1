"""Shared pieces of the proxy-config scanners: result types, address parsing, lines.

Every offset is a code-point offset into the text the scanner was given.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from msgspec import Struct

from composelint.model.proxy import Upstream as Upstream  # re-exported for the scanners
from composelint.model.proxy import VariableRef as VariableRef
from composelint.source import lazy_pattern


class Lines:
    """Offset -> 0-based line number for one text."""

    def __init__(self, text: str) -> None:
        self.starts = [0]
        for m in re.finditer(r"\r\n|\r|\n", text):
            self.starts.append(m.end())

    def line(self, offset: int) -> int:
        return bisect_right(self.starts, offset) - 1


_SCHEME = lazy_pattern(r"([A-Za-z][A-Za-z0-9+.-]*)://")
_HOST = lazy_pattern(r"\[[0-9A-Fa-f:.]+(?:%[\w.-]+)?\]|[A-Za-z0-9_.-]+")
_DIGITS = lazy_pattern(r"[0-9]+")
# What may follow host[:port]; anything else (``$``, ``{``, ``%``...) means the
# address is built at run time or by a template, and it is not reported.
_AFTER = frozenset(" \t\r\n/?#;,\"'`)]}|\\")
# nginx URI variables may follow the address directly: http://app:8080$request_uri
_URI_VAR = lazy_pattern(r"\$\{?(?:request_uri|uri|document_uri|is_args|args|query_string|\d)\b")
VARIABLE = lazy_pattern(r"\$\{(\w+)[^}]*\}|\$(\w+)|\{\$(\w+)[^}]*\}|\{env\.(\w+)\}")


class Address(Struct, frozen=True):
    host: str
    port: int | None
    scheme: str | None
    start: int  # offsets into the string given to parse_address, plus its base
    end: int


def parse_address(s: str, base: int = 0, *, scheme: str = "optional") -> Address | None:
    """``[scheme://]host[:port]`` at the start of ``s``; ``None`` when there is none.

    ``scheme`` is "optional", "required" or "forbidden".  Unix sockets, empty hosts
    and hosts made of variables or template expressions give ``None``.
    """
    found = None
    i = 0
    m = _SCHEME.match(s)
    if m:
        if scheme == "forbidden":
            return None
        found = m.group(1).lower()
        i = m.end()
    elif scheme == "required":
        return None
    if s.startswith("unix:", i) or s.startswith("unix/", i):
        return None
    h = _HOST.match(s, i)
    if not h:
        return None
    host = h.group(0)
    if host.startswith("["):
        host = host[1:-1]
    elif not any(c.isalnum() for c in host) or host.startswith("."):
        return None
    j = h.end()
    if j < len(s) and s[j] != ":" and not _ends(s, j):
        return None
    end, port = j, None
    if j < len(s) and s[j] == ":":
        d = _DIGITS.match(s, j + 1)
        if d and _ends(s, d.end()) and int(d.group(0)) <= 65535:
            end, port = d.end(), int(d.group(0))
    return Address(host.lower(), port, found, base + h.start(), base + end)


def record_target(
    directive: str,
    value: str,
    start: int,
    ups: list[Upstream],
    refs: list[VariableRef],
    lines: Lines,
) -> bool:
    """A proxy target: an address becomes an upstream (True); otherwise the variables
    it names are recorded (False), for the caller to resolve what it can."""
    a = parse_address(value, start)
    if a is not None:
        ups.append(
            Upstream(a.host, a.port, a.scheme, directive, a.start, a.end, lines.line(a.start))
        )
        return True
    found = variables_in(value, start)
    refs.extend(VariableRef(v, directive, s, e, lines.line(s)) for v, s, e in found)
    return False


def _ends(s: str, j: int) -> bool:
    return j == len(s) or s[j] in _AFTER or _URI_VAR.match(s, j) is not None


def split_address(value: str) -> tuple[str, int | None, str | None] | None:
    """``(host, port, scheme)`` of an address such as ``flask-app:8000`` or
    ``http://backend:3000/api``, e.g. the value of a variable a config refers to."""
    a = parse_address(value.strip())
    return None if a is None else (a.host, a.port, a.scheme)


def variables_in(s: str, base: int) -> list[tuple[str, int, int]]:
    """``(name, start, end)`` of every ``$var``/``${var}``/``{$var}`` in ``s``."""
    out = []
    for m in VARIABLE.finditer(s):
        name = next(g for g in m.groups() if g)
        out.append((name, base + m.start(), base + m.end()))
    return out


def unquote_value(line: str, start: int) -> int:
    """Index just after leading blanks and one opening quote of ``line[start:]``."""
    while start < len(line) and line[start] in " \t":
        start += 1
    if start < len(line) and line[start] in "\"'`":
        start += 1
    return start


_LINE = lazy_pattern(r"[^\r\n]*")


def iter_lines(text: str) -> list[tuple[int, str]]:
    """``(offset, line)`` for every line of ``text``, newline characters left out."""
    out = []
    pos = 0
    n = len(text)
    while pos <= n:
        m = _LINE.match(text, pos)
        assert m is not None
        out.append((pos, m.group(0)))
        pos = m.end()
        if pos >= n:
            break
        pos += 2 if text.startswith("\r\n", pos) else 1
    return out


class Token(Struct, frozen=True):
    value: str  # without quotes
    start: int  # offset of value[0] in the text
    quoted: bool


def split_words(line: str, base: int, quotes: str = "\"'") -> list[Token]:
    """Blank-separated words of one line; quoted words keep their inner offsets and a
    word starting with ``#`` begins a comment."""
    out: list[Token] = []
    i, n = 0, len(line)
    while i < n:
        c = line[i]
        if c in " \t":
            i += 1
        elif c == "#":
            break
        elif c in quotes:
            j = i + 1
            while j < n and line[j] != c:
                j += 2 if line[j] == "\\" else 1
            out.append(Token(line[i + 1 : min(j, n)], base + i + 1, True))
            i = j + 1
        else:
            j = i
            while j < n and line[j] not in " \t":
                j += 1
            out.append(Token(line[i:j], base + i, False))
            i = j
    return out
