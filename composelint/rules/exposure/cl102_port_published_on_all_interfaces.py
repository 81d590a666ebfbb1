"""CL102 port-published-on-all-interfaces: a publish without a loopback address."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import TYPE_CHECKING

from msgspec.structs import replace

from composelint.diagnostics import (
    Applicability,
    Diagnostic,
    Fix,
    FixLevel,
    Related,
    Severity,
)
from composelint.model.container import PortMapping, Service, binding, host_port_from_variable
from composelint.model.daemon import LoopbackDefault
from composelint.model.intents import BindLoopback
from composelint.rules.base import NOT_IN_PLACE, Rule, at_value, container
from composelint.rules.context import ProjectContext
from composelint.rules.exposure.evidence import (
    evidence_for,
    fronted_by_proxy,
    host_reaches_of,
    host_side_ports,
    host_use,
    published_port,
    references,
)
from composelint.rules.exposure.network_mode import publishes_ignored
from composelint.rules.images import is_backing_image, is_proxy_image
from composelint.rules.public_services import PortRange, public_service

if TYPE_CHECKING:
    from composelint.rules.exposure.host_reach import HostReach

PUBLIC_PROXY_PORTS = frozenset({80, 443, 8443})


def check(ctx: ProjectContext) -> Iterator[Diagnostic]:
    refs = ctx.memo("references", lambda: references(ctx))
    outside = ctx.memo("host-side-ports", lambda: host_side_ports(ctx))
    for service in ctx.services.values():
        if publishes_ignored(service):
            continue  # Docker discards them: CL107 reports them
        image = ctx.image_of(service)
        proxy = is_proxy_image(image, ctx.options.proxy_images)
        for mapping in service.ports:
            if mapping.error is not None:
                continue
            bound = binding(mapping)
            if not bound.wildcard and not bound.depends_on_env:
                continue
            if proxy and public_proxy_port(mapping):
                continue
            public = public_service(image, mapping)
            if public is not None:  # reached from other machines on purpose
                found = _public_diagnostic(service, mapping, *public)
                if found:
                    yield found
                continue
            used = bool(evidence_for(ctx, service, mapping, refs)) and not proxy
            chosen = host_port_from_variable(mapping)  # the deployer's port: used outside
            said = host_use(mapping.comment)  # the file says a person uses it outside
            if used and published_port(mapping) not in outside and not chosen and not said:
                continue  # CL101 reports it: the port needs no publish at all
            reached = _reached_from_host(ctx, mapping)
            # Binding to loopback keeps working what the files show: the containers that
            # use it by name and the script's own commands on the host.
            fronted = fronted_by_proxy(ctx, service, mapping, refs)
            safe = is_backing_image(image) or fronted or (used and bool(reached))
            safe = safe and not _explicit_wildcard(mapping)  # the owner chose it
            found = _diagnostic(ctx, service, mapping, bound.depends_on_env, safe, reached)
            if found:
                yield found


def public_on_purpose(
    image: str | None, mapping: PortMapping, proxy_images: tuple[str, ...]
) -> bool:
    """Whether other machines reach this publish on purpose: a reverse proxy's public web
    port, or a port of the public-service table (a DNS server's 53, WireGuard's 51820)."""
    if is_proxy_image(image, proxy_images) and public_proxy_port(mapping):
        return True
    return public_service(image, mapping) is not None


def public_proxy_port(mapping: PortMapping) -> bool:
    """A proxy's public web port: host port 80, 443 or 8443 (``8080:80`` is not one, nor
    is ``"80"``, whose host port Docker picks), or a host port left to the environment in
    front of container port 80, 443 or 8443."""
    published = (mapping.published or "").strip()
    if published.isdigit():
        return int(published) in PUBLIC_PROXY_PORTS
    # A host port that an unset variable gives ("${HTTPS_PORT}:443") is chosen where the
    # stack is deployed: the container port tells what it is for.
    target = (mapping.target or "").strip()
    return _host_port_unset(mapping) and target.isdigit() and int(target) in PUBLIC_PROXY_PORTS


def _host_port_unset(mapping: PortMapping) -> bool:
    """Whether the host port is written with a variable the environment leaves unset
    (``${HTTPS_PORT}:443``): it resolves to nothing."""
    return host_port_from_variable(mapping) and not (mapping.published or "").strip()


def _explicit_wildcard(mapping: PortMapping) -> bool:
    """Whether the publish writes ``0.0.0.0`` or ``::`` itself (not a variable's default)."""
    if (mapping.host_ip or "").strip() not in ("0.0.0.0", "::", "[::]"):
        return False
    interpolated = mapping.origin.interpolated if mapping.origin is not None else None
    variables = getattr(interpolated, "variables", ()) or ()
    # A variable at the start of the value gives the address (a command line's
    # expansions are those of the address only, and carry no offset).
    return not any(getattr(variable, "start", 0) == 0 for variable in variables)


def _public_diagnostic(
    service: Service, mapping: PortMapping, served: PortRange, why: str
) -> Diagnostic | None:
    port = mapping.published or mapping.target
    protocol = f"/{mapping.protocol}" if mapping.protocol else ""
    message = (
        f"port {port}{protocol} of {container(service)} is published on all host interfaces, "
        f"and that looks deliberate: {why} ({served}), and bound to loopback it would stop "
        "working. Docker's NAT rules bypass the host firewall (ufw, firewalld), so put a "
        "filter in front of it: a rule in the DOCKER-USER iptables chain (or a firewall in "
        "front of the host) that admits only the networks that must connect"
    )
    found = at_value("CL102", message, mapping.origin)
    return None if found is None else replace(found, severity=Severity.INFORMATION)


def _reached_from_host(ctx: ProjectContext, mapping: PortMapping) -> list[HostReach]:
    """The script's host-side commands that reach this publish's host port."""
    port = published_port(mapping)
    return [reach for reach in host_reaches_of(ctx) if port is not None and reach.port == port]


def _diagnostic(
    ctx: ProjectContext,
    service: Service,
    mapping: PortMapping,
    depends_on_env: bool,
    safe: bool,
    reached: list[HostReach],
) -> Diagnostic | None:
    port = mapping.published or mapping.target
    if service.kind == "service":  # a swarm publish has no host address to bind
        return at_value("CL102", _swarm_message(service, port), mapping.origin)
    if depends_on_env:
        message = (
            f"port {port} of {container(service)} is published on an address that depends "
            "on the environment (a variable without a default): unset, it is all host interfaces"
        )
        return at_value("CL102", message, mapping.origin)
    message = (
        f"port {port} of {container(service)} is published on all host interfaces: Docker's "
        "NAT rules bypass the host firewall (ufw, firewalld), so anyone who reaches the host "
        f"reaches it; bind it to {ctx.options.loopback_v4} unless other machines must connect"
    )
    daemon = ctx.daemon_loopback
    if daemon is not None and not (mapping.host_ip or "").strip():
        message = _loopback_daemon_message(ctx, service, mapping, daemon)
    elif reached:
        first = reached[0]
        line = first.span.start.line + 1
        message = (
            f"port {port} of {container(service)} is published on all host interfaces, where "
            "Docker's NAT rules bypass the host firewall (ufw, firewalld); this script reaches "
            f"it from the host ({first.command}, line {line}): bind it to "
            f"{ctx.options.loopback_v4}, which keeps that working"
        )
    fix = None
    if not _fix_would_repeat(ctx, service, mapping):  # compose refuses duplicate items
        fix = Fix(
            f"Bind to {ctx.options.loopback_v4}",
            Applicability.SAFE if safe else Applicability.UNSAFE,
            intent=BindLoopback(mapping, ctx.options.loopback_v4, ctx.options.loopback_v6),
        )
    related: tuple[Related, ...] = tuple(
        Related(reach.span, f"reached from the host by {reach.command} here") for reach in reached
    )
    if mapping.origin is not None and mapping.origin.via:
        related = (Related(mapping.origin.span, "the value is written here and shared"),)
    return at_value("CL102", message, mapping.origin, fix=fix, related=related)


def _swarm_message(service: Service, port: str | None) -> str:
    return (
        f"port {port} of {container(service)} is published by the swarm on all interfaces of "
        "every node (the routing mesh; with mode=host, of each node that runs a task), and a "
        "swarm publish has no host address to bind; Docker's NAT rules bypass the host "
        "firewall, so filter in front of it: a rule in the DOCKER-USER iptables chain that "
        "admits only the clients that must connect, or a firewall in front of the nodes; or do "
        "not publish it and reach it from other services over an overlay network"
    )


def _loopback_daemon_message(
    ctx: ProjectContext, service: Service, mapping: PortMapping, daemon: LoopbackDefault
) -> str:
    """The message for a publish without an address in a repository whose daemon.json
    binds such publishes to loopback: it is loopback only on the hosts that get it."""
    port = mapping.published or mapping.target
    address = daemon.address
    where = daemon.path
    if mapping.origin is not None:
        where = os.path.relpath(daemon.path, os.path.dirname(mapping.origin.path) or ".")
    return (
        f"port {port} of {container(service)} is published without an address: this "
        f"repository's daemon config ({where}) binds it to loopback ({address}), but on a host "
        "without that config it is on all host interfaces, where Docker's NAT rules bypass the "
        f"host firewall; bind it to {ctx.options.loopback_v4} here too unless other machines "
        "must connect"
    )


def _fix_would_repeat(ctx: ProjectContext, service: Service, mapping: PortMapping) -> bool:
    """Whether binding ``mapping`` to loopback would repeat another item of the service:
    one already there, or an earlier one that its own fix binds there."""
    ipv6 = binding(mapping).ipv6
    loopback = (ctx.options.loopback_v6 if ipv6 else ctx.options.loopback_v4).strip("[]")
    same_port = ctx.memo(f"CL102 ports of {service.name}", lambda: _ports_by_number(service))
    earlier = True
    for other in same_port[_port(mapping)]:
        if other is mapping:
            earlier = False
            continue
        if (other.host_ip or "").strip("[]") == loopback:
            return True
        bound = binding(other)
        if earlier and bound.wildcard and bound.ipv6 == ipv6:
            return True
    return False


def _port(mapping: PortMapping) -> tuple[str | None, str | None, str]:
    return mapping.published, mapping.target, mapping.protocol or "tcp"


def _ports_by_number(
    service: Service,
) -> dict[tuple[str | None, str | None, str], list[PortMapping]]:
    """The service's publishes grouped by (published, target, protocol), in order."""
    groups: dict[tuple[str | None, str | None, str], list[PortMapping]] = {}
    for mapping in service.ports:
        if mapping.error is None:
            groups.setdefault(_port(mapping), []).append(mapping)
    return groups


RULE = Rule(
    "CL102",
    "port-published-on-all-interfaces",
    "publish bound to all interfaces",
    check_project=check,
    fixes=(
        FixLevel(
            Applicability.SAFE,
            "for a backing service (database, cache, queue) or a service a proxy of the "
            "project fronts",
        ),
        FixLevel(
            Applicability.UNSAFE,
            "otherwise (a service published on all interfaces may be meant for other machines)",
        ),
        NOT_IN_PLACE,
    ),
    docs="CL102.md",
)
