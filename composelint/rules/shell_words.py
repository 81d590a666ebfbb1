"""The simple commands of a shell text, as a rule reads a Dockerfile ``RUN``.

A small POSIX-shell lexer, enough to tell which command an argument belongs to:
``curl -k`` is curl's flag, the ``-k`` of ``sort -k2`` after ``&&`` is not.  It knows
quotes, the escape character, ``$VAR``/``${...}``, command substitution (whose
commands are read too), comments, redirections and the operators that end a
command (``&&``, ``||``, ``;``, ``|``, ``&``, newlines, parentheses).  Offsets index
the text given, so a finding can sit on the word that causes it.
"""

from __future__ import annotations

import re

from msgspec import Struct

from composelint.source import lazy_pattern

_SEPARATORS = frozenset(";&|()\n")
_BLANKS = " \t\r"
_REDIRECT = lazy_pattern(r"[0-9]*(?:>>|>&|>\||<<<|<<-|<<|<>|<&|>|<)|&>>|&>")
_ASSIGNMENT = lazy_pattern(r"[A-Za-z_][A-Za-z0-9_]*\+?=")
# Words that open or close a compound command: the command starts after them.
_RESERVED = frozenset(
    {"if", "then", "else", "elif", "fi", "do", "done", "while", "until", "!", "{", "}", "esac"}
)
SHELLS = frozenset({"sh", "bash", "dash", "ash", "zsh", "ksh", "busybox"})
MAX_DEPTH = 8  # nested ``$(...)`` and ``sh -c`` read at most this deep


class ShellWord(Struct, frozen=True):
    """One word: its text after quote removal (``$VAR`` and ``$(...)`` kept as written),
    the offsets of its raw text, and whether part of it is known only when it runs."""

    text: str
    start: int
    end: int
    dynamic: bool = False


class ShellCommand(Struct, frozen=True):
    """A simple command: its words (name first), the ``NAME=value`` words in front of
    it, and where its output is redirected (``> /etc/sudoers``)."""

    words: tuple[ShellWord, ...]
    assignments: tuple[ShellWord, ...] = ()
    redirects: tuple[ShellWord, ...] = ()

    @property
    def name(self) -> str:
        """The command's base name (``/usr/bin/curl`` -> ``curl``), '' for none."""
        return self.words[0].text.rsplit("/", 1)[-1] if self.words else ""

    @property
    def args(self) -> tuple[ShellWord, ...]:
        return self.words[1:]


class _Builder:
    def __init__(self) -> None:
        self.words: list[ShellWord] = []
        self.assignments: list[ShellWord] = []
        self.redirects: list[ShellWord] = []
        self.done: list[ShellCommand] = []

    def word(self, word: ShellWord) -> None:
        if not self.words:
            if word.text in _RESERVED and word.end - word.start == len(word.text):
                self.end()
                return
            if _ASSIGNMENT.match(word.text):
                self.assignments.append(word)
                return
        self.words.append(word)

    def end(self) -> None:
        if self.words or self.assignments:
            self.done.append(
                ShellCommand(tuple(self.words), tuple(self.assignments), tuple(self.redirects))
            )
        self.words, self.assignments, self.redirects = [], [], []


def simple_commands(text: str, depth: int = 0) -> list[ShellCommand]:
    """The simple commands of ``text``, in order; those inside ``$(...)`` or backticks
    follow the command that holds them."""
    builder = _Builder()
    inner: list[tuple[int, int]] = []
    i = 0
    size = len(text)
    while i < size:
        char = text[i]
        if char in _BLANKS:
            i = _SPACE.match(text, i).end()  # type: ignore[union-attr]
        elif char == "\\" and text.startswith("\n", i + 1):
            i += 2  # a line continuation
        elif char == "#":
            end = text.find("\n", i)
            i = size if end < 0 else end
        elif (match := _REDIRECT.match(text, i)) is not None:
            i = _SPACE.match(text, match.end()).end()  # type: ignore[union-attr]
            if i < size and text[i] not in _SEPARATORS:
                target, i = _word(text, i, inner)
                builder.redirects.append(target)
        elif char in _SEPARATORS:
            builder.end()
            i += 1
        else:
            word, i = _word(text, i, inner)
            builder.word(word)
    builder.end()
    commands = builder.done
    if depth < MAX_DEPTH:
        for start, end in inner:
            for command in simple_commands(text[start:end], depth + 1):
                commands.append(shifted(command, start))
    return commands


_SPACE = lazy_pattern(r"[ \t\r]*")
_PLAIN = lazy_pattern(r"[^\s'\"\\$`;&|()<>]+")
_PLAIN_QUOTED = lazy_pattern(r'[^"\\$`]+')


