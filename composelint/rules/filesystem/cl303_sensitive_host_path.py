"""CL303 sensitive-host-path: host system directories mounted into a container."""

from __future__ import annotations

from collections.abc import Iterator

from msgspec.structs import replace

from composelint.diagnostics import Diagnostic, Severity
from composelint.rules.base import Rule, at_value, container
from composelint.rules.context import ProjectContext
from composelint.rules.filesystem.paths import (
    host_path,
    is_monitoring_agent,
    is_sensitive,
    normalize,
    socket_kind,
    what_it_holds,
)


def check(ctx: ProjectContext) -> Iterator[Diagnostic]:
    for service in ctx.services.values():
        for mount in service.volumes:
            source = host_path(mount, ctx.project)
            if source is None or socket_kind(source) or not is_sensitive(source):
                continue
            mode = "read-only" if mount.read_only else "writable"
            via = "" if mount.type == "bind" else f" through the volume '{mount.source}'"
            found = at_value(
                "CL303",
                f"{container(service)} mounts the host path {normalize(source)}{via} "
                f"({mode}), which gives the container {what_it_holds(source)}",
                mount.origin,
            )
            image = service.image.value if service.image is not None else None
            agent = isinstance(image, str) and is_monitoring_agent(image)
            if found and mount.read_only and normalize(source) == "/lib/modules":
                found = replace(
                    found,
                    message=f"{found.message}: the kernel's modules, read-only, are what a "
                    "container that loads a module reads; the power to load one is "
                    "SYS_MODULE's (CL204)",
                    severity=Severity.INFORMATION,
                )
            elif found and mount.read_only and agent:
                found = replace(
                    found,
                    message=f"{found.message}: a monitoring agent reads it by design, so "
                    "this is expected; keep it read-only and mount only what the agent collects",
                    severity=Severity.INFORMATION,
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
