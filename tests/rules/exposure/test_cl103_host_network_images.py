"""CL103 and the images that need the host network: the curated table (a test per row),
the DHCP condition, and each source (compose, command lines, Python)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from composelint.diagnostics import Severity
from tests.rules.support import findings

TABLE = Path(__file__).resolve().parents[3] / "composelint/rules/data/host_network_images.toml"
ROWS = tomllib.loads(TABLE.read_text(encoding="utf-8"))["image"]
DHCP = "    cap_add:\n      - NET_ADMIN\n"


def _compose(image: str, extra: str = "") -> str:
    return f"services:\n  app:\n    image: {image}\n    network_mode: host\n{extra}"


@pytest.mark.parametrize("row", ROWS, ids=[r["image"] for r in ROWS])
def test_each_row_is_information_that_says_why_and_what_is_exposed(
    tmp_path: Path, row: dict[str, str]
) -> None:
    assert len(row["why"]) > 20 and len(row["exposed"]) > 20
    assert row["source"].startswith("https://")
    image = f"ghcr.io/{row['image']}:1.2.3"
    extra = DHCP if row.get("when") == "dhcp" else ""
    (found,) = findings(tmp_path, {"compose.yaml": _compose(image, extra)}, "CL103")
    assert found.severity == Severity.INFORMATION
    assert row["why"] in found.message and row["exposed"] in found.message
    # any other image on the host network is a warning
    (other,) = findings(tmp_path, {"compose.yaml": _compose("ghcr.io/acme/app:1.0")}, "CL103")
    assert other.severity == Severity.WARNING


@pytest.mark.parametrize(
    "evidence",
    [
        DHCP,
        '    environment:\n      DHCP_ACTIVE: "true"\n',
        "    environment:\n      - FTLCONF_dhcp_active=true\n",
        '    ports:\n      - "67:67/udp"\n',
    ],
)
def test_pihole_needs_the_host_network_for_dhcp(tmp_path: Path, evidence: str) -> None:
    (found,) = findings(
        tmp_path, {"compose.yaml": _compose("pihole/pihole:2024.07.0", evidence)}, "CL103"
    )
    assert found.severity == Severity.INFORMATION and "DHCP" in found.message


def test_pihole_without_dhcp_does_not_need_it(tmp_path: Path) -> None:
    plain = _compose("pihole/pihole:2024.07.0", '    environment:\n      DHCP_ACTIVE: "false"\n')
    (found,) = findings(tmp_path, {"compose.yaml": plain}, "CL103")
    assert found.severity == Severity.WARNING


def test_the_bridge_network_is_not_reported(tmp_path: Path) -> None:
    compose = (
        "services:\n  app:\n    image: homebridge/homebridge:2024-01-01\n    network_mode: bridge\n"
    )
    assert findings(tmp_path, {"compose.yaml": compose}, "CL103") == []


def test_command_lines_and_python_read_the_table(tmp_path: Path) -> None:
    script = (
        "#!/bin/sh\n"
        "docker run -d --network host homebridge/homebridge:2024-01-01\n"
        "docker run -d --net=host ghcr.io/acme/app:1.0\n"
    )
    found = findings(tmp_path / "sh", {"run.sh": script}, "CL103")
    assert [d.severity for d in found] == [Severity.INFORMATION, Severity.WARNING]
    code = (
        "import docker\n\nclient = docker.from_env()\n"
        'client.containers.run("prom/node-exporter:v1.8.2", network_mode="host", detach=True)\n'
    )
    (found,) = findings(tmp_path / "py", {"exporter.py": code}, "CL103")
    assert found.severity == Severity.INFORMATION and "9100" in found.message


@pytest.mark.parametrize(
    ("image", "severity"),
    [
        ("crazymax/fail2ban:1.1.0", Severity.INFORMATION),
        ("lscr.io/linuxserver/fail2ban:1.1.0", Severity.INFORMATION),
        ("ghcr.io/shgew/cs-firewall-bouncer-docker:v0.0.31", Severity.INFORMATION),
        ("ghcr.io/acme/fail2ban-exporter:1.0", Severity.WARNING),  # serves metrics on a port
        ("crowdsecurity/crowdsec:v1.6.3", Severity.WARNING),  # the engine, not the bouncer
    ],
)
def test_host_firewall_managers_need_the_host_network(
    tmp_path: Path, image: str, severity: Severity
) -> None:
    (found,) = findings(tmp_path, {"compose.yaml": _compose(image)}, "CL103")
    assert found.severity == severity
    if severity == Severity.INFORMATION:
        assert "listens on nothing" in found.message


@pytest.mark.parametrize(
    ("evidence", "severity"),
    [
        (DHCP, Severity.INFORMATION),
        ('    ports:\n      - "67:67/udp"\n      - "68:68/udp"\n', Severity.INFORMATION),
        ('    ports:\n      - "68:68/udp"\n', Severity.INFORMATION),
        ("", Severity.WARNING),  # a DNS server alone does not need the host network
        ('    ports:\n      - "68:68/tcp"\n', Severity.WARNING),
    ],
)
def test_adguard_home_needs_the_host_network_for_dhcp(
    tmp_path: Path, evidence: str, severity: Severity
) -> None:
    compose = _compose("adguard/adguardhome:v0.107.52", evidence)
    (found,) = findings(tmp_path, {"compose.yaml": compose}, "CL103")
    assert found.severity == severity


def test_firewall_managers_on_command_lines_and_in_python(tmp_path: Path) -> None:
    script = (
        "#!/bin/sh\n"
        "docker run -d --network host --cap-add NET_ADMIN crazymax/fail2ban:1.1.0\n"
        "docker run -d --network host adguard/adguardhome:v0.107.52\n"
        "docker run -d --network host --cap-add NET_ADMIN adguard/adguardhome:v0.107.52\n"
    )
    found = findings(tmp_path / "sh", {"run.sh": script}, "CL103")
    info, warning = Severity.INFORMATION, Severity.WARNING
    assert [d.severity for d in found] == [info, warning, info]
    code = (
        "import docker\n\nclient = docker.from_env()\n"
        'client.containers.run("lscr.io/linuxserver/fail2ban:1.1.0", network_mode="host")\n'
    )
    (found,) = findings(tmp_path / "py", {"f2b.py": code}, "CL103")
    assert found.severity == info and "iptables" in found.message
