"""Shell scripts in a run: read once, screened, and their containers as a project.

A script that never names a container runtime is not parsed and not reported (the
cheap screen of :mod:`composelint.shell`).  One that is parsed becomes a project of
the containers it starts, judged by the same project rules as a compose project; its
data for the fix loop's verification is the containers' compose-shaped ``data``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from composelint.compose.project import LoadedProject
from composelint.compose.tree import Tree
from composelint.diagnostics import Diagnostic, make
from composelint.source import DecodeError, Source, read_bytes

if TYPE_CHECKING:
    from composelint.shell import Script

Read = tuple[Source | None, "Script | None", list[Diagnostic]]


class ScriptCache:
    """Each shell script read, screened and parsed once per check."""

    def __init__(self, overlay: dict[str, str]) -> None:
        self.overlay = overlay
        self.read: dict[str, Read] = {}

    def get(self, path: str) -> Read:
        """(source, script, notes): no script for a file the screen turns away (nor for
        one that cannot be read, whose note says why)."""
        found = self.read.get(path)
        if found is None:
            found = self.read[path] = _read(path, self.overlay)
        return found

    def screened_out(self, path: str) -> bool:
        """Whether ``path`` is not a script this run checks (it names no runtime)."""
        _source, script, notes = self.get(path)
        return script is None and not notes


def _read(path: str, overlay: dict[str, str]) -> Read:
    from composelint.shell import MAX_SCRIPT_BYTES, NOTE_CODE, read_script, screen

    if path in overlay:
        source = Source.from_text(path, overlay[path])
    else:
        try:
            source = Source.from_bytes(path, read_bytes(path, MAX_SCRIPT_BYTES))
        except DecodeError as exc:  # too large, not text, a FIFO swapped in
            empty = Source.from_text(path, "")
            note = make(NOTE_CODE, f"cannot read {path} as a shell script: {exc}", empty.span(0, 0))
            return empty, None, [note]
        except OSError:
            return None, None, []  # the run reports it as a path that cannot be read
    if not screen(source.text):
        return source, None, []
    script = read_script(source)
    note = script.note
    return source, script, [note] if note is not None else []


def script_project(script: Script) -> LoadedProject:
    """The script's containers as a loaded project (its data: their compose-like data)."""
    project = script.project
    data = {"services": {name: service.data for name, service in project.services.items()}}
    return LoadedProject(project, Tree(data=data), [script.source.path], [])
