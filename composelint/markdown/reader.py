"""Shell fences of a Markdown file, found with markdown-it-py, as shell text.

markdown-it-py gives each fence's lines (its token's ``map``); the fence's body is
taken from the file itself, line by line, without the indentation of the fence
(a fence in a list item), so each command keeps its place in the file and a fix
edits the body only: the fence's opening and closing lines are never touched.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from composelint.shell import MAX_SCRIPT_BYTES, Comment, read_embedded, screen_launches
from composelint.shell.embedded import Document, ShellText, Stretch, written
from composelint.source import Source, lazy_pattern

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

MAX_MARKDOWN_BYTES = MAX_SCRIPT_BYTES
MAX_PARSE_SECONDS = 5.0  # for all the fences of one file
SHELL_LANGUAGES = frozenset({"sh", "bash", "shell", "zsh"})
SESSION_LANGUAGES = frozenset({"console", "shell-session"})
_PROMPT = lazy_pattern(r"[ \t]*[$#] ")
_LINE = lazy_pattern(r"[^\n]*\n?")


@dataclass(frozen=True, slots=True)
class Fence:
    language: str  # as the info string names it, lower case
    start: int  # the opening line's start
    end: int  # the closing line's end (the file's end when it is never closed)
    text: ShellText  # the commands: the body, or a session's prompted lines


def screen(text: str) -> bool:
    """Whether ``text`` may start a container (a runtime, then ``run`` or ``create`` on its
    line): only then is it parsed with markdown-it-py.  A file that only names a runtime
    (``docker ps``, ``docker logs``) starts nothing and is not listed."""
    return screen_launches(text)


def _lines(text: str) -> list[tuple[int, str]]:
    """(start, text without its line break) of each line."""
    out = []
    for match in _LINE.finditer(text):
        if match.start() == len(text):
            break
        out.append((match.start(), match.group().rstrip("\r\n")))
    return out


def _language(info: str) -> str:
    words = info.strip().split(maxsplit=1)
    return words[0].strip("{}.").lower() if words else ""


def fences(text: str, tokens: list[Token] | None = None) -> list[Fence]:
    """The shell and session fences of a Markdown ``text``, in order."""
    if tokens is None:
        tokens = _parse(text)
    lines = _lines(text)
    found: list[Fence] = []
    for token in tokens:
        if token.type != "fence" or token.map is None:
            continue
        language = _language(token.info)
        if language not in SHELL_LANGUAGES and language not in SESSION_LANGUAGES:
            continue
        first, after = token.map
        if first >= len(lines):
            continue
        opening = lines[first][1]
        indent = opening.find(token.markup)
        if indent < 0 or opening[:indent].strip():
            continue  # in a block quote: its lines carry "> "
        last = min(after, len(lines)) - 1
        closed = last > first and lines[last][1].strip().startswith(token.markup)
        body = lines[first + 1 : last if closed else last + 1]
        start = lines[first][0]
        end = lines[last][0] + len(lines[last][1])
        session = language in SESSION_LANGUAGES or _starts_with_prompt(body)
        stretches = _session(body, indent, text) if session else _body(body, indent, text)
        found.append(Fence(language, start, end, ShellText(stretches)))
    return found


def _parse(text: str) -> list[Token]:
    return _parser().parse(text)


@cache
def _parser() -> MarkdownIt:
    """One parser per process: a parser holds no state between documents, and each one
    made is a cycle of objects (renderer and rules) left for the cycle collector."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark")


def _dedent(start: int, line: str, indent: int) -> tuple[int, str]:
    cut = len(line) - len(line.lstrip(" "))
    cut = min(cut, indent)
    return start + cut, line[cut:]


def _newline(start: int, line: str, text: str) -> list[Stretch]:
    at = start + len(line)
    while at < len(text) and text[at] == "\r":
        at += 1
    return [written("\n", at)] if at < len(text) and text[at] == "\n" else []


def _body(body: list[tuple[int, str]], indent: int, text: str) -> list[Stretch]:
    out: list[Stretch] = []
    for start, line in body:
        at, kept = _dedent(start, line, indent)
        out.append(written(kept, at))
        out.extend(_newline(start, line, text))
    return out


def _starts_with_prompt(body: list[tuple[int, str]]) -> bool:
    """A shell fence written as a session: its first command line has a ``$`` prompt."""
    first = next((line for _start, line in body if line.strip()), "")
    return first.lstrip().startswith("$ ")


def _session(body: list[tuple[int, str]], indent: int, text: str) -> list[Stretch]:
    """The commands of a session: the lines after a prompt, and the lines a backslash
    continues; the rest is output."""
    out: list[Stretch] = []
    continued = False
    for start, line in body:
        at, kept = _dedent(start, line, indent)
        if not continued:
            prompt = _PROMPT.match(kept)
            if prompt is None:
                continue
            at, kept = at + prompt.end(), kept[prompt.end() :]
        out.append(written(kept, at))
        out.extend(_newline(start, line, text))
        continued = (len(kept) - len(kept.rstrip("\\"))) % 2 == 1
    return out


def _comments(text: str, tokens: list[Token]) -> tuple[Comment, ...]:
    """``<!-- composelint: … -->`` comments standing alone between blocks."""
    lines = _lines(text)
    out = []
    for token in tokens:
        if token.type != "html_block" or token.map is None or "composelint" not in token.content:
            continue
        first, after = token.map
        for start, line in lines[first:after]:
            stripped = line.strip()
            if stripped.startswith("<!--") and stripped.endswith("-->"):
                begin = start + line.index("<!--")
                end = start + line.rindex("-->") + 3
                out.append(Comment(stripped[4:-3].strip(), begin, end, True))
    return tuple(out)


def read_markdown(source: Source) -> Document:
    """The shell fences of ``source`` read as one script (whatever the screen says)."""
    text = source.text
    tokens = _parse(text)
    found = fences(text, tokens)
    script = read_embedded(source, [f.text for f in found], MAX_PARSE_SECONDS)
    blocks = tuple((f.start, f.end) for f in found)
    return Document(script, _comments(text, tokens), frozenset(), blocks, example=True)
