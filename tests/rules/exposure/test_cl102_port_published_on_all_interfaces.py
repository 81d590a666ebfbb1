"""CL102: the proxy exemption keyed by host port, services that other machines reach on
purpose (the curated table, a test per row), and an explicit wildcard address."""

from __future__ import annotations

from pathlib import Path

import pytest

from composelint.config import load_config
from composelint.diagnostics import Applicability, Diagnostic, Severity
from composelint.rules.public_services import ImageRow, PortRow, table
from composelint.rules.selection import Selection
from composelint.run.engine import run
from tests.rules.support import findings, lines, write


def _compose(image: str, *ports: str, extra: str = "") -> dict[str, str]:
    items = "".join(f'      - "{p}"\n' for p in ports)
    return {"compose.yaml": f"services:\n  svc:\n    image: {image}\n    ports:\n{items}{extra}"}


def _level(found: Diagnostic) -> Applicability | None:
    return found.fix.applicability if found.fix is not None else None


# -- the proxy exemption, by host port -------------------------------------------------


@pytest.mark.parametrize(
    ("image", "port", "reported"),
    [
        ("nginx:1.27", "80:80", False),
        ("nginx:1.27", "443:443", False),
        ("nginx:1.27", "8443:8443", False),
        ("nginx:1.27", "443:8443", False),  # host port 443
        ("traefik:v3.1", "0.0.0.0:80:80", False),
        ("caddy:2.8", "[::]:443:443", False),
        ("nginx:1.27", "8080:80", True),  # container port 80, host port 8080
        ("nginx:1.27", "0.0.0.0:8080:80", True),
        ("nginx:1.27", "80", True),  # Docker picks the host port
        ("kong:2.8.1", "${KONG_HTTPS_PORT}:8443", False),  # the deployment chooses it
        ("kong:2.8.1", "${KONG_HTTP_PORT}:8000", True),
        ("nginx:1.27", "${HTTP_PORT:-8080}:80", True),  # its default is no public port
        ("traefik:v3.1", "8080:8080", True),  # the dashboard
        ("haproxy:3.0", "8404:8404", True),
        ("ghcr.io/acme/shop:1.4", "80:80", True),  # not a proxy image
    ],
)
def test_proxy_images_are_exempt_by_host_port(
    tmp_path: Path, image: str, port: str, reported: bool
) -> None:
    assert lines(tmp_path, _compose(image, port), "CL102") == ([5] if reported else [])


def test_proxy_images_option_keeps_its_meaning(tmp_path: Path) -> None:
    files = _compose("ghcr.io/acme/edge:2", "443:443", "9000:9000")
    files[".composelint.yaml"] = "options:\n  proxy-images: [edge]\n"
    write(tmp_path, files)
    config = load_config(tmp_path / ".composelint.yaml", {"CL102"})
    result = run([str(tmp_path)], environ={}, selection=Selection(select=("CL102",)), config=config)
    assert [d.span.start.line + 1 for d in result.diagnostics] == [6]


@pytest.mark.parametrize(
    ("line", "reported"),
    [
        ("docker run -d -p 8080:80 nginx:1.27\n", True),
        ("docker run -d -p 80:80 -p 443:443 nginx:1.27\n", False),
    ],
)
def test_proxy_exemption_on_a_command_line(tmp_path: Path, line: str, reported: bool) -> None:
    found = findings(tmp_path, {"deploy.sh": "#!/bin/sh\n" + line}, "CL102")
    assert bool(found) == reported


@pytest.mark.parametrize(("host", "reported"), [(8080, True), (443, False)])
def test_proxy_exemption_in_python(tmp_path: Path, host: int, reported: bool) -> None:
    text = (
        "import docker\n\n"
        f'docker.from_env().containers.run("nginx:1.27", ports={{"443/tcp": {host}}})\n'
    )
    assert bool(findings(tmp_path, {"start.py": text}, "CL102")) == reported


# -- services that other machines reach on purpose -------------------------------------

TABLE = table()


def _served(port: str) -> str:
    """A publish of the row's port (the first of a range), as compose writes it."""
    number, _slash, protocol = port.partition("/")
    first = number.split("-")[0]
    return f"{first}:{first}/{protocol}"


def _is_public(found: Diagnostic, why: str) -> None:
    assert found.severity == Severity.INFORMATION
    assert why in found.message
    assert "DOCKER-USER" in found.message
    assert found.fix is None  # binding it to loopback would break the service


@pytest.mark.parametrize(
    "row", TABLE.images, ids=[f"{r.images[0]}-{r.ports[0]}" for r in TABLE.images]
)
def test_image_row(tmp_path: Path, row: ImageRow) -> None:
    services = "".join(
        f"  s{i}:\n    image: lscr.io/someone/{name}:1.0\n    ports:\n"
        + "".join(f'      - "{_served(str(port))}"\n' for port in row.ports)
        for i, name in enumerate(row.images)
    )
    found = findings(tmp_path, {"compose.yaml": f"services:\n{services}"}, "CL102")
    assert len(found) == len(row.images) * len(row.ports)
    for each in found:
        _is_public(each, row.why)


