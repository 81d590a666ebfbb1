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
from composelint.diagnostics import Diagnostic, make
from composelint.model.container import Project
from composelint.source import DecodeError, Source, read_bytes

KINDS = ("shell", "python")  # the kinds this module reads


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


def _reader(kind: str) -> tuple[Any, Any, int]:
    """(screen, read, byte limit) of a kind; each reader is imported only when needed."""
    if kind == "shell":
        from composelint.shell import MAX_SCRIPT_BYTES, read_script, screen

        return screen, read_script, MAX_SCRIPT_BYTES
    from composelint.python import read_python, screen

    return screen, read_python, 4 * 1024 * 1024


def _read(path: str, kind: str, overlay: dict[str, str]) -> Read:
    screen, read, limit = _reader(kind)
    what = "a shell script" if kind == "shell" else "Python"
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
