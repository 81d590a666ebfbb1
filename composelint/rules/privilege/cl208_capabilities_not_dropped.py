"""CL208 capabilities-not-dropped: a container keeps Docker's default capabilities
(no ``cap_drop: [ALL]``) (opt-in)."""

from __future__ import annotations

from collections.abc import Iterator

from composelint.diagnostics import Diagnostic
from composelint.rules.base import HARDENING, Rule, container, truthy
from composelint.rules.context import ProjectContext
from composelint.rules.missing import judged, on_container


def _drops_all(values: tuple[object, ...]) -> bool:
    return any(
        isinstance(value, str) and value.strip().upper() in ("ALL", "CAP_ALL") for value in values
    )


def check(ctx: ProjectContext) -> Iterator[Diagnostic]:
    for service in ctx.services.values():
        if not judged(service) or _drops_all(tuple(c.value for c in service.cap_drop)):
            continue
        if service.privileged is not None and truthy(service.privileged.value):
            continue  # every capability, whatever it drops: CL203's finding
        dropped = [str(c.value) for c in service.cap_drop if isinstance(c.value, str)]
        some = f" (it drops only {', '.join(dropped)})" if dropped else ""
        found = on_container(
            "CL208",
            f"{container(service)} keeps Docker's default capabilities{some}: CHOWN, "
            "DAC_OVERRIDE, SETUID, NET_RAW and the rest are there for an attacker too; "
            "drop ALL and add back the few it needs",
            service,
            "cap_drop: [ALL]",
        )
        if found:
            yield found


RULE = Rule(
    "CL208",
    "capabilities-not-dropped",
    "capabilities not dropped",
    check_project=check,
    group=HARDENING,
    docs="CL208.md",
)
