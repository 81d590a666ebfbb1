"""Files that start containers from code: shell scripts and Python, read once, screened,
and their containers as a project.

A file that never names a container runtime is not parsed and not reported (each
reader's cheap screen).  One that is parsed becomes a project of the containers it
starts, judged by the same project rules as a compose project; its data for the fix
loop's verification is the containers' compose-shaped ``data``.
"""

from __future__ import annotations

import glob
import os
from typing import TYPE_CHECKING, Any

from msgspec.structs import replace

from composelint.compose.project import LoadedProject
from composelint.compose.tree import Tree
from composelint.diagnostics import Applicability, Diagnostic, make
from composelint.model.container import Project
from composelint.source import DecodeError, Source, read_bytes

if TYPE_CHECKING:
    from composelint.rules.host_commands import HostCommand

# Programs whose arguments do not run on this host: a container engine (``docker exec db
# psql -h localhost`` reaches the container's own loopback), a remote shell, a cluster.
_NOT_ON_HOST = frozenset(
    {"docker", "podman", "nerdctl", "docker-compose", "kubectl", "oc", "ssh", "vagrant"}
)

KINDS = ("shell", "python", "makefile", "markdown", "workflow", "gitlab")  # the kinds read here


class Read:
    """A file as read: its source, what its reader found (None when the screen turned
    it away or it could not be read), and the notes about it."""

    __slots__ = ("source", "found", "notes")

    def __init__(self, source: Source | None, found: Any, notes: list[Diagnostic]) -> None:
        self.source = source
        self.found = found  # composelint.shell.Script | composelint.python.PythonFile | None
        self.notes = notes

    @property
    def project(self) -> Project | None:
        if self.found is None:
            return None
        project = self.found.project
        found: Project = project() if callable(project) else project
        return found


class ScriptCache:
    """Each shell script, Python file and CI file read, screened and parsed once per check."""

    kinds = KINDS

    def __init__(self, overlay: dict[str, str]) -> None:
        self.overlay = overlay
        self.read: dict[str, Read] = {}
        # GitLab CI files reached through ``include: local:``: the repository root their
        # paths are relative to, and whether the including file's jobs run docker:dind.
        self.gitlab_roots: dict[str, str] = {}
        self.inherited_dind: dict[str, bool] = {}

    def get(self, path: str, kind: str) -> Read:
        found = self.read.get(path)
        if found is None:
            inherited = self.inherited_dind.get(path, False)
            found = self.read[path] = _read(path, kind, self.overlay, inherited)
        return found

    def reusable(self) -> dict[str, Read]:
        """The files read here that read the same from the same text in another check:
        not a GitLab CI file read with what the file including it says (docker:dind)."""
        return {p: r for p, r in self.read.items() if p not in self.inherited_dind}

    def gitlab_includes(self, path: str) -> list[str]:
        """The files a GitLab CI file includes from its own repository (``include:
        local:``, wildcards expanded), resolved from the directory of the
        ``.gitlab-ci.yml`` that started the chain; each remembers what it inherits."""
        read = self.read.get(path)
        if read is None or read.found is None:
            return []
        from composelint.ci import included_files

        written, dind = included_files(read.found)
        root = self.gitlab_roots.get(path, os.path.dirname(path) or ".")
        out = []
        for value in written:
            if "$" in value:
                continue  # a variable: known only when the pipeline runs
            pattern = os.path.normpath(os.path.join(root, value.lstrip("/")))
            matches = sorted(glob.glob(pattern)) if glob.has_magic(pattern) else [pattern]
            for included in matches:
                if included != path and os.path.isfile(included):
                    self.gitlab_roots.setdefault(included, root)
                    self.inherited_dind.setdefault(included, dind)
                    out.append(included)
        return out

    def screened_out(self, path: str, kind: str) -> bool:
        """Whether ``path`` is not a file this run checks (it names no runtime)."""
        read = self.get(path, kind)
        return read.found is None and not read.notes

    def host_commands(self, path: str) -> tuple[HostCommand, ...]:
        """The commands the file at ``path`` runs on the host (none when ``path`` is not
        a script or Python file of this run)."""
        read = self.read.get(path)
        if read is None or read.found is None:
            return ()
        return host_commands(read.found)

    def local_images(self, path: str) -> frozenset[str]:
        """The images the file at ``path`` builds or tags itself (none when ``path`` is
        not a script of this run)."""
        read = self.read.get(path)
        if read is None or read.found is None:
            return frozenset()
        return local_images(read.found)


