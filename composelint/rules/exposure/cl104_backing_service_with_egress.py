"""CL104 backing-service-with-egress: a database, cache or queue on a network with a
route out of the host (opt-in).

A container with no ``networks:`` is on the project's default network (compose) or
Docker's default bridge (a command line): both reach the internet and the LAN.  A
network marked ``internal: true`` (``docker network create --internal``) has no route
out; an external network is made elsewhere, and what it reaches is not in the files.
"""

from __future__ import annotations

from collections.abc import Iterator

from composelint.diagnostics import Diagnostic
from composelint.model.container import Project, Service
from composelint.rules.base import HARDENING, Rule, container
from composelint.rules.context import ProjectContext
from composelint.rules.images import image_name, is_backing_image
from composelint.rules.missing import on_container

DEFAULT = "default"
# Tools named after the service they serve (postgres-exporter, redis-commander): no data.
_TOOLS = ("exporter", "ui", "admin", "commander", "insight", "backup", "dump", "cli", "client")


def is_backing_service(image: str) -> bool:
    name = image_name(image)
    return is_backing_image(image) and not name.endswith(tuple(f"-{t}" for t in _TOOLS))


def networks_of(service: Service) -> tuple[str, ...] | None:
    """The networks the container is on; None when it has no network of its own
    (``network_mode: none``, ``host``, ``service:…``, ``container:…``)."""
    mode = str(service.network_mode.value).strip() if service.network_mode else ""
    if mode and mode not in ("bridge", "default"):
        return None
    names = tuple(attachment.name for attachment in service.networks)
    return names or (DEFAULT,)


def _with_egress(project: Project, names: tuple[str, ...]) -> list[str]:
    """Those of ``names`` with a known route out: not internal, not external."""
    out = []
    for name in names:
        definition = project.networks.get(name)
        if definition is None:
            if name == DEFAULT:
                out.append(name)
            continue  # named but not defined: CL006's, or made outside the script
        if not definition.internal and not definition.external:
            out.append(name)
    return out


def check(ctx: ProjectContext) -> Iterator[Diagnostic]:
    project = ctx.project
    for service in project.services.values():
        image = service.image.value if service.image is not None else None
        if service.launched is not None and service.launched.form != "container":
            continue
        if not isinstance(image, str) or not is_backing_service(image):
            continue
        names = networks_of(service)
        if names is None:
            continue
        open_ = _with_egress(project, names)
        if not open_:
            continue
        peers = sorted(
            other.name
            for other in project.services.values()
            if other is not service and set(networks_of(other) or ()) & set(names)
        )
        where = ", ".join("the default network" if n == DEFAULT else f"'{n}'" for n in open_)
        reach = (
            f"attach the containers that reach it now ({_names(peers)}) to that network too: they "
            "then still reach it, and it reaches nothing outside"
            if peers
            else "no other container of the project shares a network with it now"
        )
        found = on_container(
            "CL104",
            f"{container(service)} ({image_name(image)}) is on {where}, with a route out "
            "of the host: a compromised database, cache or queue can reach the internet and "
            "the LAN; put it on a network with internal: true only and " + reach,
            service,
            "networks: [an internal network]",
        )
        if found:
            yield found


def _names(names: list[str]) -> str:
    if len(names) > 5:
        return ", ".join(names[:5]) + f" and {len(names) - 5} more"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


RULE = Rule(
    "CL104",
    "backing-service-with-egress",
    "backing service on a network with outbound access",
    check_project=check,
    group=HARDENING,
    docs="CL104.md",
)
