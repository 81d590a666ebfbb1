"""A shell script's simple commands, its container launches and its comments.

Simple commands are found wherever the shell runs them: lists (``&&``, ``||``,
``;``), pipelines, subshells, functions, ``if``/``for``/``while``/``case`` bodies,
``$(...)`` and backticks (also inside a heredoc whose delimiter is unquoted, since
the shell expands those).  Not commands: words inside ``echo``/``printf`` strings,
comments, and heredoc bodies, which are text a program reads; a heredoc fed to a
shell (``bash <<EOF``, ``ssh host <<EOF``) is not read either, nor a string given
to ``sh -c``.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from composelint.commands import Launch, Word, read_launch, read_network, stops_containers
from composelint.diagnostics import Diagnostic, make
from composelint.model.container import NetworkDefinition, Project
from composelint.shell.embedded import ShellText
from composelint.shell.parse import MAX_DEPTH, ParseLimit, parse
from composelint.shell.words import Offsets, split_at_blanks, word_of
from composelint.source import Source, lazy_pattern

# The cheap screen: a script that never names a container runtime is not parsed.
RUNTIME_WORD = lazy_pattern(r"\b(?:docker|podman|nerdctl)\b", re.IGNORECASE)
_RUNTIME_BYTES = lazy_pattern(rb"\b(?:docker|podman|nerdctl)\b", re.IGNORECASE)
_EXPANDS = lazy_pattern(rb"[$`]")
NOTE_CODE = "CL007"
_EXPANSIONS = frozenset({"simple_expansion", "expansion"})
# Nodes that hold no command, comment or error: the walk does not enter them.
_NO_COMMANDS_INSIDE = frozenset(
    {
        "word",
        "number",
        "raw_string",
        "string_content",
        "simple_expansion",
        "variable_name",
        "ansi_c_string",
        "heredoc_start",
        "heredoc_end",
        "file_descriptor",
        "special_variable_name",
    }
)
# Where two launches run one after the other whenever the first runs: the same list of
# statements (not the two sides of ``||``, not two branches of an ``if`` or a ``case``).
_STRAIGHT = frozenset(
    {
        "program",
        "compound_statement",
        "do_group",
        "if_statement",
        "elif_clause",
        "else_clause",
        "case_item",
        "subshell",
    }
)
_NOT_WORDS = frozenset(
    {"variable_assignment", "file_redirect", "heredoc_redirect", "herestring_redirect"}
)


class Command:
    """One simple command: its words (prefix assignments and redirections left out).

    The words of a command that names no container runtime are made only when asked
    for (a rule looking for host-side uses of a port): most commands of a script are
    never read word by word, and making their words was most of the cost of reading it."""

    __slots__ = ("start", "end", "_words", "_make")

    def __init__(
        self,
        words: tuple[Word, ...] | None,
        start: int,  # code-point span of the whole command
        end: int,
        make: Callable[[], tuple[Word, ...]] | None = None,
    ) -> None:
        self.start = start
        self.end = end
        self._words = words
        self._make = make

    @property
    def words(self) -> tuple[Word, ...]:
        if self._words is None:
            assert self._make is not None
            self._words, self._make = self._make(), None
        return self._words

    def __repr__(self) -> str:
        return f"Command({self.start}, {self.end})"


@dataclass(frozen=True, slots=True)
class Comment:
    text: str  # with its "#"
    start: int
    end: int
    own_line: bool  # nothing but blanks before it on its line


@dataclass(frozen=True, slots=True)
class Script:
    """What the shell reader found in one file."""

    source: Source
    commands: tuple[Command, ...]
    launches: tuple[Launch, ...]
    comments: tuple[Comment, ...]
    problem: str | None = None  # why part of the script could not be read
    problem_at: int = 0
    # What a suppression comment can cover: every simple command and every assignment.
    targets: tuple[tuple[int, int], ...] = ()
    networks: tuple[NetworkDefinition, ...] = ()  # docker network create
    # Containers known to run at the same time: (earlier, later) by name.
    alive_together: frozenset[tuple[str, str]] = frozenset()

    @property
    def project(self) -> Project:
        """The script's containers as one project: they start together and reach each
        other by name on the networks the script creates."""
        path = self.source.path
        return Project(
            name=path,
            files=(path,),
            directory=os.path.dirname(path) or ".",
            services={launch.service.name: launch.service for launch in self.launches},
            networks={network.name: network for network in self.networks},
            alive_together=self.alive_together,
        )

    @property
    def note(self) -> Diagnostic | None:
        """The one information-level note of a script the parser could not read."""
        if self.problem is None:
            return None
        span = self.source.span(self.problem_at, self.problem_at)
        return make(
            NOTE_CODE,
            f"{self.problem}; container launches in it may be missed (the script may "
            "still run under its own shell)",
            span,
        )


def screen(text: str) -> bool:
    """Whether ``text`` names a container runtime as a word: only then is it parsed."""
    return RUNTIME_WORD.search(text) is not None


# The launch screen of commands written inside another text (Makefiles, Markdown): a
# runtime, or a variable that may name one (``$(CONTAINER_CLI)``, ``${DOCKER}``), then
# ``run`` or ``create`` after nothing but options, their values and the words that
# lead to a launch (``container``, ``compose``, ``service``), on one line or on lines a
# backslash continues.  Every launch the command-line reader finds is written so
# (``docker -H x run``, ``docker container create``, ``docker compose -f x run``,
# ``CMD="docker run …"``); a file with none starts no container and is not parsed.
_GAP = r"""
    (?:(?:[ \t]|\\\r?\n)++
       (?:-[^\s|;&<>()]*+(?:(?:[ \t]|\\\r?\n)++(?!(?:run|create)\b)[^\s|;&<>()-][^\s|;&<>()]*+)?
         | container | compose | service | \$\S++)){0,12}
    (?:[ \t]|\\\r?\n)+(?:run|create)\b
