"""CL504 daemon-no-userns-remap: no user-namespace remapping (opt-in)."""

from __future__ import annotations

from collections.abc import Iterator

from composelint.diagnostics import Diagnostic
from composelint.rules.base import HARDENING, Rule
from composelint.rules.context import DaemonContext
from composelint.rules.daemon.options import on_option


def check(ctx: DaemonContext) -> Iterator[Diagnostic]:
    option = ctx.daemon.get("userns-remap")
    if option is not None and isinstance(option.value, str) and option.value.strip():
        return
    what = '"userns-remap" is not set' if option is None else '"userns-remap" is empty'
    yield on_option(
        "CL504",
        f"{what}: root in a container is root on the host, so a container escape or a "
        'writable bind mount hands the host over; consider "userns-remap": "default"',
        ctx.daemon,
        option,
    )


RULE = Rule(
    "CL504",
    "daemon-no-userns-remap",
    "no user-namespace remapping in daemon.json",
    check_daemon=check,
    group=HARDENING,
    docs="CL504.md",
)
