"""CL407 no-resource-limits: a container with no memory or no pids limit (opt-in)."""

from __future__ import annotations

from collections.abc import Iterator

from composelint.diagnostics import Diagnostic
from composelint.model.container import Located
from composelint.rules.base import HARDENING, Rule, container
from composelint.rules.context import ProjectContext
from composelint.rules.missing import judged, on_container

_UNLIMITED = frozenset({"", "0", "-1", "0b", "0m", "0g", "none"})


def _limited(limit: Located[object] | None) -> bool:
    if limit is None:
        return False
    if limit.depends_on_env:
        return True  # decided where it runs
    return str(limit.value).strip().lower() not in _UNLIMITED


def check(ctx: ProjectContext) -> Iterator[Diagnostic]:
    for service in ctx.services.values():
        if not judged(service):
            continue
        missing = []
        if not _limited(service.limits.memory):
            missing.append("memory")
        if not _limited(service.limits.pids):
            missing.append("pids")
        if not missing:
            continue
        what = " and no ".join(missing)
        keys = {"memory": "mem_limit", "pids": "pids_limit"}
        if service.launched is not None:
            keys = {"memory": "--memory", "pids": "--pids-limit"}
        add = " and ".join(keys[m] for m in missing)
        found = on_container(
            "CL407",
            f"{container(service)} has no {what} limit: a leak, a fork bomb or an attacker "
            "in it can starve every other container and the host; set " + add,
            service,
            add,
        )
        if found:
            yield found


RULE = Rule(
    "CL407",
    "no-resource-limits",
    "no memory or pids limit",
    check_project=check,
    group=HARDENING,
    docs="CL407.md",
)
