"""CL302 docker-socket-mounted: the engine's API socket given to a container."""

from __future__ import annotations

from collections.abc import Iterator

from composelint.diagnostics import Diagnostic, Severity
from composelint.rules.base import Rule, at_value, container
from composelint.rules.context import ProjectContext
from composelint.rules.filesystem.paths import socket_kind


def check(ctx: ProjectContext) -> Iterator[Diagnostic]:
    for service in ctx.services.values():
        for mount in service.volumes:
            if mount.type != "bind" or not mount.source:
                continue
            kind = socket_kind(mount.source)
            if kind is None:
                continue
            ro = (
                " (':ro' does not help: the socket is an API, and reading it is controlling it)"
                if mount.read_only
                else ""
            )
            found = at_value(
                "CL302",
                f"{container(service)} mounts the container engine's socket {kind}: "
                f"whoever controls the container controls every container and the host{ro}",
                mount.origin,
            )
            if found:
                yield found


RULE = Rule(
    "CL302",
    "docker-socket-mounted",
    "Docker socket mounted",
    check_project=check,
    severity=Severity.ERROR,
    docs="CL302.md",
)
