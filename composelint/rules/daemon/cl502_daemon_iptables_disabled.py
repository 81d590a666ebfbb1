"""CL502 daemon-iptables-disabled: ``"iptables": false`` in ``daemon.json``."""

from __future__ import annotations

from collections.abc import Iterator

from composelint.diagnostics import Diagnostic, make
from composelint.rules.base import Rule
from composelint.rules.context import DaemonContext


def check(ctx: DaemonContext) -> Iterator[Diagnostic]:
    option = ctx.daemon.get("iptables")
    if option is None or option.value is not False:
        return
    yield make(
        "CL502",
        '"iptables": false stops dockerd from writing its NAT and filter rules: published '
        "ports then depend on rules written by hand, containers may lose outbound access, "
        "and the userland proxy hides client addresses; keep iptables on and filter in the "
        "DOCKER-USER chain",
        option.origin.span,
    )


RULE = Rule(
    "CL502",
    "daemon-iptables-disabled",
    '"iptables": false in daemon.json',
    check_daemon=check,
    docs="CL502.md",
)