def _word(text: str, i: int, inner: list[tuple[int, int]]) -> tuple[ShellWord, int]:
    """The word starting at ``i`` and the offset after it; the ranges of the command
    substitutions in it are added to ``inner``."""
    start = i
    out: list[str] = []
    dynamic = False
    size = len(text)
    while i < size:
        if (plain := _PLAIN.match(text, i)) is not None:
            out.append(plain.group())
            i = plain.end()
            continue
        char = text[i]
        if char in _BLANKS or char in "\n;&|()<>":
            break
        if char == "\\":
            if i + 1 < size and text[i + 1] != "\n":
                out.append(text[i + 1])
            i += 2
        elif char == "'":
            end = text.find("'", i + 1)
            end = size if end < 0 else end
            out.append(text[i + 1 : end])
            i = end + 1
        elif char == '"':
            i += 1
            while i < size and text[i] != '"':
                if (plain := _PLAIN_QUOTED.match(text, i)) is not None:
                    out.append(plain.group())
                    i = plain.end()
                elif text[i] == "\\" and i + 1 < size and text[i + 1] in '$`"\\\n':
                    if text[i + 1] != "\n":
                        out.append(text[i + 1])
                    i += 2
                elif text[i] in "$`":
                    end = _expansion_end(text, i, inner)
                    out.append(text[i:end])
                    dynamic = dynamic or end > i + 1
                    i = end
                else:
                    out.append(text[i])
                    i += 1
            i += 1
        else:  # "$" or "`"
            end = _expansion_end(text, i, inner)
            out.append(text[i:end])
            dynamic = dynamic or end > i + 1
            i = end
    return ShellWord("".join(out), start, min(i, size), dynamic), min(i, size)


