"""Upstream references in traefik dynamic config (YAML or TOML) and envoy config
(YAML or JSON), read line by line so Go templates and broken YAML do not matter.

Each ``key: value`` (YAML, JSON) or ``key = value`` (TOML) line is placed under the
keys above it: by indentation for YAML and JSON, by the last ``[table]`` header
for TOML.  Flow values (``{url: ...}``, ``[{ url = ... }]``) are searched inline.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from msgspec import Struct

from composelint.proxies.base import (
    Lines,
    Upstream,
    VariableRef,
    iter_lines,
    parse_address,
    unquote_value,
    variables_in,
)
from composelint.source import lazy_pattern

_YAML_KEY = lazy_pattern(
    r"""(?P<indent>[ \t]*)(?P<dash>(?:-[ \t]+)*)"""
    r"""(?P<key>"[^"\n]*"|'[^'\n]*'|[^\s:#"'{}\[\],&*!|>%@`-][^\s:"'{}\[\],]*)"""
    r"""[ \t]*:(?=[ \t]|$)[ \t]*"""
)
_TOML_HEADER = lazy_pattern(r"[ \t]*\[\[?[ \t]*([^\]\[]+?)[ \t]*\]\]?[ \t]*(?:#.*)?$")
_TOML_KEY = lazy_pattern(
    r"""[ \t]*(?P<key>(?:"[^"\n]*"|[\w.-]+)(?:[ \t]*\.[ \t]*(?:"[^"\n]*"|[\w-]+))*)"""
    r"""[ \t]*=[ \t]*"""
)
_INLINE = lazy_pattern(r"""(?:^|(?<=[{,\[\s]))["']?(url|address|port_value)["']?[ \t]*[:=][ \t]*""")
_TEMPLATE_ENV = lazy_pattern(r"""\{\{-?\s*env\s+["'`](\w+)["'`]\s*-?\}\}""")


class _Entry(Struct, frozen=True):
    path: tuple[str, ...]  # enclosing keys as written, without the key itself
    key: str
    value: str  # rest of the line after the separator
    start: int  # offset of value[0]
    col: int  # column of the key (-1 for TOML)


def _strip_key(key: str) -> str:
    return key[1:-1] if key[:1] in "\"'" else key


def _entries(text: str, toml: bool) -> Iterator[_Entry]:
    stack: list[tuple[int, str]] = []
    header: tuple[str, ...] = ()
    for offset, line in iter_lines(text):
        if toml:
            h = _TOML_HEADER.match(line)
            if h:
                header = tuple(_strip_key(p.strip()) for p in h.group(1).split("."))
                continue
            m = _TOML_KEY.match(line)
            if m:
                parts = [_strip_key(p.strip()) for p in m.group("key").split(".")]
                path = header + tuple(parts[:-1])
                yield _Entry(path, parts[-1], line[m.end() :], offset + m.end(), -1)
            continue
        m = _YAML_KEY.match(line)
        if not m:
            continue
        col = len(m.group("indent")) + len(m.group("dash"))
        while stack and stack[-1][0] >= col:
            stack.pop()
        key = _strip_key(m.group("key"))
        path = tuple(k for _, k in stack)
        stack.append((col, key))
        yield _Entry(path, key, line[m.end() :], offset + m.end(), col)


def _inline(entry: _Entry) -> Iterator[_Entry]:
    """The entry itself, then the url/address/port_value pairs of a flow value."""
    yield entry
    if entry.value.lstrip()[:1] in ("{", "["):
        path = entry.path + (entry.key,)
        for m in _INLINE.finditer(entry.value):
            yield _Entry(
                path, m.group(1), entry.value[m.end() :], entry.start + m.end(), entry.col + 1
            )


def is_toml(path: str, text: str) -> bool:
    if path.lower().endswith(".toml"):
        return True
    if path.lower().endswith((".yml", ".yaml", ".json")):
        return False
    return any(_TOML_HEADER.match(line) for _, line in iter_lines(text)) and not any(
        _YAML_KEY.match(line) for _, line in iter_lines(text)
    )


def scan_traefik(path: str, text: str) -> tuple[list[Upstream], list[VariableRef]]:
    lines = Lines(text)
    ups: list[Upstream] = []
    refs: list[VariableRef] = []
    for outer in _entries(text, is_toml(path, text)):
        for e in _inline(outer):
            key = e.key.lower()
            where = tuple(p.lower() for p in e.path)
            if key == "url":
                directive = "loadBalancer.servers.url" if "servers" in where else "url"
                scheme = "required"
            elif key == "address" and "forwardauth" in where:
                directive, scheme = "forwardAuth.address", "required"
            elif key == "address" and "servers" in where:
                directive, scheme = "loadBalancer.servers.address", "optional"
            else:
                continue
            group = None
            if "services" in where:
                i = where.index("services")
                group = e.path[i + 1] if i + 1 < len(e.path) else None
            start = unquote_value(e.value, 0)
            a = parse_address(e.value[start:], e.start + start, scheme=scheme)
            if a is not None:
                ups.append(
                    Upstream(
                        a.host,
                        a.port,
                        a.scheme,
                        directive,
                        a.start,
                        a.end,
                        lines.line(a.start),
                        group,
                    )
                )
                continue
            _template_refs(e, directive, refs, lines)
    return ups, refs


def _template_refs(
    e: _Entry, directive: str, refs: list[VariableRef], lines: Lines, dollar: bool = False
) -> None:
    """A ``{{ env "X" }}`` (or, with ``dollar``, a ``${X}``) standing where the host is."""
    at = unquote_value(e.value, 0)
    scheme = re.match(r"[A-Za-z][\w+.-]*://", e.value[at:])
    if scheme:
        at += scheme.end()
    m = _TEMPLATE_ENV.match(e.value, at)
    if m:
        s = e.start + m.start()
        refs.append(VariableRef(m.group(1), directive, s, e.start + m.end(), lines.line(s)))
        return
    found = variables_in(e.value[at:], e.start + at) if dollar else []
    if found and found[0][1] == e.start + at:
        name, s, end = found[0]
        refs.append(VariableRef(name, directive, s, end, lines.line(s)))


_UPSTREAM_KEYS = frozenset({"clusters", "load_assignment", "endpoints", "hosts"})
_LISTENER_KEYS = frozenset({"listeners", "admin", "listener"})


def scan_envoy(text: str) -> tuple[list[Upstream], list[VariableRef]]:
    lines = Lines(text)
    ups: list[Upstream] = []
    refs: list[VariableRef] = []
    cluster: str | None = None
    pending: list[_Entry | int | None] = []  # [socket_address entry, address entry, port]

    def flush() -> None:
        if len(pending) == 3 and isinstance(pending[1], _Entry):
            e, port = pending[1], pending[2]
            start = unquote_value(e.value, 0)
            a = parse_address(e.value[start:], e.start + start, scheme="forbidden")
            if a is not None:
                ups.append(
                    Upstream(
                        a.host,
                        port if isinstance(port, int) else a.port,
                        None,
                        "socket_address",
                        a.start,
                        a.end,
                        lines.line(a.start),
                        cluster,
                    )
                )
            else:
                _template_refs(e, "socket_address", refs, lines, dollar=True)
        pending.clear()

    for outer in _entries(text, toml=False):
        for e in _inline(outer):
            key = e.key.lower()
            head = pending[0] if pending else None
            if isinstance(head, _Entry) and e.col <= head.col:
                flush()
            where = {p.lower() for p in e.path}
            if key == "cluster_name" or (key == "name" and e.path[-1:] == ("clusters",)):
                cluster = e.value.strip().strip("\"',") or cluster
            elif key == "socket_address":
                if where & _UPSTREAM_KEYS and not where & _LISTENER_KEYS:
                    flush()
                    pending.extend([e, None, None])
            elif pending and key == "address":
                pending[1] = e
            elif pending and key == "port_value":
                digits = re.match(r"[\"']?(\d+)", e.value.strip())
                pending[2] = int(digits.group(1)) if digits else None
    flush()
    return ups, refs
