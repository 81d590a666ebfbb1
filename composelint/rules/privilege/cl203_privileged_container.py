"""CL203 privileged-container: ``privileged: true``."""

from __future__ import annotations

from collections.abc import Iterator

from composelint.diagnostics import Diagnostic, Severity
from composelint.rules.base import Rule, at_value, container, truthy
from composelint.rules.context import ProjectContext
from composelint.rules.images import image_name

# What images that are often run privileged need instead, by the image's name: the
# narrower grant that does the job (their documentation names it).
_INSTEAD = (
    (
        ("tailscale", "wireguard", "wg-easy", "gluetun", "openvpn", "netbird", "headscale"),
        "cap_add: [NET_ADMIN] and devices: [/dev/net/tun] (a VPN needs only these)",
    ),
    (
        ("jellyfin", "plex", "emby", "frigate", "tdarr", "handbrake"),
        "devices: [/dev/dri] for hardware video decoding (and the render group in group_add)",
    ),
    (
        ("home-assistant", "homeassistant", "zigbee2mqtt", "zwave-js-ui", "deconz"),
        "devices: naming the radio adapter (/dev/ttyUSB0, /dev/serial/by-id/...)",
    ),
    (("pihole", "adguardhome", "dnsmasq"), "cap_add: [NET_ADMIN] only if it serves DHCP"),
    (
        ("netdata", "cadvisor", "node-exporter", "glances"),
        "read-only mounts of /proc and /sys and cap_add: [SYS_PTRACE] where it reads processes",
    ),
    (
        ("dind", "docker"),
        "rootless Docker-in-Docker (docker:dind-rootless) or a runtime such as Sysbox",
    ),
)
_GENERIC = (
    "cap_add with only the capabilities it needs (NET_ADMIN for a VPN, SYS_TIME for a "
    "clock) and devices: with only the devices it uses"
)


def instead(image: str | None) -> str:
    """The narrower grant to suggest for a privileged service running ``image``."""
    name = image_name(image)
    for names, grant in _INSTEAD:
        if any(n == name or name.startswith(f"{n}-") or name.endswith(f"-{n}") for n in names):
            return grant
    if image and ":" in image and "dind" in image.rsplit(":", 1)[1]:
        return _INSTEAD[-1][1]
    return _GENERIC


def check(ctx: ProjectContext) -> Iterator[Diagnostic]:
    for service in ctx.services.values():
        flag = service.privileged
        if flag is not None and truthy(flag.value):
            image = service.image.value if service.image is not None else None
            found = at_value(
                "CL203",
                f"{container(service)} runs privileged: it gets every capability and every "
                "host device, so a compromise of the container is a compromise of the host; "
                f"grant what it needs instead: {instead(image)}",
                flag.origin,
            )
            if found:
                yield found


RULE = Rule(
    "CL203",
    "privileged-container",
    "privileged: true",
    check_project=check,
    severity=Severity.ERROR,
    docs="CL203.md",
)
