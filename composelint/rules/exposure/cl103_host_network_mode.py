"""CL103 host-network-mode: ``network_mode: host``.

An image that needs the host network (the curated table ``data/host_network_images.toml``)
is reported at information severity, with why it needs it and what stays exposed."""

from __future__ import annotations

import fnmatch
import functools
from collections.abc import Iterator
from typing import Any

from msgspec import Struct
from msgspec.structs import replace

from composelint.diagnostics import Diagnostic, Severity
from composelint.model.container import Service
from composelint.rules.base import Rule, at_value, container, truthy
from composelint.rules.context import ProjectContext
from composelint.rules.images import repository


class HostNetworkImage(Struct, frozen=True):
    image: str
    why: str
    exposed: str
    source: str
    when: str | None = None  # "dhcp": only when the service shows it serves DHCP


def check(ctx: ProjectContext) -> Iterator[Diagnostic]:
    for service in ctx.services.values():
        mode = service.network_mode
        if mode is None or not isinstance(mode.value, str) or mode.value.lower() != "host":
            continue
        row = needs_host_network(service)
        if row is not None:
            found = at_value(
                "CL103",
                f"{container(service)} uses the host's network stack, which its image needs: "
                f"{row.why}; still exposed: {row.exposed}",
                mode.origin,
            )
            if found:
                yield replace(found, severity=Severity.INFORMATION)
            continue
        found = at_value(
            "CL103",
            f"{container(service)} uses the host's network stack: every port it listens "
            "on is open on all host interfaces, with no publish and no isolation",
            mode.origin,
        )
        if found:
            yield found


@functools.cache
def table() -> tuple[HostNetworkImage, ...]:
    """The rows of ``host_network_images.toml``, in order."""
    import tomllib
    from importlib.resources import files

    path = files("composelint.rules").joinpath("data/host_network_images.toml")
    rows: list[dict[str, Any]] = tomllib.loads(path.read_text("utf-8"))["image"]
    return tuple(HostNetworkImage(**row) for row in rows)


def needs_host_network(service: Service) -> HostNetworkImage | None:
    """The row of the service's image, when the service uses what needs the host network."""
    image = service.image.value if service.image is not None else None
    if not image or "$" in image:
        return None
    name = repository(image)
    for row in table():
        if fnmatch.fnmatchcase(name, row.image):
            if row.when == "dhcp" and not serves_dhcp(service):
                return None
            return row
    return None


def serves_dhcp(service: Service) -> bool:
    """DHCP evidence: ``DHCP_ACTIVE=true`` (``FTLCONF_dhcp_active``), NET_ADMIN, 67/udp or
    68/udp."""
    for key, value in service.environment.items():
        if "dhcp" in key.lower() and key.lower().endswith("active") and truthy(value.value):
            return True
    if any(str(cap.value).upper().removeprefix("CAP_") == "NET_ADMIN" for cap in service.cap_add):
        return True
    return any(
        (p.target or "").split("-")[0] in ("67", "68") and (p.protocol or "").lower() == "udp"
        for p in service.ports
    )


RULE = Rule(
    "CL103",
    "host-network-mode",
    "network_mode: host",
    check_project=check,
    docs="CL103.md",
)