@pytest.mark.parametrize("row", TABLE.ports, ids=[str(r.port) for r in TABLE.ports])
def test_port_row(tmp_path: Path, row: PortRow) -> None:
    port = _served(str(row.port))
    host = f"{port.split(':')[0]}:9999/{row.port.protocol}"  # the host side alone matches too
    files = _compose("ghcr.io/acme/appliance:3", port, host)
    found = findings(tmp_path, files, "CL102")
    assert len(found) == 2
    for each in found:
        _is_public(each, row.why)


@pytest.mark.parametrize(
    ("image", "port"),
    [
        ("lscr.io/linuxserver/wireguard:1.0", "51821:51821"),  # wg-easy's web UI, not the VPN
        ("pihole/pihole:2024.07.0", "8081:80"),  # Pi-hole's admin page
        ("ghcr.io/acme/appliance:3", "53:53"),  # DNS over TCP alone is not unambiguous
        ("ghcr.io/acme/appliance:3", "5353:5353"),  # mDNS is UDP
        ("ghcr.io/acme/appliance:3", "25575:25575"),  # Minecraft's RCON: remote admin
        ("itzg/minecraft-server:2024.10.0", "25575:25575"),
        ("jellyfin/jellyfin:10.9.9", "8096:8096"),  # its web UI
        ("lscr.io/linuxserver/qbittorrent:4.6.7", "8080:8080"),  # its web UI
        ("ghcr.io/blakeblackshear/frigate:0.14.1", "5000:5000"),  # unauthenticated UI
        ("ghcr.io/blakeblackshear/frigate:0.14.1", "8554:8554"),  # RTSP restreams
        ("ghcr.io/blakeblackshear/frigate:0.14.1", "8555:8556"),  # not the WebRTC port
        ("lmscommunity/lyrionmusicserver:9.0.2", "9000:9000"),  # its web UI
        ("lmscommunity/lyrionmusicserver:9.0.2", "9090:9090"),  # its command line interface
        ("ghcr.io/acme/appliance:3", "3483:3483"),  # SlimProto only for an LMS image
    ],
)
def test_look_alikes_stay_ordinary_warnings(tmp_path: Path, image: str, port: str) -> None:
    [found] = findings(tmp_path, _compose(image, port), "CL102")
    assert found.severity == Severity.WARNING
    assert _level(found) == Applicability.UNSAFE


def test_public_service_port_is_not_cl101(tmp_path: Path) -> None:
    files = _compose(
        "pihole/pihole:2024.07.0",
        "53:53/udp",
        extra="  app:\n    image: ghcr.io/acme/app:1\n    environment: [DNS_SERVER=svc:53]\n",
    )
    assert lines(tmp_path, files, "CL101") == []
    [found] = findings(tmp_path, files, "CL102")
    assert found.severity == Severity.INFORMATION


def test_public_service_on_a_command_line(tmp_path: Path) -> None:
    script = (
        "#!/bin/sh\n"
        "docker run -d --name vpn -p 51820:51820/udp lscr.io/linuxserver/wireguard:1.0\n"
        "docker run -d --name torrent -p 6881:6881 -p 6881:6881/udp -p 8080:8080 "
        "lscr.io/linuxserver/qbittorrent:4.6.7\n"
    )
    found = findings(tmp_path, {"deploy.sh": script}, "CL102")
    severities = [(d.span.start.line + 1, d.severity) for d in found]
    info, warning = Severity.INFORMATION, Severity.WARNING
    assert severities == [(2, info), (3, info), (3, info), (3, warning)]
    assert all(d.fix is None for d in found[:3])


def test_public_service_in_python(tmp_path: Path) -> None:
    text = (
        "import docker\n\n"
        "client = docker.from_env()\n"
        'client.containers.run("coredns/coredns:1.11.1", ports={"53/udp": 53, "53/tcp": 53})\n'
        'client.containers.run("coredns/coredns:1.11.1", ports={"9153/tcp": 9153})\n'
    )
    found = findings(tmp_path, {"start.py": text}, "CL102")
    assert [d.severity for d in found] == [Severity.INFORMATION] * 2 + [Severity.WARNING]
    assert found[2].fix is not None


# -- an explicit wildcard address ------------------------------------------------------


@pytest.mark.parametrize(
    ("port", "level"),
    [
        ("5432:5432", Applicability.SAFE),  # a backing service
        ("0.0.0.0:5432:5432", Applicability.UNSAFE),  # the owner wrote the address
        ("[::]:5432:5432", Applicability.UNSAFE),
        ("${BIND:-0.0.0.0}:5432:5432", Applicability.SAFE),  # a default, not a choice
    ],
)
def test_an_explicit_wildcard_is_never_fixed_safely(
    tmp_path: Path, port: str, level: Applicability
) -> None:
    [found] = findings(tmp_path, _compose("postgres:16.4", port), "CL102")
    assert _level(found) == level


