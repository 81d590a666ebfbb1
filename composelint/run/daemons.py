"""The ``daemon.json`` files of a run: read once, and which compose project each binds.

A ``daemon.json`` is read by :func:`composelint.daemon.reader.read_daemon`; only a file
whose keys are dockerd's is judged.  A compose project checked in the same run as a
dockerd ``daemon.json`` of its repository that sets ``"ip"`` to a loopback address
publishes its ports without an address on loopback on that host: CL102 still reports
them (the file may be deployed elsewhere), and says so.  The repository of a file is
the nearest directory above it holding ``.git``, or else the command-line directory
it was found under.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Sequence

from composelint.diagnostics import Severity, make
from composelint.model.daemon import DaemonConfig
from composelint.records import field, record
from composelint.source import DecodeError, Source, read_bytes

KIND = "daemon"


@record
class DaemonCache:
    overlay: dict[str, str] = field(default_factory=dict)
    read: dict[str, object] = field(default_factory=dict)  # path -> DaemonRead

    def get(self, path: str):  # noqa: ANN201 - composelint.daemon.reader.DaemonRead
        found = self.read.get(path)
        if found is None:
            found = self.read[path] = _read(path, self.overlay)
        return found


def _read(path: str, overlay: dict[str, str]):  # noqa: ANN202
    from composelint.daemon.reader import DaemonRead, is_docker_path, read_daemon
    from composelint.records import replace

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


def repository_of(path: str, roots: Sequence[str]) -> str | None:
    """The nearest directory above ``path`` that holds ``.git``, else the first of
    ``roots`` (command-line directories) that holds it, else None."""
    here = os.path.dirname(os.path.abspath(path))
    while True:
        if os.path.exists(os.path.join(here, ".git")):
            return here
        parent = os.path.dirname(here)
        if parent == here:
            break
        here = parent
    absolute = os.path.abspath(path)
    for root in roots:
        root = os.path.abspath(root)
        if absolute.startswith(root.rstrip(os.sep) + os.sep):
            return root
    return None


def binds_loopback(config: DaemonConfig) -> bool:
    option = config.get("ip")
    if option is None or not isinstance(option.value, str):
        return False
    try:
        return ipaddress.ip_address(option.value.strip()).is_loopback
    except ValueError:
        return False


@record
class LoopbackDaemons:
    """The run's daemon.json files, and for a compose file the one that binds its
    repository's publishes to loopback."""

    paths: tuple[str, ...]  # every daemon.json the run found
    roots: tuple[str, ...]  # the command-line directories
    cache: DaemonCache
    _by_repository: dict[str | None, DaemonConfig | None] | None = None

    def for_file(self, path: str) -> DaemonConfig | None:
        if not self.paths:
            return None
        if self._by_repository is None:
            found: dict[str | None, DaemonConfig | None] = {}
            for daemon_path in sorted(self.paths):
                config = getattr(self.cache.get(daemon_path), "config", None)
                if config is not None and binds_loopback(config):
                    found.setdefault(repository_of(daemon_path, self.roots), config)
            self._by_repository = found
        repository = repository_of(path, self.roots)
        return None if repository is None else self._by_repository.get(repository)
