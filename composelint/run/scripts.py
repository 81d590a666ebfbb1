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
    from composelint.rules.host_commands import HostCommand
    from composelint.shell import Script

# Programs whose arguments do not run on this host: a container engine (``docker exec db
# psql -h localhost`` reaches the container's own loopback), a remote shell, a cluster.
_NOT_ON_HOST = frozenset(
    {"docker", "podman", "nerdctl", "docker-compose", "kubectl", "oc", "ssh", "vagrant"}
)

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

    def host_commands(self, path: str) -> tuple[HostCommand, ...]:
        """The commands the script at ``path`` runs on the host (none when ``path``
        is not a script of this run)."""
        found = self.read.get(path)
        if found is None or found[1] is None:
            return ()
        return host_commands(found[1])

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


def host_commands(script: Script) -> tuple[HostCommand, ...]:
    """The script's commands that run on the host: outside every container launch (its
    own words and a ``$(...)`` inside it), and not handed to a container engine or
    another machine.  Their words come after prefixes such as ``sudo`` or ``timeout``."""
    from composelint.commands.prefixes import strip_prefixes
    from composelint.rules.host_commands import HostCommand

    launches = [(launch.start, launch.end) for launch in script.launches]
    found = []
    for command in script.commands:
        if any(start <= command.start < end for start, end in launches):
            continue
        words = strip_prefixes(command.words)
        if not words:
            continue
        program = (words[0].value or "").rsplit("/", 1)[-1]
        if program in _NOT_ON_HOST:
            continue
        span = script.source.span(command.start, command.end)
        found.append(HostCommand(tuple(word.value for word in words), span))
    return tuple(found)