def _expansion_end(text: str, i: int, inner: list[tuple[int, int]]) -> int:
    """The end of the ``$...`` or backtick expansion at ``i``; the body of a command
    substitution is added to ``inner``."""
    size = len(text)
    if text[i] == "`":
        end = text.find("`", i + 1)
        end = size if end < 0 else end
        inner.append((i + 1, end))
        return min(end + 1, size)
    if i + 1 >= size:
        return i + 1
    nxt = text[i + 1]
    if nxt == "(":
        arithmetic = text.startswith("((", i + 1)
        end = _closing(text, i + 1, "(", ")")
        if not arithmetic:
            inner.append((i + 2, end - 1 if end <= size and text[end - 1] == ")" else end))
        return end
    if nxt == "{":
        return _closing(text, i + 1, "{", "}")
    match = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|[0-9@*#?$!-]").match(text, i + 1)
    return match.end() if match else i + 1


_DOUBLE_QUOTED = lazy_pattern(r'"(?:[^"\\]++|\\.)*+"?', re.DOTALL)
_INTERESTING = {"(": lazy_pattern(r"[\\\\'\"()]"), "{": lazy_pattern(r"[\\\\\"{}]")}


def _closing(text: str, i: int, opening: str, closing: str) -> int:
    """The offset after the ``closing`` that balances the ``opening`` at ``i``
    (quotes skipped); the end of the text when none does."""
    depth = 0
    size = len(text)
    interesting = _INTERESTING[opening]
    while i < size:
        found = interesting.search(text, i)
        if found is None:
            return size
        i = found.start()
        char = text[i]
        if char == "\\":
            i += 2
            continue
        if char == "'":
            end = text.find("'", i + 1)
            i = size if end < 0 else end + 1
            continue
        if char == '"':
            i = _DOUBLE_QUOTED.match(text, i).end()  # type: ignore[union-attr]
            continue
        if char == opening:
            depth += 1
        elif char == closing:
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return size


def shifted(command: ShellCommand, offset: int) -> ShellCommand:
    """``command`` with its offsets moved by ``offset``."""

    def move(words: tuple[ShellWord, ...]) -> tuple[ShellWord, ...]:
        return tuple(ShellWord(w.text, w.start + offset, w.end + offset, w.dynamic) for w in words)

    return ShellCommand(move(command.words), move(command.assignments), move(command.redirects))


def pinned(command: ShellCommand, start: int, end: int) -> ShellCommand:
    """``command`` with every word placed at ``[start, end)`` (its text was not written
    one character per character there, as in a string given to ``sh -c``)."""

    def place(words: tuple[ShellWord, ...]) -> tuple[ShellWord, ...]:
        return tuple(ShellWord(w.text, start, end, w.dynamic) for w in words)

    return ShellCommand(place(command.words), place(command.assignments), place(command.redirects))


# Commands that run the command after them (with the options they take a value for).
_WRAPPERS: dict[str, frozenset[str]] = {
    "sudo": frozenset({"-u", "-g", "-C", "-D", "-h", "-p", "-r", "-t", "-U", "-T", "-R"}),
    "doas": frozenset({"-u", "-C"}),
    "env": frozenset({"-u", "-C", "-S", "--unset", "--chdir"}),
    "nohup": frozenset(),
    "exec": frozenset({"-a"}),
    "command": frozenset(),
    "builtin": frozenset(),
    "time": frozenset({"-f", "-o"}),
    "nice": frozenset({"-n"}),
    "ionice": frozenset({"-c", "-n", "-p"}),
    "eatmydata": frozenset(),
    "stdbuf": frozenset({"-i", "-o", "-e"}),
    "timeout": frozenset({"-s", "-k", "--signal", "--kill-after"}),
    "gosu": frozenset(),
    "su-exec": frozenset(),
    "chroot": frozenset(),
    "xargs": frozenset({"-n", "-I", "-L", "-P", "-d", "-E", "-s", "-a"}),
}
# Wrappers whose first argument is not the command (a user, a duration, a directory).
_LEADING_ARGUMENT = frozenset({"timeout", "gosu", "su-exec", "chroot"})


def unwrapped(command: ShellCommand) -> tuple[ShellCommand, tuple[ShellCommand, ...]]:
    """The command a wrapper runs (``sudo -u app curl -k`` -> ``curl -k``) and the
    wrappers in front of it, outermost first."""
    wrappers: list[ShellCommand] = []
    for _ in range(MAX_DEPTH):
        name = command.name
        takes = _WRAPPERS.get(name)
        if takes is None:
            break
        rest = list(command.args)
        assignments = list(command.assignments)
        while rest and rest[0].text.startswith("-") and rest[0].text != "--":
            flag = rest.pop(0).text
            if flag in takes and "=" not in flag and rest:
                rest.pop(0)
        if rest and rest[0].text == "--":
            rest.pop(0)
        if name == "env":
            while rest and _ASSIGNMENT.match(rest[0].text):
                assignments.append(rest.pop(0))
        if name in _LEADING_ARGUMENT and rest:
            rest.pop(0)
        if not rest:
            break
        wrappers.append(command)
        command = ShellCommand(tuple(rest), tuple(assignments), command.redirects)
    return command, tuple(wrappers)


def script_of(command: ShellCommand) -> ShellWord | None:
    """The script of ``sh -c '...'`` (``bash -ec``, ``su -c``), or None."""
    if command.name not in SHELLS and command.name != "su":
        return None
    args = command.args
    for index, word in enumerate(args):
        text = word.text
        if text.startswith("-") and not text.startswith("--") and "c" in text[1:]:
            return args[index + 1] if index + 1 < len(args) else None
        if command.name in SHELLS and not text.startswith("-"):
            return None  # "sh script.sh": a file, not a string
    return None


def nested(command: ShellCommand, source_text: str, depth: int = 0) -> list[ShellCommand]:
    """The commands of an ``sh -c`` string, placed in ``source_text`` (the text the
    outer command was read from): at their own words when the string is written as
    is between quotes, else at the string as a whole."""
    script = script_of(command)
    if script is None or depth >= MAX_DEPTH:
        return []
    raw = source_text[script.start : script.end]
    found = simple_commands(script.text, depth + 1)
    if raw[1:-1] == script.text and raw[:1] in "'\"" and raw[:1] == raw[-1:]:
        return [shifted(c, script.start + 1) for c in found]
    if raw == script.text:
        return [shifted(c, script.start) for c in found]
    return [pinned(c, script.start, script.end) for c in found]


def expanded(text: str, offset: int = 0) -> list[tuple[ShellCommand, tuple[ShellCommand, ...]]]:
    """Every simple command of ``text`` with the wrappers that run it (``sudo``,
    ``env``...), the ``sh -c`` strings read too, in order; offsets moved by ``offset``
    (``text`` is then that far into the text the offsets index)."""
    out: list[tuple[ShellCommand, tuple[ShellCommand, ...]]] = []
    todo = [(c, 0) for c in simple_commands(text)]
    while todo:
        command, depth = todo.pop(0)
        inner, wrappers = unwrapped(command)
        if offset:
            inner = shifted(inner, offset)
            wrappers = tuple(shifted(w, offset) for w in wrappers)
        out.append((inner, wrappers))
        if depth < MAX_DEPTH:
            todo[0:0] = [(c, depth + 1) for c in nested(shifted(inner, -offset), text, depth)]
    return out
