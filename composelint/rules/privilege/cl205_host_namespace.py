"""CL205 host-namespace: ``pid``/``ipc``/``uts: host`` and ``userns_mode: host``."""

from __future__ import annotations

from collections.abc import Iterator

from composelint.diagnostics import Diagnostic
from composelint.rules.base import Rule, at_value, container
from composelint.rules.context import ProjectContext

_WHAT = {
    "pid": "sees and can signal every process of the host",
    "ipc": "shares the host's shared memory and semaphores",
    "uts": "can change the host's hostname",
    "userns_mode": "runs without user-namespace remapping, as the host's root",
}


def check(ctx: ProjectContext) -> Iterator[Diagnostic]:
    for service in ctx.services.values():
        for key, located in (
            ("pid", service.pid),
            ("ipc", service.ipc),
            ("uts", service.uts),
            ("userns_mode", service.userns_mode),
        ):
            if located is None or not isinstance(located.value, str):
                continue
            if located.value.lower() != "host":
                continue
            found = at_value(
                "CL205",
                f"{container(service)} uses the host's {key.removesuffix('_mode')} namespace "
                f"({key}: host): it {_WHAT[key]}",
                located.origin,
            )
            if found:
                yield found


RULE = Rule(
    "CL205",
    "host-namespace",
    "host namespaces",
    check_project=check,
    docs="CL205.md",
)
