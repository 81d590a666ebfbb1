"""CL107 ports-ignored-by-network-mode: publishes that the container's network mode
makes Docker ignore.

With ``network_mode: host`` (``--network host``, ``network_mode="host"``) the container
uses the host's network stack, and with ``service:…``/``container:…`` another
container's: Docker discards its ``ports:``.  They mislead a reader about what the host
exposes (CL103 reports host networking itself), and CL101/CL102 leave them alone.
"""

from __future__ import annotations

from collections.abc import Iterator

from composelint.diagnostics import Applicability, Diagnostic, Fix, FixLevel, Severity
from composelint.model.container import Service
from composelint.model.intents import RemovePorts
from composelint.rules.base import NOT_IN_PLACE, Rule, at_key, at_value, container
from composelint.rules.context import ProjectContext
from composelint.rules.exposure.network_mode import ignoring_mode


def check(ctx: ProjectContext) -> Iterator[Diagnostic]:
    for service in ctx.services.values():
        mode = ignoring_mode(service)
        if mode is None or not service.ports:
            continue
        value = str(mode.value).strip()
        written = _written(service, value)
        if value.lower() == "host":
            why = (
                f"{written} gives it the host's network stack, where every port it listens on "
                "is already open (CL103), so Docker discards its publishes; remove them"
            )
        else:
            other = value.split(":", 1)[1]
            why = (
                f"{written} puts it in the network stack of '{other}', so Docker discards its "
                f"publishes; remove them, and publish the ports on '{other}' if the host must "
                "reach them"
            )
        message = f"the published ports of {container(service)} are ignored: {why}"
        fix = Fix("Remove the ignored ports", Applicability.UNSAFE, intent=RemovePorts(service))
        ports = service.fields.get("ports")
        if service.kind == "compose" and ports is not None and ports.origin is not None:
            found = at_key("CL107", message, ports.origin, fix=fix)
        else:
            found = at_value("CL107", message, service.ports[0].origin, fix=fix)
        if found:
            yield found


def _written(service: Service, value: str) -> str:
    """The network mode in the source's own spelling."""
    if service.kind == "compose":
        return f"'network_mode: {value}'"
    if service.kind == "sdk":
        return f'network_mode="{value}"'
    return f"'--network {value}'"


RULE = Rule(
    "CL107",
    "ports-ignored-by-network-mode",
    "ports ignored by the network mode",
    check_project=check,
    severity=Severity.INFORMATION,
    fixes=(
        FixLevel(
            Applicability.UNSAFE,
            "always: the ports publish nothing today, but someone may mean to change the "
            "network mode back and keep them",
        ),
        NOT_IN_PLACE,
    ),
    docs="CL107.md",
)
