"""Upstream references in nginx configs, templates included (``${VAR}``, ``{{ }}``).

The text is split into nginx tokens (words, quoted strings, ``;``, ``{``, ``}``;
``#`` comments dropped) and walked as directives with a block stack.  Reported:
the ``*_pass`` directives, ``server`` lines of ``upstream`` blocks, and URLs that
``set``/``map`` store in a variable a ``*_pass`` directive then uses.
"""

from __future__ import annotations

from collections.abc import Iterator

from msgspec import Struct

from composelint.proxies.base import (
    Lines,
    Upstream,
    VariableRef,
    parse_address,
    record_target,
    variables_in,
)
from composelint.source import lazy_pattern

PASS_DIRECTIVES = frozenset(
    {"proxy_pass", "fastcgi_pass", "uwsgi_pass", "scgi_pass", "grpc_pass", "memcached_pass"}
)
_WHOLE_VAR = lazy_pattern(r"\$\{?(\w+)\}?")
_VAR_HOST = lazy_pattern(
    r"(?:(?:(?P<scheme>[A-Za-z][\w+.-]*)|\$\{?\w+\}?)://)?\$\{?(?P<host>\w+)\}?"
    r"(?::(?:(?P<port>\d+)|\$\{?(?P<portvar>\w+)\}?))?(?=[/?$]|$)"
)


class _Word(Struct, frozen=True):
    value: str  # without quotes
    start: int  # offset of value[0] in the text


def _tokens(text: str) -> Iterator[_Word | str]:
    """Words, and ``;``/``{``/``}`` as plain strings."""
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in " \t\r\n":
            i += 1
        elif c == "#":
            nl = text.find("\n", i)
            i = n if nl < 0 else nl
        elif c in ";{}" and not text.startswith("{{", i):
            yield c
            i += 1
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            yield _Word(text[i + 1 : min(j, n)], i + 1)
            i = j + 1
        else:
            j = _word_end(text, i)
            word = text[i:j]
            if not (word.startswith("{{") and word.find("}}") == len(word) - 2):
                yield _Word(word, i)  # a lone {{ action }} is template control flow
            i = j


def _word_end(text: str, i: int) -> int:
    """End of the bare word at ``i``; ``${var}`` and ``{{ template }}`` stay inside."""
    n, j = len(text), i
    while j < n:
        ch = text[j]
        if ch in " \t\r\n;}":
            break
        if ch == "{":
            if text.startswith("{{", j):
                close = text.find("}}", j)
                j = n if close < 0 else close + 2
                continue
            if j == i or text[j - 1] != "$":
                break
            close = text.find("}", j)
            j = n if close < 0 else close + 1
            continue
        j += 1
    return j


def scan_nginx(text: str) -> tuple[list[Upstream], list[VariableRef]]:
    lines = Lines(text)
    ups: list[Upstream] = []
    refs: list[VariableRef] = []
    values: dict[str, list[_Word]] = {}  # variable -> values given by set/map
    passes: list[tuple[str, _Word]] = []
    stack: list[list[_Word]] = []
    words: list[_Word] = []
    for tok in _tokens(text):
        if isinstance(tok, _Word):
            words.append(tok)
            continue
        if tok == "{":
            stack.append(words)
        elif tok == "}":
            if stack:
                stack.pop()
        elif words:
            parent = stack[-1] if stack else []
            _statement(words, parent, ups, refs, values, passes, lines)
        words = []
    for directive, word in passes:
        _pass(directive, word, ups, refs, values, lines)
    return ups, refs


def _statement(
    words: list[_Word],
    parent: list[_Word],
    ups: list[Upstream],
    refs: list[VariableRef],
    values: dict[str, list[_Word]],
    passes: list[tuple[str, _Word]],
    lines: Lines,
) -> None:
    name = words[0].value
    parent_name = parent[0].value if parent else ""
    if name in PASS_DIRECTIVES and len(words) > 1:
        passes.append((name, words[1]))
    elif name == "set" and len(words) > 2:
        m = _WHOLE_VAR.fullmatch(words[1].value)
        if m:
            values.setdefault(m.group(1), []).append(words[2])
    elif parent_name == "map" and len(parent) > 2 and len(words) > 1:
        m = _WHOLE_VAR.fullmatch(parent[2].value)
        if m:
            values.setdefault(m.group(1), []).append(words[-1])
    elif name == "server" and parent_name == "upstream" and len(words) > 1:
        group = parent[1].value if len(parent) > 1 else None
        word = words[1]
        found = variables_in(word.value, word.start)
        if found and word.value.startswith("$"):
            refs.extend(VariableRef(v, "server", s, e, lines.line(s)) for v, s, e in found)
            return
        a = parse_address(word.value, word.start, scheme="forbidden")
        if a is not None:
            ups.append(
                Upstream(a.host, a.port, None, "server", a.start, a.end, lines.line(a.start), group)
            )


def _pass(
    directive: str,
    word: _Word,
    ups: list[Upstream],
    refs: list[VariableRef],
    values: dict[str, list[_Word]],
    lines: Lines,
) -> None:
    if record_target(directive, word.value, word.start, ups, refs, lines):
        return
    m = _VAR_HOST.match(word.value)
    if not m:
        return
    # "proxy_pass $v" takes a whole URL from $v; "http://$v:80" only the host.
    whole = "://" not in word.value[: m.start("host")] and m.end() == len(word.value)
    port = m.group("port")
    default_port = int(port) if port else _numeric(values.get(m.group("portvar") or "", []))
    scheme = m.group("scheme").lower() if m.group("scheme") else None
    for value in values.get(m.group("host"), []):
        got = parse_address(value.value, value.start, scheme="optional" if whole else "forbidden")
        if got is None:
            continue
        ups.append(
            Upstream(
                got.host,
                default_port if got.port is None else got.port,
                got.scheme or scheme,
                "set",
                got.start,
                got.end,
                lines.line(got.start),
            )
        )


def _numeric(words: list[_Word]) -> int | None:
    for w in words:
        if w.value.isdigit() and int(w.value) <= 65535:
            return int(w.value)
    return None
