"""CL209 host-device: host devices passed into a container."""

from __future__ import annotations

from collections.abc import Iterator

from msgspec.structs import replace

from composelint.diagnostics import Diagnostic, Severity
from composelint.model.container import Located
from composelint.rules.base import Rule, at_value, container
from composelint.rules.context import ProjectContext

# Devices that give the host itself away: its memory, its disks, its kernel interfaces.
_HOST_CONTROL = (
    "/dev/mem",
    "/dev/kmem",
    "/dev/port",
    "/dev/sd",
    "/dev/nvme",
    "/dev/vd",
    "/dev/xvd",
    "/dev/hd",
    "/dev/dm-",
    "/dev/mapper",
    "/dev/loop",
    "/dev/md",
    "/dev/disk",
    "/dev/cpu",
)
# Devices with a narrower reach, said as it is.
_NAMED = {
    "/dev/kvm": (
        "it runs virtual machines on the host's hardware virtualisation: a flaw in the "
        "host's KVM module is a way out of both the VM and the container"
    ),
    "/dev/fuse": (
        "it mounts user-space filesystems: with CAP_SYS_ADMIN, FUSE mounts are a known "
        "step of container escapes"
    ),
}


# The tunnel device: a tun/tap interface lives in the container's own network namespace.
_TUN = "/dev/net/tun"


def _host_path(device: Located[object]) -> str:
    value = device.value
    if isinstance(value, dict):  # the SDK's and compose's long forms
        for key in ("source", "PathOnHost", "path"):
            if isinstance(value.get(key), str):
                return str(value[key])
        return ""
    return str(value).split(":", 1)[0].strip()


def _why(path: str) -> str:
    if path in _NAMED:
        return _NAMED[path]
    if path.startswith(_HOST_CONTROL):
        return (
            "it reaches the host's memory, disks or kernel directly: root in the container "
            "can read or change what the host runs"
        )
    return (
        "root in the container talks to the host's driver for it, whose bugs and ioctls "
        "are a way out of the container"
    )


def check(ctx: ProjectContext) -> Iterator[Diagnostic]:
    for service in ctx.services.values():
        for device in service.devices:
            path = _host_path(device)
            if path == _TUN:
                found = at_value(
                    "CL209",
                    f"{container(service)} is given the host device {_TUN}: it creates "
                    "network tunnels in the container's own network namespace, which VPN "
                    "containers need; pass it only to the service that runs the VPN",
                    device.origin,
                )
                if found:
                    yield replace(found, severity=Severity.INFORMATION)
                continue
            found = at_value(
                "CL209",
                f"{container(service)} is given the host device {path or device.value}: "
                f"{_why(path)}; pass only a device it needs, and not on a shared host",
                device.origin,
            )
            if found:
                yield found
        for rule in service.device_cgroup_rules:
            found = at_value(
                "CL209",
                f"{container(service)} is allowed host devices by the cgroup rule "
                f"'{rule.value}': any matching device node it creates reaches the host's "
                "driver; pass the one device instead",
                rule.origin,
            )
            if found:
                yield found


RULE = Rule(
    "CL209",
    "host-device",
    "host devices passed in",
    check_project=check,
    docs="CL209.md",
)
