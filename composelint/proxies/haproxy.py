"""Upstream references in haproxy.cfg: ``server``/``server-template`` lines of
``backend`` and ``listen`` sections."""

from __future__ import annotations

from composelint.proxies.base import (
    Lines,
    Upstream,
    VariableRef,
    iter_lines,
    parse_address,
    split_words,
    variables_in,
)
from composelint.source import lazy_pattern

SECTIONS = frozenset(
    {
        "global",
        "defaults",
        "frontend",
        "backend",
        "listen",
        "resolvers",
        "peers",
        "userlist",
        "cache",
        "program",
        "http-errors",
        "ring",
        "mailers",
        "fcgi-app",
        "crt-store",
        "traces",
    }
)
_WITH_SERVERS = frozenset({"backend", "listen"})
_FAMILY = lazy_pattern(r"(\w+)@")
_SOCKETS = frozenset({"unix", "abns", "abnsz", "fd", "sockpair", "uxst", "uxdg"})


def scan_haproxy(text: str) -> tuple[list[Upstream], list[VariableRef]]:
    lines = Lines(text)
    ups: list[Upstream] = []
    refs: list[VariableRef] = []
    section, group = "", None
    for offset, line in iter_lines(text):
        words = split_words(line, offset)
        if not words:
            continue
        first = words[0].value.lower()
        if first in SECTIONS and not words[0].quoted:
            section = first
            group = words[1].value if len(words) > 1 else None
            continue
        if section not in _WITH_SERVERS:
            continue
        if first == "server" and len(words) > 2:
            word, directive = words[2], "server (haproxy)"
        elif first == "server-template" and len(words) > 3:
            word, directive = words[3], "server-template (haproxy)"
        else:
            continue
        value, start = word.value, word.start
        family = _FAMILY.match(value)
        if family:
            if family.group(1).lower() in _SOCKETS:
                continue
            value, start = value[family.end() :], start + family.end()
        if value.startswith("/"):
            continue
        a = parse_address(value, start, scheme="forbidden")
        if a is not None:
            ups.append(
                Upstream(
                    a.host, a.port, None, directive, a.start, a.end, lines.line(a.start), group
                )
            )
            continue
        for name, s, e in variables_in(value, start):
            refs.append(VariableRef(name, directive, s, e, lines.line(s)))
    return ups, refs
