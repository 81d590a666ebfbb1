"""CL302 docker-socket-mounted: the engine's API socket given to a container."""

from __future__ import annotations

from collections.abc import Iterator

from composelint.diagnostics import Diagnostic, Severity
from composelint.model.container import Service
from composelint.rules.base import Rule, at_value, container, truthy
from composelint.rules.context import ProjectContext
from composelint.rules.filesystem.paths import host_path, is_socket_proxy, socket_kind


def check(ctx: ProjectContext) -> Iterator[Diagnostic]:
    for service in ctx.services.values():
        for mount in service.volumes:
            source = host_path(mount, ctx.project)
            if source is None:
                continue
            kind = socket_kind(source)
            if kind is None:
                continue
            via = "" if mount.type == "bind" else f" through the volume '{mount.source}'"
            ro = (
                " (':ro' does not help: the socket is an API, and reading it is controlling it)"
                if mount.read_only
                else ""
            )
            image = service.image.value if service.image else None
            if is_socket_proxy(image):
                message = (
                    f"{container(service)} is a socket proxy holding the container engine's "
                    f"socket {kind}{via}: it limits what its clients may call "
                    f"({_sections(service)}), but the proxy itself holds the whole API, so "
                    "whoever controls it controls every container and the host; keep it on an "
                    "internal network with nothing published"
                )
            else:
                message = (
                    f"{container(service)} mounts the container engine's socket {kind}{via}: "
                    f"whoever controls the container controls every container and the host{ro}; "
                    "give it a socket proxy instead (tecnativa/docker-socket-proxy with only "
                    "the API sections it reads, writes refused) on an internal network, or run "
                    "the engine rootless so the socket grants no more than its user has"
                )
            found = at_value("CL302", message, mount.origin)
            if found:
                yield found


def _sections(service: Service) -> str:
    """The API sections a socket proxy's environment opens (``CONTAINERS=1``)."""
    opened = sorted(
        name
        for name, value in service.environment.items()
        if name.isupper() and value.value is not None and truthy(value.value)
    )
    writes = "POST" in opened
    if not opened:
        return "none is opened in its environment, so only the proxy's defaults"
    return f"it opens {', '.join(opened)}" + ("" if writes else " and refuses writes")


RULE = Rule(
    "CL302",
    "docker-socket-mounted",
    "Docker socket mounted",
    check_project=check,
    severity=Severity.ERROR,
    docs="CL302.md",
)
