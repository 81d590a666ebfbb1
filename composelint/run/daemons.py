"""The ``daemon.json`` files of a run: read once, and which compose project each binds.

A ``daemon.json`` is read by :func:`composelint.daemon.reader.read_daemon`; only a file
whose keys are dockerd's is judged.  A compose project checked in the same run as a
dockerd ``daemon.json`` of its repository that sets ``"ip"`` to a loopback address
publishes its ports without an address on loopback on the hosts that get it: CL102
still reports them (the compose file may run elsewhere), and says so.  The repository
of a file is the nearest directory above it holding ``.git``; without one, nothing
says that two files go together.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Sequence
from typing import TYPE_CHECKING

from msgspec import Struct, field

from composelint.diagnostics import Severity, make
from composelint.model.daemon import LoopbackDefault
from composelint.source import DecodeError, Source, read_bytes

if TYPE_CHECKING:  # the reader is imported when a daemon.json is read
    from composelint.daemon.reader import DaemonRead
    from composelint.model.daemon import DaemonConfig

KIND = "daemon"


class DaemonCache(Struct):
    overlay: dict[str, str] = field(default_factory=dict)
    read: dict[str, DaemonRead] = field(default_factory=dict)

    def get(self, path: str) -> DaemonRead:
        found = self.read.get(path)
        if found is None:
            found = self.read[path] = _read(path, self.overlay)
        return found


def _read(path: str, overlay: dict[str, str]) -> DaemonRead:
    from msgspec.structs import replace

    from composelint.daemon.reader import DaemonRead, is_docker_path, read_daemon

    empty = Source.from_text(path, "")
    try:
        if path in overlay:
            source = Source.from_text(path, overlay[path])
        else:
            source = Source.from_bytes(path, read_bytes(path))
    except DecodeError as exc:
        note = make("CL001", f"cannot read {path}: {exc}; not checked", empty.span(0, 0))
        if not is_docker_path(path):
            note = replace(note, severity=Severity.INFORMATION)
        return DaemonRead(None, None, [note], judged=True)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        note = make("CL001", f"cannot read {path}: {reason}", empty.span(0, 0))
        return DaemonRead(None, None, [note], judged=True)
    return read_daemon(source)


def repository_of(path: str) -> str | None:
    """The nearest directory above ``path`` that holds ``.git``: its repository."""
    here = os.path.dirname(os.path.abspath(path))
    while True:
        if os.path.exists(os.path.join(here, ".git")):
            return here
        parent = os.path.dirname(here)
        if parent == here:
            return None
        here = parent


def loopback_address(config: DaemonConfig) -> str | None:
    """The loopback address ``config``'s ``"ip"`` sets, else None."""
    option = config.get("ip")
    if option is None or not isinstance(option.value, str):
        return None
    try:
        loopback = ipaddress.ip_address(option.value.strip()).is_loopback
    except ValueError:
        return None
    return option.value.strip() if loopback else None


Defaults = tuple[tuple[str, LoopbackDefault], ...]  # (repository, its daemon.json)


def loopback_defaults(paths: Sequence[str]) -> Defaults:
    """The daemon.json files among ``paths`` that bind to loopback, by repository.

    Read from disk once, when the run starts: every share of the run (a batch, a fix
    pass, a worker) judges its compose files by the same texts, whatever a fix of the
    daemon.json writes meanwhile."""
    cache = DaemonCache()
    found: dict[str, LoopbackDefault] = {}
    for path in sorted(paths):
        config = getattr(cache.get(path), "config", None)
        address = None if config is None else loopback_address(config)
        repository = None if address is None else repository_of(path)
        if address is not None and repository is not None:
            found.setdefault(repository, LoopbackDefault(path, address))
    return tuple(sorted(found.items()))


def default_for(defaults: Defaults, path: str) -> LoopbackDefault | None:
    """The loopback default of ``path``'s repository, if the run has one."""
    if not defaults:
        return None
    repository = repository_of(path)
    return next((d for r, d in defaults if r == repository), None)
