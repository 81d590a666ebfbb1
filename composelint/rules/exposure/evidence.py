"""Evidence that a service's port is used by other containers of its project.

Containers on one compose network reach each other by service name, so a
reference such as ``postgres://db:5432/app``, ``DB_HOST=db`` or an nginx
``proxy_pass http://backend:3000`` shows who connects where.  Collected from
the model only: environment, command, labels and mounted proxy configs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from msgspec import Struct

from composelint.model.container import Located, PortMapping, Service
from composelint.model.origin import Origin
from composelint.rules.context import ProjectContext
from composelint.rules.images import DEFAULT_PORTS, image_name, is_proxy_image
from composelint.source import Span, lazy_pattern

if TYPE_CHECKING:
    from composelint.rules.exposure.host_reach import HostReach

# A scheme starts where no scheme character precedes it: without that, a long run of
# letters is scanned to its end from each of its positions (hours for a 1 MB value).
_URL = lazy_pattern(
    r"(?<![a-zA-Z0-9+.-])[a-zA-Z][a-zA-Z0-9+.-]*://(?:[^@/\s]*@)?([A-Za-z0-9_.-]+)(?::(\d+))?"
)
_HOST_PORT = lazy_pattern(r"(?<![\w.@/-])([A-Za-z][A-Za-z0-9_.-]*):(\d{2,5})(?![\w.-])")
# DB_HOST, PGHOST, REDIS_HOSTNAME, MQ_SERVER, API_ADDR...: the value names a host.
_HOST_KEY = lazy_pattern(r"(HOST|HOSTNAME|HOSTS|SERVER|ADDR|ADDRESS|ENDPOINT)$", re.I)
_PORT_KEY = lazy_pattern(r"PORT$", re.I)
_TRAEFIK_PORT = lazy_pattern(r"^traefik\.http\.services\.[^.]+\.loadbalancer\.server\.port$", re.I)


class Reference(Struct, frozen=True):
    """Service ``by`` reaches ``host`` (on ``port`` when the text says so)."""

    by: str
    host: str
    port: int | None
    what: str  # e.g. "environment DATABASE_URL", "nginx proxy_pass"
    origin: Origin | None  # where the reference is written (its span is made on demand)

    @property
    def span(self) -> Span | None:
        return None if self.origin is None else self.origin.span


def references(ctx: ProjectContext) -> list[Reference]:
    out: list[Reference] = []
    for service in ctx.services.values():
        for key, value in service.environment.items():
            out.extend(_from_env(service, key, value))
        for located, what in ((service.command, "command"), (service.entrypoint, "entrypoint")):
            if located is not None:
                out.extend(_from_text(service.name, _text(located.value), what, located))
    traefik = [
        s.name for s in ctx.services.values() if s.image and "traefik" in str(s.image.value).lower()
    ]
    for service in ctx.services.values():
        for port, label in traefik_ports(service):
            for proxy in traefik:  # traefik forwards to the port its label names
                out.append(
                    Reference(
                        proxy,
                        service.name.lower(),
                        port,
                        "traefik loadbalancer.server.port label",
                        _origin(label),
                    )
                )
    for mounted in ctx.proxy_configs:
        for upstream in mounted.config.upstreams:
            out.append(
                Reference(
                    mounted.service,
                    upstream.host,
                    upstream.port,
                    f"{mounted.config.kind} {upstream.directive} in {mounted.path}",
                    None,
                )
            )
    return out


_LOCAL_URL = lazy_pattern(r"(?:localhost|127\.0\.0\.1|host\.docker\.internal):(\d{1,5})")


def host_side_ports(ctx: ProjectContext) -> set[int]:
    """Host ports the project's own text addresses from the host (``localhost:9001``).

    A public URL such as ``PENPOT_PUBLIC_URI=http://localhost:9001`` shows that people
    open the published port in a browser: that is outside use.  So does a script's own
    command on the host (``psql -h localhost -p 5432``, ``curl localhost:8080``).
    """
    found = {reach.port for reach in host_reaches_of(ctx)}
    for service in ctx.services.values():
        # Environment only: a command's "localhost:8000" is a bind or a healthcheck
        # inside the container, not a person on the host.
        for value in service.environment.values():
            if value.value:
                found.update(int(port) for port in _LOCAL_URL.findall(str(value.value)))
    return found


def host_reaches_of(ctx: ProjectContext) -> list[HostReach]:
    """The script's host-side commands that reach a port on loopback (none in compose)."""
    if not ctx.host_commands:
        return []  # a compose project: host_reach (and dataclasses) is not imported
    from composelint.rules.exposure.host_reach import host_reaches

    found: list[HostReach] = ctx.memo("host-reaches", lambda: host_reaches(ctx.host_commands))
    return found