_WHAT = {
    "shell": "a shell script",
    "python": "Python",
    "makefile": "a Makefile",
    "workflow": "a workflow",
    "gitlab": "a GitLab CI file",
}


def _reader(kind: str) -> tuple[Any, Any, int]:
    """(screen, read, byte limit) of a kind; each reader is imported only when needed."""
    if kind == "shell":
        from composelint.shell import MAX_SCRIPT_BYTES, read_script, screen

        return screen, read_script, MAX_SCRIPT_BYTES
    if kind == "makefile":
        from composelint.make import MAX_MAKEFILE_BYTES, read_makefile
        from composelint.make import screen as screen_makefile

        return screen_makefile, read_makefile, MAX_MAKEFILE_BYTES
    if kind == "markdown":
        from composelint.markdown import MAX_MARKDOWN_BYTES, read_markdown
        from composelint.markdown import screen as screen_markdown

        return screen_markdown, read_markdown, MAX_MARKDOWN_BYTES
    if kind == "workflow":
        from composelint.ci import MAX_CI_BYTES, read_workflow
        from composelint.ci import screen as ci_screen

        return ci_screen, read_workflow, MAX_CI_BYTES
    if kind == "gitlab":
        from composelint.ci import MAX_CI_BYTES, read_gitlab, screen_gitlab

        return screen_gitlab, read_gitlab, MAX_CI_BYTES
    from composelint.python import read_python, screen

    return screen, read_python, 4 * 1024 * 1024


def _read(path: str, kind: str, overlay: dict[str, str], inherited_dind: bool = False) -> Read:
    screen, read, limit = _reader(kind)
    what = _WHAT.get(kind, kind)
    if path in overlay:
        source = Source.from_text(path, overlay[path])
    else:
        try:
            source = Source.from_bytes(path, read_bytes(path, limit))
        except DecodeError as exc:  # too large, not text, a FIFO swapped in
            empty = Source.from_text(path, "")
            note = make("CL007", f"cannot read {path} as {what}: {exc}", empty.span(0, 0))
            return Read(empty, None, [note])
        except OSError:
            return Read(None, None, [])  # the run reports it as a path it cannot read
    if not screen(source.text):
        return Read(source, None, [])
    found = read(source, inherited_dind=True) if inherited_dind else read(source)
    note = found.note
    return Read(source, found, [note] if note is not None else [])


def script_project(read: Read) -> LoadedProject | None:
    """The file's containers as a loaded project (its data: their compose-like data);
    None when it starts none."""
    project = read.project
    if project is None or not project.services or read.source is None:
        return None
    data = {"services": {name: service.data for name, service in project.services.items()}}
    return LoadedProject(project, Tree(data=data), [read.source.path], [])


def script_projects(read: Read) -> list[LoadedProject]:
    """The file's projects: one per CI job that starts containers, else the file's one."""
    many = getattr(read.found, "projects", None)
    if many is None or read.source is None:
        one = script_project(read)
        return [] if one is None else [one]
    out = []
    for project in many:
        data = {"services": {name: s.data for name, s in project.services.items()}}
        out.append(LoadedProject(project, Tree(data=data), [read.source.path], []))
    return out


