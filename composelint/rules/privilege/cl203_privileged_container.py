"""CL203 privileged-container: ``privileged: true``."""

from __future__ import annotations

from collections.abc import Iterator

from composelint.diagnostics import Diagnostic, Severity
from composelint.rules.base import Rule, at_value, container, truthy
from composelint.rules.context import ProjectContext


def check(ctx: ProjectContext) -> Iterator[Diagnostic]:
    for service in ctx.services.values():
        flag = service.privileged
        if flag is not None and truthy(flag.value):
            found = at_value(
                "CL203",
                f"{container(service)} runs privileged: it gets every capability and every "
                "host device, so a compromise of the container is a compromise of the host",
                flag.origin,
            )
            if found:
                yield found


RULE = Rule(
    "CL203",
    "privileged-container",
    "privileged: true",
    check_project=check,
    severity=Severity.ERROR,
    docs="CL203.md",
)