def traefik_ports(service: Service) -> list[tuple[int, Located[str]]]:
    """Ports a traefik label says traefik forwards to."""
    found = []
    for key, value in service.labels.items():
        if _TRAEFIK_PORT.match(key) and value.value and str(value.value).isdigit():
            found.append((int(str(value.value)), value))
    return found


def _text(value: Any) -> str:
    if isinstance(value, list):
        return " ".join(str(v) for v in value)
    return "" if value is None else str(value)


def _origin(located: Located[Any]) -> Origin | None:
    return located.origin


def _from_env(service: Service, key: str, value: Located[Any]) -> Iterator[Reference]:
    text = "" if value.value is None else str(value.value)
    if not text:
        return
    if _HOST_KEY.search(key) and re.fullmatch(r"[A-Za-z][A-Za-z0-9_.-]*(:\d+)?", text):
        host, _sep, port = text.partition(":")
        port_value = int(port) if port else _sibling_port(service, key)
        yield Reference(
            service.name, host.lower(), port_value, f"environment {key}", _origin(value)
        )
        return
    yield from _from_text(service.name, text, f"environment {key}", value)


def _sibling_port(service: Service, host_key: str) -> int | None:
    """``DB_HOST=db`` with ``DB_PORT=5432`` (or ``PGHOST`` with ``PGPORT``) beside it."""
    stem = _HOST_KEY.sub("", host_key).rstrip("_").upper()
    for key, value in service.environment.items():
        if _PORT_KEY.search(key) and _PORT_KEY.sub("", key).rstrip("_").upper() == stem:
            text = str(value.value or "")
            if text.isdigit():
                return int(text)
    return None


def _from_text(by: str, text: str, what: str, located: Located[Any]) -> Iterator[Reference]:
    seen: set[tuple[str, int | None]] = set()
    for match in _URL.finditer(text):
        host, port = match.group(1).lower(), match.group(2)
        item = (host, int(port) if port and len(port) <= 5 else None)
        if item not in seen:
            seen.add(item)
            yield Reference(by, item[0], item[1], what, _origin(located))
    for match in _HOST_PORT.finditer(text):
        item = (match.group(1).lower(), int(match.group(2)))
        if item not in seen and not any(item[0] == h for h, _p in seen):
            seen.add(item)
            yield Reference(by, item[0], item[1], what, _origin(located))


def names_of(service: Service) -> set[str]:
    """Every name other containers can reach the service by."""
    names = {service.name.lower()}
    for key in ("container_name", "hostname"):
        value = service.data.get(key)
        if isinstance(value, str):
            names.add(value.lower())
    networks = service.data.get("networks")
    if isinstance(networks, dict):
        for config in networks.values():
            if isinstance(config, dict) and isinstance(config.get("aliases"), list):
                names.update(str(a).lower() for a in config["aliases"])
    return names


def published_port(mapping: PortMapping) -> int | None:
    """The single host port a mapping publishes, when it is one number."""
    published = mapping.published or ""
    return int(published) if published.isdigit() else None


def port_numbers(mapping: PortMapping) -> tuple[int, int] | None:
    """The container port range of a mapping, or None when it is not numeric."""
    target = mapping.target
    if target is None:
        return None
    low, _sep, high = target.partition("-")
    if not low.isdigit() or (high and not high.isdigit()):
        return None
    return int(low), int(high or low)


