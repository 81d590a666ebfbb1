"""CL503 daemon-icc-enabled: inter-container traffic on the default bridge (opt-in)."""

from __future__ import annotations

from collections.abc import Iterator

from composelint.diagnostics import Diagnostic
from composelint.rules.base import HARDENING, Rule
from composelint.rules.context import DaemonContext
from composelint.rules.daemon.options import on_option


def check(ctx: DaemonContext) -> Iterator[Diagnostic]:
    option = ctx.daemon.get("icc")
    if option is not None and option.value is False:
        return
    what = '"icc" is not set' if option is None else f'"icc": {_written(option.origin.raw)}'
    yield on_option(
        "CL503",
        f"{what}: containers on the default bridge reach each other on every port; "
        'set "icc": false and connect the containers that talk on user-defined networks',
        ctx.daemon,
        option,
    )


def _written(raw: str) -> str:
    return raw if len(raw) <= 40 else raw[:37] + "..."


RULE = Rule(
    "CL503",
    "daemon-icc-enabled",
    "inter-container traffic on the default bridge not disabled",
    check_daemon=check,
    group=HARDENING,
    docs="CL503.md",
)
