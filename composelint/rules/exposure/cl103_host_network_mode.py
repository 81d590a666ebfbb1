"""CL103 host-network-mode: ``network_mode: host``."""

from __future__ import annotations

from collections.abc import Iterator

from composelint.diagnostics import Diagnostic
from composelint.rules.base import Rule, at_value, container
from composelint.rules.context import ProjectContext


def check(ctx: ProjectContext) -> Iterator[Diagnostic]:
    for service in ctx.services.values():
        mode = service.network_mode
        if mode is not None and isinstance(mode.value, str) and mode.value.lower() == "host":
            found = at_value(
                "CL103",
                f"{container(service)} uses the host's network stack: every port it listens "
                "on is open on all host interfaces, with no publish and no isolation",
                mode.origin,
            )
            if found:
                yield found


RULE = Rule(
    "CL103",
    "host-network-mode",
    "network_mode: host",
    check_project=check,
    docs="CL103.md",
)