"""
_ENGINE = r"""
    (?:\b(?:docker-compose|docker|podman|nerdctl)\b
      | \$[({]?\w*?(?:DOCKER|PODMAN|NERDCTL|ENGINE|RUNTIME|CONTAINER_CLI)\S*+
"""
_LAUNCH = lazy_pattern(_ENGINE + ")" + _GAP, re.IGNORECASE | re.VERBOSE)
# In a Makefile any variable may hold the runtime (``D ?= podman``, then ``$(D) run``).
_MAKE_LAUNCH = lazy_pattern(_ENGINE + r"| \$\$?[({]?\w+[)}]?)" + _GAP, re.IGNORECASE | re.VERBOSE)
# ... or the verb (``VERB = run``, then ``docker $(VERB)``): then the Makefile is read.
_VERB_VALUE = lazy_pattern(r"^[ \t]*[\w.-]+[ \t]*[:?+!]*=[ \t]*(?:run|create)\b", re.MULTILINE)


def screen_launches(text: str) -> bool:
    """Whether ``text`` may start a container: a runtime followed by ``run`` or
    ``create`` after options only."""
    return _LAUNCH.search(text) is not None


def screen_make_launches(text: str) -> bool:
    """:func:`screen_launches` for a Makefile, where a variable may stand for the runtime
    or the verb: a file naming a runtime where a variable is followed by ``run`` or
    ``create``, or a variable is defined as one of them, may start a container."""
    if RUNTIME_WORD.search(text) is None:
        return False
    return _MAKE_LAUNCH.search(text) is not None or _VERB_VALUE.search(text) is not None


def read_script(source: Source) -> Script:
    """The commands, launches and comments of ``source`` (parsed whatever the screen says)."""
    data = source.text.encode("utf-8", "surrogatepass")
    try:
        tree = parse(data)
    except ParseLimit as exc:
        return Script(source, (), (), (), str(exc), 0)
    walk = _Walk(source, data)
    walk.walk(tree.root_node)
    return walk.script()


def _as_written(word: Word, text: str) -> Word:
    """``word`` with each piece whose text is not the file's text at its place marked as
    not written character by character (it is then not edited in place)."""
    if all(not p.linear or text[p.start : p.end] == p.text for p in word.pieces):
        return word
    pieces = tuple(
        p if not p.linear or text[p.start : p.end] == p.text else replace(p, linear=False)
        for p in word.pieces
    )
    return Word(word.start, word.end, pieces)


def read_mapped(
    source: Source,
    text: str,
    at: Callable[[int], int],
    *,
    names: set[str] | None = None,
    where: int = 0,
) -> Script:
    """A shell text written inside another file (a CI step's ``run:``): ``at`` maps each
    byte offset of ``text`` to a code-point offset of ``source``, where every word,
    command and launch is placed.  A piece of a word whose text is not written character
    by character at its place (a line break folded, an indentation removed) is not
    edited in place.  ``names`` holds the container names already given (shared by the
    texts that form one project); ``where`` places a note about ``text``."""
    data = text.encode("utf-8", "surrogatepass")
    try:
        tree = parse(data)
    except ParseLimit as exc:
        return Script(source, (), (), (), str(exc), where)
    walk = _Walk(source, data, at)
    if names is not None:
        walk.names = names
    walk.walk(tree.root_node)
    return walk.script()


def read_embedded(source: Source, texts: Sequence[ShellText], seconds: float) -> Script:
    """The commands, launches and comments of shell texts embedded in ``source`` (a
    Makefile's recipe lines, a Markdown file's fences), each parsed on its own, as one
    script of ``source``; ``seconds`` bounds the time all their parses take."""
    walk = _Walk(source, b"")
    deadline = time.monotonic() + seconds
    for text in texts:
        data = text.text.encode("utf-8", "surrogatepass")
        try:
            tree = parse(data, seconds=max(0.0, deadline - time.monotonic()))
        except ParseLimit as exc:
            walk.problem = walk.problem or str(exc)
            walk.problem_at = text.start_of(0)
            break
        walk.data, walk.at, walk.text = data, Offsets(text.text), text
        walk.texts += 1
        walk.walk(tree.root_node)
    return walk.script()


class _Walk:
    def __init__(self, source: Source, data: bytes, at: Callable[[int], int] | None = None) -> None:
        self.source = source
        self.data = data
        self.at: Callable[[int], int] = Offsets(source.text) if at is None else at
        self.mapped = at is not None  # a text placed in the file by ``at`` (read_mapped)
        self.text: ShellText | None = None  # where an embedded text was written
        self.commands: list[Command] = []
        self.launches: list[Launch] = []
        self.comments: list[Comment] = []
        self.problem: str | None = None
        self.problem_at = 0
        self.names: set[str] = set()
        self.networks: list[NetworkDefinition] = []
        # Variables assigned a command line (CMD="docker run …"): name -> [(offset, value)].
        self.assigned: dict[str, list[tuple[int, Word]]] = {}
        self.statements: list[tuple[int, int]] = []  # assignments, for suppressions
        # What decides which containers run at once: each launch's block, the commands
        # that stop containers, the functions the script defines and the names it runs.
        self.blocks: dict[str, tuple[int, int, int] | None] = {}
        self.stops: list[int] = []
        self.functions: set[bytes] = set()
        self.called: list[tuple[int, bytes]] = []
        self.texts = 0

    def _span(self, node: Any) -> tuple[int, int]:
        """The node's code-point span in the file."""
        start, end = self.at(node.start_byte), self.at(node.end_byte)
        if self.text is None:
            return start, end
        return self.text.start_of(start), self.text.end_of(end)

    def _word(self, node: Any) -> Word:
        word = word_of(node, self.data, self.at)
        if self.text is not None:
            return self.text.word(word)
        return _as_written(word, self.source.text) if self.mapped else word

    def walk(self, root: Any) -> None:
        stack: list[tuple[Any, int]] = [(root, 0)]
        while stack:
            node, depth = stack.pop()
            kind = node.type
            if kind == "comment":
                self._comment(node)
                continue
            if node.is_error or node.is_missing:
                self._error(node)
                continue
            if depth >= MAX_DEPTH:
                self._problem(f"script nests deeper than {MAX_DEPTH} levels", node)
                continue
            if node.has_error:  # a MISSING token is unnamed: look for it among all children
                for child in node.children:
                    if child.is_missing:
                        self._error(child)
            if kind == "command":
                self._command(node)
            elif kind == "function_definition":
                name = node.child_by_field_name("name")
                if name is not None:
                    self.functions.add(self.data[name.start_byte : name.end_byte])
            elif kind == "variable_assignment":
                self._assignment(node)
            if node.child_count:
                stack.extend(
                    (child, depth + 1)
                    for child in reversed(node.named_children)
                    if child.type not in _NO_COMMANDS_INSIDE
                )

    def script(self) -> Script:
        self.commands.sort(key=lambda c: c.start)
        self.comments.sort(key=lambda c: c.start)
        self.launches.sort(key=lambda launch: launch.start)
        commands, self.commands = tuple(self.commands), []
        # A command's words are made when asked for, by a closure over this walk: the
        # walk lets go of its commands, so no cycle keeps the script's syntax tree and
        # text alive after the script is gone (freed at once, not by the collector).
        return Script(
            self.source,
            commands,
            tuple(self.launches),
            tuple(self.comments),
            self.problem,
            self.problem_at,
            tuple(sorted({(c.start, c.end) for c in commands} | set(self.statements))),
            tuple(self.networks),
            self._alive_together(),
        )

    def _alive_together(self) -> frozenset[tuple[str, str]]:
        """The pairs of containers known to run at once: the earlier started detached
        (``docker run -d``), the later started in the same list of statements after it,
        and nothing between them that may stop a container (``docker rm``, ``docker
        stop``, ``docker compose down``, or a function of the script, which might)."""
        publishing = [
            launch
            for launch in self.launches
            if launch.service.launched is not None
            and launch.service.launched.form == "container"
            and launch.service.launched.starts
            and any(port.published for port in launch.service.ports)
            and self.blocks.get(launch.service.name) is not None
        ]
        if len(publishing) < 2:
            return frozenset()
        stops = sorted([*self.stops, *(at for at, name in self.called if name in self.functions)])
        pairs = set()
        for i, first in enumerate(publishing):
            launched = first.service.launched
            if launched is None or not launched.detached:
                continue
            block = self.blocks[first.service.name]
            for later in publishing[i + 1 :]:
                if self.blocks[later.service.name] != block:
                    continue
                if any(first.end <= at < later.start for at in stops):
                    break
                pairs.add((first.service.name, later.service.name))
        return frozenset(pairs)

    def _block(self, node: Any) -> tuple[int, int, int] | None:
        """The list of statements ``node`` runs in, or None when it runs conditionally
        inside a statement (``a || b``, ``a | b``)."""
        parent = node.parent
        while parent is not None and parent.type in ("redirected_statement", "negated_command"):
            parent = parent.parent
        if parent is None or parent.type not in _STRAIGHT:
            return None
        return (self.texts, parent.start_byte, parent.end_byte)

    def _command(self, node: Any) -> None:
        name = node.child_by_field_name("name")
        start, end = self._span(node)
        if not _RUNTIME_BYTES.search(self.data, node.start_byte, node.end_byte) and not (
            name is not None and _EXPANDS.search(self.data, name.start_byte, name.end_byte)
        ):  # no launch here, nor one through a variable ($CMD, "${ENGINE}" run)
            self.commands.append(Command(None, start, end, lambda: self._words(node)))
            if name is not None:
                self.called.append((start, self.data[name.start_byte : name.end_byte]))
            return
        if name is not None:
            self.called.append((start, self.data[name.start_byte : name.end_byte]))
        words = self._words(node)
        if not words:
            return
        self.commands.append(Command(words, start, end))
        held = self._held_command(name, start)
        if held:
            words = held + words[1:]
        launch = read_launch(self.source, words, taken=self.names, span=(start, end))
        if launch is not None:
            self.launches.append(launch)
            self.names.add(launch.service.name)
            self.blocks[launch.service.name] = self._block(node)
        elif (network := read_network(self.source, words)) is not None:
            self.networks.append(network)
        elif stops_containers(words):
            self.stops.append(start)

    def _words(self, node: Any) -> tuple[Word, ...]:
        words = (
            self._word(child)
            for child in node.named_children
            if child.type not in _NOT_WORDS and child.type != "comment"
        )
        return tuple(w for w in words if w.end > w.start)

    def _assignment(self, node: Any) -> None:
        """``CMD="docker run …"``: remembered, in case ``$CMD`` is run as a command."""
        name, value = node.child_by_field_name("name"), node.child_by_field_name("value")
        self.statements.append(self._span(node))
        if name is None or value is None or not screen(value.text.decode("utf-8", "replace")):
            return
        key = name.text.decode("utf-8", "replace")
        word = self._word(value)
        self.assigned.setdefault(key, []).append((word.start, word))

    def _held_command(self, name: Any, start: int) -> tuple[Word, ...]:
        """The words of ``$CMD`` run as a command: the last value assigned before it."""
        first = name.named_children[0] if name is not None and name.named_children else None
        if first is None or first.type not in _EXPANSIONS:
            return ()
        variable = next((c for c in first.named_children if c.type == "variable_name"), None)
        if variable is None or first.type == "expansion" and first.named_child_count != 1:
            return ()
        values = self.assigned.get(variable.text.decode("utf-8", "replace"), [])
        earlier = [word for offset, word in values if offset < start]
        return split_at_blanks(earlier[-1]) if earlier else ()

    def _comment(self, node: Any) -> None:
        start, end = self._span(node)
        text = self.source.text
        line_start = text.rfind("\n", 0, start) + 1
        own_line = not text[line_start:start].strip()
        self.comments.append(Comment(text[start:end], start, end, own_line))

    def _error(self, node: Any) -> None:
        """A part the grammar could not read: worth a note only where it hides a launch."""
        around = node.parent if node.is_missing and node.parent is not None else node
        start, end = self._span(around)
        unread = self.source.text[start:end]
        # Inside a Makefile or a Markdown fence a runtime's name is often prose or output
        # (a help text in a ``sh`` fence): there only a launch's shape is worth the note.
        hides = _MAKE_LAUNCH.search(unread) if self.text is not None else screen(unread)
        if hides:
            line = self.source.position(start).line + 1
            self._problem(f"the shell grammar cannot read line {line}", node)

    def _problem(self, message: str, node: Any) -> None:
        if self.problem is None:
            self.problem = message
            self.problem_at = self._span(node)[0]
