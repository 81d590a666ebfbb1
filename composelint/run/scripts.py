"""Files that start containers from code: shell scripts and Python, read once, screened,
and their containers as a project.

A file that never names a container runtime is not parsed and not reported (each
reader's cheap screen).  One that is parsed becomes a project of the containers it
starts, judged by the same project rules as a compose project; its data for the fix
loop's verification is the containers' compose-shaped ``data``.
"""

from __future__ import annotations

from typing import Any

from composelint.compose.project import LoadedProject
from composelint.compose.tree import Tree
from composelint.config import Config
from composelint.diagnostics import Applicability, Diagnostic, Severity, make
from composelint.model.container import Project
from composelint.records import replace
from composelint.source import DecodeError, Source, read_bytes

KINDS = ("shell", "python", "makefile", "markdown")  # the kinds this module reads


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
        return project() if callable(project) else project


class ScriptCache:
    """Each shell script and Python file read, screened and parsed once per check."""

    def __init__(self, overlay: dict[str, str]) -> None:
        self.overlay = overlay
        self.read: dict[str, Read] = {}

    def get(self, path: str, kind: str) -> Read:
        found = self.read.get(path)
        if found is None:
            found = self.read[path] = _read(path, kind, self.overlay)
        return found

    def screened_out(self, path: str, kind: str) -> bool:
        """Whether ``path`` is not a file this run checks (it names no runtime)."""
        read = self.get(path, kind)
        return read.found is None and not read.notes


_WHAT = {"shell": "a shell script", "python": "Python", "makefile": "a Makefile"}


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
    from composelint.python import read_python, screen

    return screen, read_python, 4 * 1024 * 1024


def _read(path: str, kind: str, overlay: dict[str, str]) -> Read:
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
    found = read(source)
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


# What a finding in documentation adds to its message (design §9).
EXAMPLE = "an example in documentation, which readers will copy"
_DEFAULT_SEVERITY = {"markdown": Severity.INFORMATION}


def settle(result: Any, read: Read, config: Config) -> None:
    """Findings of a file whose commands are embedded in another syntax, as that kind
    reports them: no fix editing a place its reader froze (a Makefile variable other
    lines use too); in documentation, the message says the command is an example,
    fixes are unsafe and the severity is at most the kind's (information by default)."""
    found = read.found
    frozen = getattr(found, "frozen", ())
    example = getattr(found, "example", False)
    settings = config.kinds.get(result.kind)
    cap = settings.severity if settings is not None and settings.severity else None
    cap = cap or _DEFAULT_SEVERITY.get(result.kind)
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
        if cap is not None and diagnostic.severity < cap:
            changes["severity"] = cap
        out.append(replace(diagnostic, **changes) if changes else diagnostic)
    result.diagnostics = out


def _touches(edit: Any, frozen: Any) -> bool:
    return any(edit.start <= end and start <= edit.end for start, end in frozen)
