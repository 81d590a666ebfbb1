"""CL501 daemon-binds-all-interfaces: no default bind address in ``daemon.json``."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator

from composelint.diagnostics import Applicability, Diagnostic, Fix, FixLevel
from composelint.model.intents import SetOption
from composelint.rules.base import Rule
from composelint.rules.context import DaemonContext
from composelint.rules.daemon.options import on_option


def check(ctx: DaemonContext) -> Iterator[Diagnostic]:
    daemon = ctx.daemon
    option = daemon.get("ip")
    if option is None:
        loopback = ctx.options.loopback_v4
        what = '"ip" is not set, so dockerd binds'
    else:
        address = _unspecified(option.value)
        if address is None:
            return
        loopback = ctx.options.loopback_v6 if address.version == 6 else ctx.options.loopback_v4
        what = f'"ip": "{option.value}" binds'
    message = (
        f'{what} every publish without an address (`-p 8080:80`, `ports: ["8080:80"]`) '
        "to all host interfaces, ahead of the host firewall; set "
        f'"ip": "{loopback}" and give a publish meant for other machines its address'
    )
    fix = Fix(
        f'Set "ip": "{loopback}"',
        Applicability.UNSAFE,
        intent=SetOption(daemon, "ip", loopback),
    )
    yield on_option("CL501", message, daemon, option, fix)


def _unspecified(value: object) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    if not isinstance(value, str):
        return None
    try:
        address = ipaddress.ip_address(value.strip())
    except ValueError:
        return None
    return address if address.is_unspecified else None


RULE = Rule(
    "CL501",
    "daemon-binds-all-interfaces",
    "no default bind address in daemon.json",
    check_daemon=check,
    fixes=(
        FixLevel(
            Applicability.UNSAFE,
            "always: every publish without an address on that host moves to loopback, so a "
            "service meant for other machines needs an explicit address",
        ),
    ),
    docs="CL501.md",
)
