"""An intent carried by one source's editor: the same dispatch for every source.

Each editor knows how to bind a publish to loopback, list a port as exposed, remove a
container's publishes and make a mount read-only in its own text; what an intent
changes in the loaded data (the paths the fix loop lets change) is the same whatever
the source.
"""

from __future__ import annotations

from collections.abc import Callable

from composelint.diagnostics import Edit
from composelint.model.container import Mount, PortMapping, Service
from composelint.model.intents import (
    NO_NEW_PRIVILEGES,
    AddSetting,
    BindLoopback,
    Intent,
    MakeReadOnly,
    MoveToExpose,
    RemovePorts,
)
from composelint.model.origin import Path

Resolved = tuple[tuple[Edit, ...], tuple[Path, ...]]
Edits = tuple[Edit, ...] | None


def carry(
    intent: Intent,
    *,
    loopback: Callable[[PortMapping, str, str], Edits],
    read_only: Callable[[Mount], Edits],
    expose: Callable[[Service, PortMapping], Edits] | None = None,
    setting: Callable[[Service, str], Edits] | None = None,
    remove_ports: Callable[[Service], Edits] | None = None,
) -> Resolved | None:
    """The edits an editor makes for ``intent`` and the data paths they may change;
    None when it has no form for the intent or no literal can carry it."""
    if isinstance(intent, BindLoopback):
        edits = loopback(intent.port, intent.v4, intent.v6)
        return (edits, (intent.port.path,)) if edits else None
    if isinstance(intent, MoveToExpose):
        if expose is None:
            return None
        edits = expose(intent.container, intent.port)
        path = intent.container.path
        return (edits, ((*path, "ports"), (*path, "expose"))) if edits else None
    if isinstance(intent, RemovePorts):
        if remove_ports is None:
            return None
        edits = remove_ports(intent.container)
        return (edits, ((*intent.container.path, "ports"),)) if edits else None
    if isinstance(intent, MakeReadOnly):
        edits = read_only(intent.mount)
        return (edits, (intent.mount.path,)) if edits else None
    if isinstance(intent, AddSetting):
        if setting is None:
            return None
        edits = setting(intent.container, intent.setting)
        key = "security_opt" if intent.setting == NO_NEW_PRIVILEGES else intent.setting
        return (edits, ((*intent.container.path, key),)) if edits else None
    return None
