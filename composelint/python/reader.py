"""The Python reader: the containers a Python file starts, and its command lines.

Read with the standard library's ``ast`` (positions converted to code points), so a
file costs one parse; an editor needs no second parser either (its edits are exact
spans, checked by compiling the result).  What is read:

- the Docker SDK (and podman-py, which has its API): ``containers.run`` and
  ``containers.create`` on ``<anything>.containers`` or on a name bound to one;
  ``create_container(image, host_config=<client>.create_host_config(...))``;
- testcontainers: a ``DockerContainer(image)`` (or another ``…Container`` class
  imported from ``testcontainers``) and the ``with_*`` calls on it, chained or on a
  name bound to it;
- ``subprocess.run/call/check_call/check_output/Popen``, ``os.system/popen`` and
  ``asyncio.create_subprocess_exec/shell``: their command lines (see ``argv``); list
  forms go to the docker command-line reader here.

Strings, docstrings and comments are never launches: only calls are read.
"""

from __future__ import annotations

import ast
import os
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass

from msgspec.structs import replace

from composelint.commands import Launch, read_launch
from composelint.diagnostics import Diagnostic, Severity, make
from composelint.model.container import Project, Service
from composelint.model.origin import Origin
from composelint.python.argv import OS_SHELL, SUBPROCESS, CommandLine, command_line
from composelint.python.container import ContainerBuilder, image_stem
from composelint.python.limits import edit_refusal
from composelint.python.literals import lit
from composelint.python.nodes import SDK_PORT, TC_EXPOSED, PortNode
from composelint.python.offsets import Offsets
from composelint.python.scopes import Binding, Scope, scopes, statements
from composelint.python.sdk import call_node, callee_name, read_option, read_options
from composelint.python.testcontainers import LOOPBACK_HINT, read_constructor, read_method
from composelint.source import Source, lazy_pattern


def _byte_mapper(text: str, start: int) -> Callable[[int], int]:
    """Byte offsets of ``text`` (UTF-8) to code-point offsets of the file, where ``text``
    begins at code point ``start``."""
    if text.isascii():
        return lambda offset: start + offset
    starts = [0]
    for char in text:
        starts.append(starts[-1] + len(char.encode("utf-8", "surrogatepass")))
    table = {b: i for i, b in enumerate(starts)}
    return lambda offset: start + table.get(offset, len(text))


NOTE_CODE = "CL007"
# Hostile input: a file over this many characters is not parsed (it gets the note).
MAX_CHARS = 2_000_000
# Options of create_container itself (its ports= and volumes= only declare, never publish).
_CREATE_OPTIONS = ("name", "user", "environment", "hostname", "command")
_SUPPRESSION = lazy_pattern(r"composelint\s*:", re.IGNORECASE)

# What a name can be bound to (``scopes.Binding``).
CONTAINERS, HOST_CONFIG, TESTCONTAINER = "containers", "host-config", "testcontainer"


@dataclass(frozen=True, slots=True)
class Comment:
    text: str  # with its "#"
    start: int
    end: int
    own_line: bool