def as_read(read: Read, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """The file's findings as its reader places them (a CI job on an ephemeral runner
    lowers its port findings to information; a testcontainers publish says what to do
    instead); the same list for a reader that has nothing to add."""
    settle_found = getattr(read.found, "settle", None)
    return diagnostics if settle_found is None else list(settle_found(diagnostics))


def host_commands(found: Any) -> tuple[HostCommand, ...]:
    """The commands a script (or a Python file's ``subprocess`` calls) runs on the host:
    outside every container launch (its own words and a ``$(...)`` inside it), and not
    handed to a container engine or another machine.  Their words come after prefixes
    such as ``sudo`` or ``timeout``."""
    from composelint.commands.prefixes import strip_prefixes
    from composelint.rules.host_commands import HostCommand

    launches = [(launch.start, launch.end) for launch in found.launches]
    out = []
    for command in found.commands:
        if any(start <= command.start < end for start, end in launches):
            continue
        words = strip_prefixes(command.words)
        if not words:
            continue
        program = (words[0].value or "").rsplit("/", 1)[-1]
        if program in _NOT_ON_HOST:
            continue
        span = found.source.span(command.start, command.end)
        out.append(HostCommand(tuple(word.value for word in words), span))
    return tuple(out)


def local_images(found: Any) -> frozenset[str]:
    """The images a script builds or tags itself (``docker build -t app .``, ``docker
    tag a app:1``, a workflow's build-push-action ``tags``), as written: containers it
    then starts from them run what is in the local store, not what a registry serves."""
    from composelint.commands.prefixes import strip_prefixes

    names: set[str] = set(getattr(found, "built_images", ()))
    for command in getattr(found, "commands", ()):
        words = [w.text for w in strip_prefixes(command.words)]
        if not words or words[0].rsplit("/", 1)[-1] not in _ENGINES:
            continue
        verb = words[1] if len(words) > 1 else ""
        if verb in ("image", "buildx", "builder") and len(words) > 2:
            verb = words[2]
        if verb == "build":
            names.update(_tags(words))
        elif verb == "tag" and not words[-1].startswith("-"):
            names.add(words[-1])
    return frozenset(names)


_ENGINES = frozenset({"docker", "podman", "nerdctl"})


def _tags(words: list[str]) -> list[str]:
    """The values of ``-t``/``--tag`` in a build command."""
    found = []
    for index, word in enumerate(words):
        if word in ("-t", "--tag") and index + 1 < len(words):
            found.append(words[index + 1])
        elif word.startswith("--tag="):
            found.append(word.removeprefix("--tag="))
        elif word.startswith("-t") and len(word) > 2 and not word.startswith("--"):
            found.append(word[2:])
    return found


# What a finding in documentation adds to its message (design §9).
EXAMPLE = "an example in documentation, which readers will copy"


def as_documented(result: Any, read: Read) -> None:
    """Findings of a file whose commands are embedded in another syntax, as that kind
    reports them: no fix editing a place its reader froze (a Makefile variable other
    lines use too); in documentation, the message says the command is an example and
    fixes are unsafe (the run caps the kind's severity, see ``run.engine``)."""
    found = read.found
    frozen = getattr(found, "frozen", ())
    example = getattr(found, "example", False)
    out = []
    for diagnostic in result.diagnostics:
        changes: dict[str, Any] = {}
        fix = diagnostic.fix
        if fix is not None and frozen and any(_touches(e, frozen) for e in fix.edits):
            changes["fix"] = fix = None
        if example and diagnostic.code != "CL007":
            changes["message"] = f"{diagnostic.message} ({EXAMPLE})"
            if fix is not None and fix.applicability == Applicability.SAFE:
                changes["fix"] = replace(fix, applicability=Applicability.UNSAFE)
        out.append(replace(diagnostic, **changes) if changes else diagnostic)
    result.diagnostics = out


def _touches(edit: Any, frozen: Any) -> bool:
    return any(edit.start <= end and start <= edit.end for start, end in frozen)