def evidence_for(
    ctx: ProjectContext, service: Service, mapping: PortMapping, refs: list[Reference]
) -> list[Reference]:
    """References from other services that reach this mapping's container port."""
    ports = port_numbers(mapping)
    if ports is None:
        return []
    names = names_of(service)
    image = service.image.value if service.image else None
    default_port = DEFAULT_PORTS.get(image_name(image if isinstance(image, str) else None))
    only_port = len(service.ports) == 1
    found = []
    for ref in refs:
        if ref.by == service.name or ref.host not in names:
            continue
        if not reaches_by_name(ctx, ref.by, service):
            continue
        if ref.port is not None:
            if ports[0] <= ref.port <= ports[1]:
                found.append(ref)
        elif default_port is not None:
            if ports[0] <= default_port <= ports[1]:
                found.append(ref)
        elif only_port:  # "DB_HOST=db" and db publishes a single port: that one
            found.append(ref)
    return found


# Docker's own networks: on these a container is not found by name (default bridge).
_UNNAMED_NETWORKS = frozenset({"bridge", "host", "none", "default"})


def reaches_by_name(ctx: ProjectContext, by: str, service: Service) -> bool:
    """Whether container ``by`` can find ``service`` by name.  A compose project's
    services share its network; containers started one by one (``docker run``) do only
    on a user-defined network they both join, or through ``--link``."""
    if service.kind == "compose":
        return True
    other = ctx.services.get(by)
    if other is None:
        return False
    if service.name in other.links:
        return True
    mine = {n.name for n in service.networks} - _UNNAMED_NETWORKS
    return bool(mine & {n.name for n in other.networks})


def fronted_by_proxy(
    ctx: ProjectContext, service: Service, mapping: PortMapping, refs: list[Reference]
) -> bool:
    """Whether a reverse proxy of the project forwards to this publish's container port
    (a proxy that forwards to the service's web port says nothing of its other ports:
    a DNS server's 53 beside its admin page)."""
    proxies = ctx.memo("proxy-services", lambda: _proxy_services(ctx))  # once, not per service
    if any(r.by in proxies for r in evidence_for(ctx, service, mapping, refs)):
        return True
    ports = port_numbers(mapping)
    labelled = [port for port, _value in traefik_ports(service)]
    if ports is None or not any(ports[0] <= port <= ports[1] for port in labelled):
        return False
    return bool(
        ctx.memo(
            "traefik-in-project",
            lambda: any(
                "traefik" in p
                for p in proxies | {str(s.image.value) for s in ctx.services.values() if s.image}
            ),
        )
    )


def _proxy_services(ctx: ProjectContext) -> frozenset[str]:
    return frozenset(
        s.name
        for s in ctx.services.values()
        if s.image and is_proxy_image(str(s.image.value), ctx.options.proxy_images)
    )


# What a comment written with a publish says of a person using it from outside the
# containers: from the host, on localhost, for debugging, in a browser or a UI.
_HOST_USE = lazy_pattern(
    r"\bfrom\s+(?:the\s+|your\s+)?(?:docker\s+)?host\b"
    r"|\blocalhost\b|\b127\.0\.0\.1\b"
    r"|\bdebug(?:ging)?\b"
    r"|\b(?:user|web|admin)\s+(?:interface|ui|panel|console)\b|\bweb\s?ui\b|\bdashboard\b"
    r"|\bbrowser\b|\bfauxton\b"
    r"|\bdev(?:elopment)?\s+env(?:ironment)?s?\b"
    r"|\baccess(?:ible)?\s+(?:it\s+)?from\s+(?:the\s+)?(?:host|outside)\b",
    re.IGNORECASE,
)


def host_use(comment: str | None) -> str | None:
    """The words of a publish's comment that say a person uses the port from outside
    the containers, or None."""
    if not comment:
        return None
    found = _HOST_USE.search(comment)
    return found.group(0) if found else None
