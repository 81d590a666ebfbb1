"""CL209: host devices passed in."""

from __future__ import annotations

from pathlib import Path

from tests.rules.support import findings


def test_compose_devices_and_cgroup_rules(tmp_path: Path) -> None:
    files = {
        "compose.yaml": (
            "services:\n  hass:\n    image: ghcr.io/home-assistant/home-assistant:2024.9\n"
            "    devices:\n      - /dev/ttyUSB0:/dev/ttyACM0\n      - /dev/sda\n"
            "    device_cgroup_rules:\n      - 'c 189:* rmw'\n"
            "  web:\n    image: nginx:1.27\n    volumes: ['/dev/null:/x']\n"
        )
    }
    found = findings(tmp_path, files, "CL209")
    assert [d.span.start.line + 1 for d in found] == [5, 6, 8]
    assert "the host's driver" in found[0].message
    assert "memory, disks or kernel" in found[1].message
    assert "cgroup rule 'c 189:* rmw'" in found[2].message


def test_command_line_and_sdk(tmp_path: Path) -> None:
    files = {
        "deploy.sh": (
            "#!/bin/sh\n"
            "docker run -d --device /dev/kvm --device-cgroup-rule 'c 10:* rmw' vm:1\n"
            "docker run -d -v /dev/log:/dev/log syslog:1\n"
        ),
        "conftest.py": (
            "import docker\n\nclient = docker.from_env()\n"
            "client.containers.run('x:1', devices=['/dev/fuse:/dev/fuse:rwm'], detach=True)\n"
        ),
    }
    found = findings(tmp_path, files, "CL209")
    texts = sorted(
        Path(d.span.path).read_text()[d.span.start.offset : d.span.end.offset] for d in found
    )
    assert texts == ["'/dev/fuse:/dev/fuse:rwm'", "/dev/kvm", "c 10:* rmw"]


def test_the_tunnel_device_is_information_everywhere(tmp_path: Path) -> None:
    from composelint.diagnostics import Severity

    files = {
        "compose.yaml": (
            "services:\n  vpn:\n    image: haugene/transmission-openvpn:5.3\n"
            "    devices:\n      - /dev/net/tun\n      - /dev/ttyUSB0\n"
        ),
        "deploy.sh": "#!/bin/sh\ndocker run -d --device /dev/net/tun:/dev/net/tun wg:1\n",
        "conftest.py": (
            "import docker\n\nclient = docker.from_env()\n"
            "client.containers.run('wg:1', devices=['/dev/net/tun'], detach=True)\n"
        ),
    }
    found = findings(tmp_path, files, "CL209")
    tun = [d for d in found if "/dev/net/tun" in d.message]
    assert len(tun) == 3 and {d.severity for d in tun} == {Severity.INFORMATION}
    assert all("own network namespace" in d.message for d in tun)
    [usb] = [d for d in found if "ttyUSB0" in d.message]
    assert usb.severity == Severity.WARNING


def test_kvm_and_fuse_are_described_as_what_they_are(tmp_path: Path) -> None:
    files = {
        "compose.yaml": (
            "services:\n  windows:\n    image: dockurr/windows:4.0\n"
            "    devices:\n      - /dev/kvm\n      - /dev/fuse\n      - /dev/sda\n"
        )
    }
    kvm, fuse, disk = findings(tmp_path, files, "CL209")
    assert "virtual machines" in kvm.message and "memory, disks" not in kvm.message
    assert "user-space filesystems" in fuse.message
    assert "memory, disks or kernel" in disk.message
