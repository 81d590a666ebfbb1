"""CL306 shared-mount-propagation: a bind mount whose mounts propagate back to the host."""

from __future__ import annotations

from collections.abc import Iterator

from composelint.diagnostics import Diagnostic
from composelint.rules.base import Rule, at_value, container
from composelint.rules.context import ProjectContext

SHARED = frozenset({"shared", "rshared"})


def check(ctx: ProjectContext) -> Iterator[Diagnostic]:
    for service in ctx.services.values():
        for mount in service.volumes:
            propagation = (mount.propagation or "").strip().lower()
            if propagation not in SHARED:
                continue
            found = at_value(
                "CL306",
                f"{container(service)} bind-mounts {mount.source or '?'} at "
                f"{mount.target or '?'} with {propagation} propagation: a mount made in the "
                "container appears on the host, and can hide or replace a host directory; "
                "use rslave (or the default, rprivate) unless it must mount for the host",
                mount.origin,
            )
            if found:
                yield found


RULE = Rule(
    "CL306",
    "shared-mount-propagation",
    "shared or rshared bind propagation",
    check_project=check,
    docs="CL306.md",
)
