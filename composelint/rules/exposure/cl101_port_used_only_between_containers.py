"""CL101 port-used-only-between-containers: a publish that only other containers use.

Containers on one compose network reach each other by service name, so a port
that the project's own services use (``postgres://db:5432``, an nginx
``proxy_pass``) needs ``expose:``, not ``ports:``.
"""

from __future__ import annotations

from collections.abc import Iterator

from msgspec.structs import replace

from composelint.diagnostics import Applicability, Diagnostic, Fix, FixLevel, Related, Severity
from composelint.model.container import PortMapping, Service, host_port_from_variable
from composelint.model.intents import MoveToExpose
from composelint.rules.base import NOT_IN_PLACE, Rule, at_value, container
from composelint.rules.context import ProjectContext
from composelint.rules.exposure.evidence import (
    Reference,
    evidence_for,
    host_side_ports,
    host_use,
    published_port,
    references,
)
from composelint.rules.exposure.network_mode import publishes_ignored
from composelint.rules.images import is_proxy_image
from composelint.rules.public_services import public_service


def check(ctx: ProjectContext) -> Iterator[Diagnostic]:
    refs = ctx.memo("references", lambda: references(ctx))
    outside = ctx.memo("host-side-ports", lambda: host_side_ports(ctx))
    for service in ctx.services.values():
        image = str(service.image.value) if service.image else None
        if is_proxy_image(image, ctx.options.proxy_images):
            continue  # a proxy's ports are its public face
        if publishes_ignored(service):
            continue  # Docker discards them: CL107 reports them
        for mapping in service.ports:
            if mapping.error is not None or mapping.target is None:
                continue
            if public_service(image, mapping) is not None:
                continue  # other machines connect to it: CL102 tells what to put in front
            if host_port_from_variable(mapping):
                continue  # the deployer picks the host port: used from outside on purpose
            evidence = evidence_for(ctx, service, mapping, refs)
            if not evidence or published_port(mapping) in outside:
                continue
            found = _diagnostic(ctx, service, mapping, evidence)
            if found:
                yield found


def _by(ctx: ProjectContext, ref: Reference) -> str:
    """The container a reference is written in, named as messages name containers."""
    other = ctx.services.get(ref.by)
    return container(other) if other is not None else f"service '{ref.by}'"


def _describe(ctx: ProjectContext, ref: Reference) -> str:
    port = f":{ref.port}" if ref.port else ""
    return f"{_by(ctx, ref)} reaches {ref.host}{port} ({ref.what})"


def _diagnostic(
    ctx: ProjectContext, service: Service, mapping: PortMapping, evidence: list[Reference]
) -> Diagnostic | None:
    if service.kind == "compose":
        where, advice, title = (
            "the project's network",
            "use 'expose:' instead of 'ports:'",
            ("Move to expose:"),
        )
    elif service.kind == "service":  # a swarm service: its tasks are reached on overlays
        where = "an overlay network they share"
        advice = "remove the --publish (a swarm service has no --expose, and needs none)"
        title = "Use --expose"  # no edit carries it: the fix is dropped
    elif service.kind == "sdk":  # started from Python: no expose keyword to move it to
        where = "a network they share"
        advice = (
            f"leave port {mapping.target} out of the published ports (the Docker SDK's ports=, "
            "testcontainers' with_bind_ports)"
        )
        title = "Stop publishing the port"  # no edit carries it: the fix is dropped
    else:  # a container a command line starts
        where = "a network they share"
        advice = f"use '--expose {mapping.target}' instead of publishing it"
        title = "Use --expose"
    uses = "; ".join(_describe(ctx, r) for r in evidence[:3])
    related = tuple(
        Related(ref.span, f"used by {_by(ctx, ref)} here") for ref in evidence if ref.span
    )
    said = host_use(mapping.comment)
    if said is not None:
        # The file says a person uses it from outside the containers: expose: would take
        # that away.  CL102 reports the address it listens on, with the loopback bind.
        message = (
            f"port {mapping.target} of {container(service)} is published to the host, and "
            f"other containers use it too ({uses}); the file's comment says it is also used "
            f"from outside the containers ('{said}'), so keep it published instead of "
            "moving it to 'expose:'; if only the host uses it, bind it to 127.0.0.1 (CL102 "
            "reports where it listens)"
        )
        found = at_value("CL101", message, mapping.origin, related=related)
        return replace(found, severity=Severity.INFORMATION) if found else None
    message = (
        f"port {mapping.target} of {container(service)} is published to the host, but only "
        f"other containers use it ({uses}); containers on {where} reach it by name: {advice}"
    )
    # Never safe: the project's files show which containers connect, never that nothing
    # outside them does (a client on the host, an SDK's samples at localhost, another
    # application's configuration naming the host's address).
    fix = Fix(title, Applicability.UNSAFE, intent=MoveToExpose(service, mapping))
    return at_value("CL101", message, mapping.origin, fix=fix, related=related)


RULE = Rule(
    "CL101",
    "port-used-only-between-containers",
    "port published but used only by other containers",
    check_project=check,
    precision="medium",  # which container reaches which is read from evidence, not declared
    fixes=(
        FixLevel(
            Applicability.UNSAFE,
            "always: the project's own files show the containers that connect, which still "
            "reach the port by name, but never that nothing outside the containers uses "
            "the publish (a client or tool on the host, another machine)",
        ),
        NOT_IN_PLACE,
    ),
    docs="CL101.md",
)
