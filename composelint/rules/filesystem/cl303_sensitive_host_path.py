"""CL303 sensitive-host-path: host system directories mounted into a container."""

from __future__ import annotations

from collections.abc import Iterator

from composelint.diagnostics import Diagnostic
from composelint.rules.base import Rule, at_value, container
from composelint.rules.context import ProjectContext
from composelint.rules.filesystem.paths import is_sensitive, normalize, socket_kind


def check(ctx: ProjectContext) -> Iterator[Diagnostic]:
    for service in ctx.services.values():
        for mount in service.volumes:
            if mount.type != "bind" or not mount.source or socket_kind(mount.source):
                continue
            if not is_sensitive(mount.source):
                continue
            mode = "read-only" if mount.read_only else "writable"
            found = at_value(
                "CL303",
                f"{container(service)} mounts the host path {normalize(mount.source)} "
                f"({mode}): it exposes the host's system files to the container",
                mount.origin,
            )
            if found:
                yield found


RULE = Rule(
    "CL303",
    "sensitive-host-path",
    "sensitive host path mounted",
    check_project=check,
    docs="CL303.md",
)
