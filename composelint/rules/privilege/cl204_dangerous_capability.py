"""CL204 dangerous-capability: ``cap_add`` of capabilities that reach the host.

Only what the container does not have already counts: Docker starts every container
with a default set (``DEFAULT_CAPABILITIES``), so adding one of those grants nothing
unless ``cap_drop`` removed it first (by name or with ``ALL``).  Each entry of
``DANGEROUS`` says what the capability gives; ``rules/CL204.md`` says why it is listed.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from msgspec.structs import replace

from composelint.diagnostics import Diagnostic, Severity
from composelint.model.container import Located, Service
from composelint.rules.base import Rule, at_value, container
from composelint.rules.context import ProjectContext

# Docker's default capability set (moby's oci/caps defaults), without the CAP_ prefix.
DEFAULT_CAPABILITIES = frozenset(
    {
        "CHOWN",
        "DAC_OVERRIDE",
        "FSETID",
        "FOWNER",
        "MKNOD",
        "NET_RAW",
        "SETGID",
        "SETUID",
        "SETFCAP",
        "SETPCAP",
        "NET_BIND_SERVICE",
        "SYS_CHROOT",
        "KILL",
        "AUDIT_WRITE",
    }
)

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
    "SYSLOG": "read the kernel log and kernel addresses",
    "AUDIT_CONTROL": "change or switch off the host's audit rules",
    "SYS_NICE": "real-time scheduling above every host process",
    "IPC_LOCK": "lock host memory that cannot be reclaimed",
    "LEASE": "take leases that stall the host's own opens of mounted files",
}


def capability_name(written: str) -> str:
    """``cap_net_admin``, ``CAP_NET_ADMIN`` and ``NET_ADMIN`` are one capability.

    ``ALL`` is the one name Docker takes only bare: ``CAP_ALL`` names no capability."""
    name = written.strip().upper()
    return name if name == "CAP_ALL" else name.removeprefix("CAP_")


def dropped(caps: tuple[Located[str], ...]) -> frozenset[str]:
    return frozenset(capability_name(c.value) for c in caps if isinstance(c.value, str))


def check(ctx: ProjectContext) -> Iterator[Diagnostic]:
    for service in ctx.services.values():
        removed = dropped(service.cap_drop)
        for cap in service.cap_add:
            if not isinstance(cap.value, str):
                continue
            name = capability_name(cap.value)
            why = DANGEROUS.get(name)
            if why is None:
                continue
            readded = name in removed or "ALL" in removed
            if name in DEFAULT_CAPABILITIES and not readded:
                continue  # Docker grants it anyway: adding it changes nothing
            again = " back after cap_drop removed it" if name in DEFAULT_CAPABILITIES else ""
            own_namespace = name == "NET_ADMIN" and not _on_host_network(service, ctx.services)
            if own_namespace:
                why = (
                    "interfaces, routes and firewall of the container's own network namespace "
                    "only, not the host's, since it is not on the host network: what VPN and "
                    "firewall containers need; keep it to the service that routes traffic"
                )
            found = at_value(
                "CL204",
                f"{container(service)} adds capability {name}{again} ({why})",
                cap.origin,
            )
            if found and own_namespace:
                found = replace(found, severity=Severity.INFORMATION)
            if found:
                yield found


def _on_host_network(service: Service, services: Mapping[str, Service], hops: int = 0) -> bool:
    """Whether the service shares the host's network namespace: ``network_mode: host``,
    or ``service:other`` where the other service does; a ``container:`` namespace (a
    container outside the project) may be the host's."""
    mode = str(service.network_mode.value).strip() if service.network_mode else ""
    if mode.lower() == "host" or mode.startswith("container:"):
        return True
    other = services.get(mode.removeprefix("service:")) if mode.startswith("service:") else None
    return other is not None and hops < 10 and _on_host_network(other, services, hops + 1)


RULE = Rule(
    "CL204",
    "dangerous-capability",
    "dangerous cap_add",
    check_project=check,
    docs="CL204.md",
)
