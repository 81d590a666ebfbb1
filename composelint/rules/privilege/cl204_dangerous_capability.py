"""CL204 dangerous-capability: ``cap_add`` of capabilities that reach the host."""

from __future__ import annotations

from collections.abc import Iterator

from composelint.diagnostics import Diagnostic
from composelint.rules.base import Rule, at_value, container
from composelint.rules.context import ProjectContext

DANGEROUS = {
    "ALL": "every capability",
    "SYS_ADMIN": "mount, namespaces and most of root's powers",
    "NET_ADMIN": "reconfigure the network stack and firewall",
    "SYS_PTRACE": "trace and inject into other processes",
    "SYS_MODULE": "load kernel modules",
    "SYS_RAWIO": "raw I/O to devices and memory",
    "DAC_READ_SEARCH": "read any file by handle (container escapes)",
    "SYS_BOOT": "reboot the host",
    "SYS_TIME": "set the host clock",
    "BPF": "load eBPF programs",
    "PERFMON": "observe the whole host",
    "NET_RAW": "craft raw packets (spoofing on the bridge)",
    "MAC_ADMIN": "change the mandatory access control policy",
    "MAC_OVERRIDE": "bypass the mandatory access control policy",
    "SYSLOG": "read the kernel log",
}


def check(ctx: ProjectContext) -> Iterator[Diagnostic]:
    for service in ctx.services.values():
        for cap in service.cap_add:
            if not isinstance(cap.value, str):
                continue
            name = cap.value.upper().removeprefix("CAP_")
            why = DANGEROUS.get(name)
            if why is None:
                continue
            found = at_value(
                "CL204",
                f"{container(service)} adds capability {name} ({why})",
                cap.origin,
            )
            if found:
                yield found


RULE = Rule(
    "CL204",
    "dangerous-capability",
    "dangerous cap_add",
    check_project=check,
    docs="CL204.md",
)