@pytest.mark.parametrize(
    ("value", "level"),
    [("5432:5432", Applicability.SAFE), ("0.0.0.0:5432:5432", Applicability.UNSAFE)],
)
def test_an_explicit_wildcard_on_a_command_line(
    tmp_path: Path, value: str, level: Applicability
) -> None:
    script = f"#!/bin/sh\ndocker run -d --name db -p {value} postgres:16.4\n"
    [found] = findings(tmp_path, {"deploy.sh": script}, "CL102")
    assert _level(found) == level


@pytest.mark.parametrize(
    ("value", "level"),
    [("5432", Applicability.SAFE), ('("0.0.0.0", 5432)', Applicability.UNSAFE)],
)
def test_an_explicit_wildcard_in_python(tmp_path: Path, value: str, level: Applicability) -> None:
    text = (
        "import docker\n\n"
        f'docker.from_env().containers.run("postgres:16.4", ports={{"5432/tcp": {value}}})\n'
    )
    [found] = findings(tmp_path, {"start.py": text}, "CL102")
    assert _level(found) == level


# -- a proxy in front of one port says nothing of the others -------------------------


def test_a_proxy_makes_the_fix_safe_only_for_the_port_it_forwards_to(tmp_path: Path) -> None:
    files = {
        "compose.yaml": (
            "services:\n"
            "  proxy:\n    image: caddy:2.8\n    ports: ['443:443']\n"
            "    volumes: ['./Caddyfile:/etc/caddy/Caddyfile:ro']\n"
            "  app:\n    image: ghcr.io/acme/app:1.4\n    ports:\n"
            "      - 8000:8000\n"
            "      - 9100:9100\n"
        ),
        "Caddyfile": "shop.example.com {\n  reverse_proxy app:8000\n}\n",
    }
    found = {d.span.start.line + 1: _level(d) for d in findings(tmp_path, files, "CL102")}
    # 8000 is what Caddy forwards to: it needs no publish (CL101); 9100 may be scraped
    # from another machine: nothing in the files says who uses it, so loopback is unsafe.
    assert found == {10: Applicability.UNSAFE}
    assert lines(tmp_path, files, "CL101") == [9]


# -- a service built FROM an image is judged by that image -----------------------------


def test_a_service_built_from_a_proxy_or_a_public_service_image(tmp_path: Path) -> None:
    files = {
        "compose.yaml": (
            "services:\n"
            "  nginx:\n    build: ./nginx\n    ports: ['80:80', '8080:8080']\n"
            "  mc:\n    build:\n      context: ./mc\n    image: acme/mc-custom:1\n"
            "    ports: ['25565:25565']\n"
            "  app:\n    build: ./app\n    ports: ['8000:8000']\n"
        ),
        "nginx/Dockerfile": "FROM nginx:1.27 AS base\nFROM base\nCOPY site.conf /etc/nginx/conf.d/\n",
        "mc/Dockerfile": "ARG MC=itzg/minecraft-server:2024.10.0\nFROM ${MC}\n",
        "app/Dockerfile": "FROM python:3.12-slim\nUSER 1000\n",
    }
    found = {(d.span.start.line + 1, d.severity) for d in findings(tmp_path, files, "CL102")}
    assert found == {
        (4, Severity.WARNING),  # nginx's 8080: not a proxy's public port
        (9, Severity.INFORMATION),  # the Minecraft server's 25565 (the built image's base)
        (12, Severity.WARNING),
    }


def test_a_variable_host_port_is_no_address(tmp_path: Path) -> None:
    files = _compose(
        "ghcr.io/acme/app:1.4",
        "${APP_PORT}:5656",  # an unset host port: Docker picks one, on all interfaces
        "${BIND_IP}:8080:80",  # an unset address
        "${BIND_IP:-127.0.0.1}:8081:81",  # a loopback default
    )
    found = {d.span.start.line + 1: d.message for d in findings(tmp_path, files, "CL102")}
    assert sorted(found) == [5, 6]
    assert "on all host interfaces" in found[5]
    assert "an address that depends on the environment" in found[6]


def test_media_servers_on_command_lines_and_in_python(tmp_path: Path) -> None:
    script = (
        "#!/bin/sh\n"
        "docker run -d -p 9000:9000/tcp -p 3483:3483/tcp -p 3483:3483/udp "
        "lmscommunity/lyrionmusicserver:9.0.2\n"
    )
    found = findings(tmp_path / "sh", {"lms.sh": script}, "CL102")
    info, warning = Severity.INFORMATION, Severity.WARNING
    assert [d.severity for d in found] == [warning, info, info]
    assert "SlimProto" in found[1].message and found[1].fix is None
    code = (
        "import docker\n\n"
        'docker.from_env().containers.run("alexxit/go2rtc:1.9.4",'
        ' ports={"8555/tcp": 8555, "8555/udp": 8555, "1984/tcp": 1984})\n'
    )
    found = findings(tmp_path / "py", {"cams.py": code}, "CL102")
    assert [d.severity for d in found] == [info, info, warning]
    assert "WebRTC" in found[0].message
