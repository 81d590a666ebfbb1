"""Upstream references in a Caddyfile (``reverse_proxy``, ``to``, ``php_fastcgi``).

A Caddyfile is read line by line: one directive a line, ``{``/``}`` words open and
close blocks, ``#`` at the start of a word begins a comment.  Caddy v1's
``proxy /from to...`` is read as well.
"""

from __future__ import annotations

from composelint.proxies.base import (
    Lines,
    Token,
    Upstream,
    VariableRef,
    iter_lines,
    record_target,
    split_words,
)

_PROXY_DIRECTIVES = frozenset({"reverse_proxy", "php_fastcgi"})


def scan_caddy(text: str) -> tuple[list[Upstream], list[VariableRef]]:
    lines = Lines(text)
    ups: list[Upstream] = []
    refs: list[VariableRef] = []
    stack: list[str] = []
    for offset, line in iter_lines(text):
        words = split_words(line, offset, quotes='"`')
        if not words:
            continue
        name = words[0].value
        args: list[Token] = []
        for w in words[1:]:
            if not w.quoted and w.value in ("{", "}"):
                break
            args.append(w)
        targets: list[Token] = []
        if name in _PROXY_DIRECTIVES and not words[0].quoted:
            if args and args[0].value[:1] in ("/", "*", "@"):  # a matcher
                args = args[1:]
            targets = args
        elif name == "to" and stack and stack[-1] in _PROXY_DIRECTIVES:
            targets = args
        elif name == "proxy" and len(args) > 1 and args[0].value.startswith("/"):
            targets = args[1:]
        for w in targets:
            _target(name, w, ups, refs, lines)
        for w in words:
            if not w.quoted and w.value == "{":
                stack.append(name)
            elif not w.quoted and w.value == "}" and stack:
                stack.pop()
    return ups, refs


def _target(
    directive: str, word: Token, ups: list[Upstream], refs: list[VariableRef], lines: Lines
) -> None:
    record_target(directive, word.value, word.start, ups, refs, lines)