@dataclass(frozen=True, slots=True)
class PythonFile:
    """What the Python reader found in one file."""

    source: Source
    containers: tuple[Service, ...]  # SDK and testcontainers containers, kind "sdk"
    launches: tuple[Launch, ...]  # docker command lines given to subprocess as a list
    commands: tuple[CommandLine, ...]  # every command line given to a process
    # Comments that may hold a suppression (those naming composelint), and what one can
    # cover: each call that starts a container or runs a command.
    comments: tuple[Comment, ...] = ()
    targets: tuple[tuple[int, int], ...] = ()
    problem: str | None = None  # why the file could not be read
    problem_at: int = 0
    refused: str | None = None  # why the Python editor will not rewrite it (python.limits)

    def settle(self, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
        """The findings as this file's forms make them: a testcontainers publish can take
        no address, so CL102 there says what to do instead, and on a random host port
        (``with_exposed_ports``, where nothing fixed can be named) it is information.
        A file the Python editor will not rewrite gets one note saying why."""
        if self.refused is not None and any(d.code != NOTE_CODE for d in diagnostics):
            note = make(
                NOTE_CODE,
                f"{self.refused}: the findings in it get no fix",
                self.source.span(0, 0),
            )
            diagnostics = [*diagnostics, note]
        if not any(d.code == "CL102" for d in diagnostics):
            return diagnostics
        ports = self._ports()
        return [self._settled(d, ports) for d in diagnostics]

    def _settled(
        self, diagnostic: Diagnostic, ports: dict[tuple[int, int], PortNode]
    ) -> Diagnostic:
        if diagnostic.code != "CL102":
            return diagnostic
        node = ports.get((diagnostic.span.start.offset, diagnostic.span.end.offset))
        if node is None or node.form == SDK_PORT:
            return diagnostic
        message = f"{diagnostic.message}; {LOOPBACK_HINT}"
        if node.form == TC_EXPOSED:
            return replace(diagnostic, message=message, severity=Severity.INFORMATION)
        return replace(diagnostic, message=message)

    def _ports(self) -> dict[tuple[int, int], PortNode]:
        return {
            (port.origin.node.start, port.origin.node.end): port.origin.node
            for container in self.containers
            for port in container.ports
            if port.origin is not None and isinstance(port.origin.node, PortNode)
        }

    def project(self) -> Project:
        """The file's containers as one project: they start together, and reach each
        other by name on a network they share."""
        path = self.source.path
        services = {s.name: s for s in self.containers}
        services.update({launch.service.name: launch.service for launch in self.launches})
        return Project(
            name=path, files=(path,), directory=os.path.dirname(path) or ".", services=services
        )

    @property
    def note(self) -> Diagnostic | None:
        """The one information-level note of a file the parser could not read."""
        if self.problem is None:
            return None
        return make(
            NOTE_CODE,
            f"{self.problem}; container launches in it may be missed (it may still run "
            "under its own Python)",
            self.source.span(self.problem_at, self.problem_at),
        )


def read_python(source: Source) -> PythonFile:
    """Read ``source`` (a file that passed :func:`~composelint.python.screen`)."""
    text = source.text
    if len(text) > MAX_CHARS:
        return PythonFile(
            source,
            (),
            (),
            (),
            problem=f"file is over the {MAX_CHARS} character limit of the Python reader",
        )
    offsets = Offsets(text)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # invalid escapes and the like: not ours to say
            tree = ast.parse(text)
    except SyntaxError as exc:
        at = offsets.at(exc.lineno or 1, max((exc.offset or 1) - 1, 0)) if exc.lineno else 0
        message = f"Python syntax this Python cannot parse ({exc.msg}, line {exc.lineno})"
        return PythonFile(source, (), (), (), problem=message, problem_at=min(at, len(text)))
    except (RecursionError, MemoryError, ValueError) as exc:
        problem = "nested too deeply to parse" if not isinstance(exc, ValueError) else str(exc)
        return PythonFile(source, (), (), (), problem=f"Python {problem}")
    return _Reader(source, offsets, tree).run()


class _Reader:
    def __init__(self, source: Source, offsets: Offsets, tree: ast.Module) -> None:
        self.source = source
        self.offsets = offsets
        self.tree = tree
        self.taken: set[str] = set()
        self.found: list[tuple[int, Service]] = []
        self.launches: list[Launch] = []
        self.commands: list[CommandLine] = []
        self.targets: list[tuple[int, int]] = []
        self.tc_names, self.tc_modules, self.process_names = _imports(tree)
        self.roots: dict[int, ast.Call] = {}  # id(with_ call or constructor) -> constructor
        self._refused: tuple[str | None] | None = None  # measured once a container is found

    def run(self) -> PythonFile:
        chains: dict[int, tuple[ast.Call, list[ast.Call]]] = {}
        for scope in scopes(self.tree, self._classify):
            for call in scope.calls:
                self._call(scope, call, chains)
        for root, methods in chains.values():
            self._testcontainer(root, methods)
        self.found.sort(key=lambda item: item[0])
        return PythonFile(
            self.source,
            tuple(service for _start, service in self.found),
            tuple(self.launches),
            tuple(self.commands),
            self._comments(),
            tuple(sorted(set(self.targets))),
            refused=self._refused[0] if self._refused is not None else None,
        )

    def refused(self) -> str | None:
        """Why the Python editor will not rewrite the file: measured for a file that
        starts a container, the first time one is found."""
        if self._refused is None:
            self._refused = (edit_refusal(self.source.text, self.tree),)
        return self._refused[0]

    # -- what a value is --------------------------------------------------------------

    def _classify(self, value: ast.expr, names: dict[str, Binding]) -> str | None:
        if isinstance(value, ast.Attribute) and value.attr == "containers":
            return CONTAINERS
        if isinstance(value, ast.Call):
            callee = callee_name(value.func)
            if callee == "create_host_config":
                return HOST_CONFIG
            if self._root(value, names) is not None:
                return TESTCONTAINER
        return None

    def _is_constructor(self, call: ast.Call) -> bool:
        func = call.func
        if isinstance(func, ast.Name):
            return func.id in self.tc_names  # another DockerContainer is not theirs
        if isinstance(func, ast.Attribute) and func.attr.endswith("Container"):
            base = func.value
            while isinstance(base, ast.Attribute):
                base = base.value
            return isinstance(base, ast.Name) and (
                base.id == "testcontainers" or base.id in self.tc_modules
            )
        return False

    def _root(self, call: ast.Call, names: dict[str, Binding]) -> ast.Call | None:
        """The testcontainers constructor a chain of ``with_*`` calls starts from."""
        path: list[ast.Call] = []
        node: ast.expr = call
        root: ast.Call | None = None
        while True:
            if isinstance(node, ast.Call) and id(node) in self.roots:
                root = self.roots[id(node)]
                break
            if isinstance(node, ast.Call) and self._is_constructor(node):
                root = node
                break
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr.startswith("with_")
            ):
                path.append(node)
                node = node.func.value
                continue
            if isinstance(node, ast.Name) and names.get(node.id, ("", None))[0] == TESTCONTAINER:
                bound = names[node.id][1]
                root = self.roots.get(id(bound)) if isinstance(bound, ast.Call) else None
                if root is None and isinstance(bound, ast.Call):
                    root = self._root(bound, {})
            break
        if root is not None:
            for member in path:
                self.roots[id(member)] = root
            self.roots[id(root)] = root
        return root

    # -- calls -----------------------------------------------------------------------

    def _call(
        self, scope: Scope, call: ast.Call, chains: dict[int, tuple[ast.Call, list[ast.Call]]]
    ) -> None:
        func = call.func
        names = scope.names
        root = self._root(call, names)
        if root is not None:
            entry = chains.setdefault(id(root), (root, []))
            if call is not root:
                entry[1].append(call)
            return
        if not isinstance(func, ast.Attribute):
            if isinstance(func, ast.Name) and func.id in self.process_names:
                self._command(call, self.process_names[func.id])
            return
        receiver = func.value
        if func.attr in ("run", "create"):
            if (isinstance(receiver, ast.Attribute) and receiver.attr == "containers") or (
                isinstance(receiver, ast.Name) and names.get(receiver.id, ("",))[0] == CONTAINERS
            ):
                self._sdk(call)
                return
        if func.attr == "create_container":
            self._low_level(call, names)
            return
        module = receiver.id if isinstance(receiver, ast.Name) else None
        if module == "subprocess" and func.attr in SUBPROCESS:
            self._command(call, f"subprocess.{func.attr}")
        elif module == "os" and func.attr in OS_SHELL:
            self._command(call, f"os.{func.attr}")
        elif module == "asyncio" and func.attr in (
            "create_subprocess_exec",
            "create_subprocess_shell",
        ):
            self._command(call, f"asyncio.{func.attr}")

    def _builder(
        self, call: ast.Call, image: ast.expr | None, given: str | None, stem: str | None = None
    ) -> ContainerBuilder:
        node = call_node(call, self.offsets)
        image_text = lit(image, self.offsets).text() if image is not None else None
        name = self._name(node.start, given, image_text, stem)
        self.targets.append((node.start, node.end))
        return ContainerBuilder(self.source, name, Origin(self.source, node), self.refused())

    def _name(self, start: int, given: str | None, image: str | None, stem: str | None) -> str:
        """The name the container is started with, else one no other container can
        reach it by: its image and line."""
        if given and given not in self.taken:
            self.taken.add(given)
            return given
        position = self.source.position(start)
        base = given or (image_stem(image) if image else stem or "container")
        name = f"{base} (line {position.line + 1})"
        if name in self.taken:
            name = f"{base} (line {position.line + 1}:{position.column})"
        self.taken.add(name)
        return name

    def _given_name(self, call: ast.Call) -> str | None:
        value = next((k.value for k in call.keywords if k.arg == "name"), None)
        return lit(value, self.offsets).text() if value is not None else None

    def _sdk(self, call: ast.Call) -> None:
        image = (
            call.args[0]
            if call.args
            else next((k.value for k in call.keywords if k.arg == "image"), None)
        )
        if image is None:
            return  # containers.run(**spec): nothing to judge
        b = self._builder(call, image, self._given_name(call))
        read_option(b, "image", lit(image, self.offsets))
        if len(call.args) > 1:
            read_option(b, "command", lit(call.args[1], self.offsets))
        read_options(b, call.keywords, self.offsets)
        self.found.append((b.origin.node.start, b.service()))

    def _low_level(self, call: ast.Call, names: dict[str, Binding]) -> None:
        config = next((k.value for k in call.keywords if k.arg == "host_config"), None)
        if isinstance(config, ast.Name) and names.get(config.id, ("",))[0] == HOST_CONFIG:
            config = names[config.id][1]
        if not (isinstance(config, ast.Call) and callee_name(config.func) == "create_host_config"):
            return  # without a host config it publishes and mounts nothing; and may be no docker
        image = (
            call.args[0]
            if call.args
            else next((k.value for k in call.keywords if k.arg == "image"), None)
        )
        b = self._builder(call, image, self._given_name(call))
        if image is not None:
            read_option(b, "image", lit(image, self.offsets))
        if len(call.args) > 1:
            read_option(b, "command", lit(call.args[1], self.offsets))
        for keyword in call.keywords:
            if keyword.arg in _CREATE_OPTIONS:
                read_option(b, keyword.arg, lit(keyword.value, self.offsets))
        read_options(b, config.keywords, self.offsets)
        self.found.append((b.origin.node.start, b.service()))

    def _testcontainer(self, root: ast.Call, methods: list[ast.Call]) -> None:
        image = (
            root.args[0]
            if root.args
            else next((k.value for k in root.keywords if k.arg == "image"), None)
        )
        given = self._given_name(root)
        for method in methods:
            if method.func.attr == "with_name" and method.args:  # type: ignore[attr-defined]
                given = lit(method.args[0], self.offsets).text() or given
        # PostgresContainer() starts its own default image: named after its class.
        callee = (callee_name(root.func) or "").removesuffix("Container").lower()
        stem = None if callee in ("", "docker") else callee
        b = self._builder(root, image, given, stem)
        read_constructor(b, root, self.offsets)
        methods.sort(key=lambda c: (c.end_lineno, c.end_col_offset))
        for method in methods:
            self.targets.append((self.offsets.start(method), self.offsets.end(method)))
            read_method(b, method, self.offsets)
        self.found.append((b.origin.node.start, b.service()))

    def _command(self, call: ast.Call, name: str) -> None:
        found = command_line(call, name, self.offsets)
        if found is None:
            return
        self.commands.append(found)
        self.targets.append((found.start, found.end))
        if found.words and all(w.value is not None for w in found.words[:1]):
            launch = read_launch(
                self.source, found.words, taken=self.taken, span=(found.start, found.end)
            )
            if launch is not None:
                self.taken.add(launch.service.name)
                self.launches.append(launch)
                self.refused()  # its values may be fixed too
        elif found.string is not None and found.string.content is not None:
            self._shell_string(*found.string.content)

    def _shell_string(self, start: int, end: int) -> None:
        """One string a shell runs (``os.system("docker run …")``, ``shell=True``), written
        character for character: read by the shell reader in place, so its launches are
        judged and fixed like a script's.  Escaped strings are not guessed at."""
        from composelint.shell import read_mapped, screen_launches  # only for such a string

        text = self.source.text[start:end]
        if not screen_launches(text):
            return

        script = read_mapped(self.source, text, _byte_mapper(text, start), names=self.taken)
        for launch in script.launches:
            self.taken.add(launch.service.name)
            self.launches.append(launch)
            self.refused()  # its values may be fixed too

    # -- suppression comments ----------------------------------------------------------

    def _comments(self) -> tuple[Comment, ...]:
        text = self.source.text
        if _SUPPRESSION.search(text) is None:
            return ()
        strings = sorted(
            (self.offsets.start(n), self.offsets.end(n))
            for n in ast.walk(self.tree)
            if isinstance(n, ast.JoinedStr)
            or isinstance(n, ast.Constant)
            and isinstance(n.value, (str, bytes))
        )
        found = []
        for match in _SUPPRESSION.finditer(text):
            line_start = max(text.rfind("\n", 0, match.start()), text.rfind("\r", 0, match.start()))
            line_start += 1
            hash_at = text.find("#", line_start, match.start())
            while hash_at != -1 and _inside(strings, hash_at):
                hash_at = text.find("#", hash_at + 1, match.start())
            if hash_at == -1:
                continue
            end = len(text)
            for stop in ("\n", "\r"):
                at = text.find(stop, hash_at)
                if at != -1:
                    end = min(end, at)
            own_line = not text[line_start:hash_at].strip()
            found.append(Comment(text[hash_at:end], hash_at, end, own_line))
        return tuple(dict.fromkeys(found))


def _inside(spans: list[tuple[int, int]], offset: int) -> bool:
    return any(start <= offset < end for start, end in spans)


def _imports(tree: ast.Module) -> tuple[set[str], set[str], dict[str, str]]:
    """Names imported from testcontainers, testcontainers module aliases, and the names
    under which subprocess/os functions are imported (``from subprocess import run``)."""
    names: set[str] = set()
    modules: set[str] = set()
    process: dict[str, str] = {}
    for node in statements(tree):  # imports are statements: no expression is walked
        if isinstance(node, ast.ImportFrom) and node.module:
            top = node.module.split(".")[0]
            for alias in node.names:
                local = alias.asname or alias.name
                if top == "testcontainers":
                    if alias.name.endswith("Container"):
                        names.add(local)
                    else:
                        modules.add(local)
                elif node.module == "subprocess" and alias.name in SUBPROCESS:
                    process[local] = f"subprocess.{alias.name}"
                elif node.module == "os" and alias.name in OS_SHELL:
                    process[local] = f"os.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "testcontainers":
                    modules.add(alias.asname or alias.name.split(".")[0])
    return names, modules, process
