"""CL107: publishes that the network mode makes Docker ignore, in every source."""

from __future__ import annotations

from pathlib import Path

import pytest

from composelint.diagnostics import Applicability, Severity
from tests.rules.support import findings, fixed, lines

COMPOSE = """\
services:
  vpn:
    image: ghcr.io/acme/vpn:1.2
    network_mode: {mode}
    ports:
      - "51820:51820/udp"  # peers connect here
      - 8080:8080
    restart: unless-stopped
"""


@pytest.mark.parametrize("mode", ["host", '"service:gateway"', "container:gateway", "HOST"])
def test_compose_ports_under_an_ignoring_mode(tmp_path: Path, mode: str) -> None:
    files = {"compose.yaml": COMPOSE.format(mode=mode)}
    [found] = findings(tmp_path, files, "CL107")
    assert found.span.start.line + 1 == 5  # on the ports: key
    assert found.severity == Severity.INFORMATION
    assert "service 'vpn'" in found.message and "are ignored" in found.message
    assert found.fix is not None and found.fix.applicability == Applicability.UNSAFE


@pytest.mark.parametrize("mode", ["bridge", "none", "default", '"${MODE:-bridge}"'])
def test_other_modes_are_not_reported(tmp_path: Path, mode: str) -> None:
    assert lines(tmp_path, {"compose.yaml": COMPOSE.format(mode=mode)}, "CL107") == []


def test_host_mode_without_ports_is_not_reported(tmp_path: Path) -> None:
    files = {"compose.yaml": "services:\n  a:\n    image: x:1\n    network_mode: host\n"}
    assert lines(tmp_path, files, "CL107") == []


@pytest.mark.parametrize("code", ["CL101", "CL102"])
def test_ignored_ports_get_no_exposure_finding(tmp_path: Path, code: str) -> None:
    files = {
        "compose.yaml": COMPOSE.format(mode="host")
        + "  app:\n    image: ghcr.io/acme/app:1\n"
        + "    environment: [VPN_URL=http://vpn:8080]\n"
    }
    assert lines(tmp_path, files, code) == []


def test_the_message_names_the_stack_it_joins(tmp_path: Path) -> None:
    files = {"compose.yaml": COMPOSE.format(mode="service:gateway")}
    [found] = findings(tmp_path, files, "CL107")
    assert "'network_mode: service:gateway'" in found.message
    assert "publish the ports on 'gateway'" in found.message


def test_compose_fix_removes_the_key_and_keeps_the_comment(tmp_path: Path) -> None:
    result = fixed(tmp_path, "compose.yaml", COMPOSE.format(mode="host"), "CL107")
    assert result == (
        "services:\n"
        "  vpn:\n"
        "    image: ghcr.io/acme/vpn:1.2\n"
        "    network_mode: host\n"
        "      # peers connect here\n"
        "    restart: unless-stopped\n"
    )


def test_compose_fix_of_a_flow_list_and_crlf(tmp_path: Path) -> None:
    text = (
        "services:\r\n  a:\r\n    image: x:1\r\n    ports: ['80:80']\r\n    network_mode: host\r\n"
    )
    result = fixed(tmp_path, "compose.yaml", text, "CL107")
    assert result == "services:\r\n  a:\r\n    image: x:1\r\n    network_mode: host\r\n"


def test_compose_ports_shared_through_an_anchor_are_not_fixed(tmp_path: Path) -> None:
    text = (
        "services:\n"
        "  a:\n    image: x:1\n    network_mode: host\n    ports: &p ['80:80']\n"
        "  b:\n    image: y:1\n    ports: *p\n"
    )
    [found] = findings(tmp_path, {"compose.yaml": text}, "CL107")
    assert found.fix is None or found.fix.applicability == Applicability.DISPLAY_ONLY


def test_compose_ports_from_an_override_are_not_fixed(tmp_path: Path) -> None:
    files = {
        "compose.yaml": "services:\n  a:\n    image: x:1\n    network_mode: host\n",
        "compose.override.yaml": "services:\n  a:\n    ports: ['80:80']\n",
    }
    [found] = findings(tmp_path, files, "CL107")
    assert found.fix is None or found.fix.applicability == Applicability.DISPLAY_ONLY


# -- command lines ------------------------------------------------------------------

SCRIPT = """\
#!/bin/sh
docker run -d --network host -p 8080:80 --name web ghcr.io/acme/web:1
docker run -d \\
  --network container:web \\
  -p 9000:9000 \\
  --publish=9001:9001 -v data:/data \\
  ghcr.io/acme/side:1
docker run -d --name api -p 127.0.0.1:3000:3000 ghcr.io/acme/api:1
"""


def test_command_lines(tmp_path: Path) -> None:
    found = findings(tmp_path, {"deploy.sh": SCRIPT}, "CL107")
    assert [d.span.start.line + 1 for d in found] == [2, 5]
    assert "'--network host'" in found[0].message
    assert "'--network container:web'" in found[1].message


@pytest.mark.parametrize(
    "line",
    [
        "docker run -d --network bridge -p 8080:80 ghcr.io/acme/web:1\n",
        "docker run -d --network backend -p 8080:80 ghcr.io/acme/web:1\n",
        "docker run -d --network host ghcr.io/acme/web:1 serve -p 8080\n",  # its own argument
        "echo 'docker run --network host -p 8080:80 ghcr.io/acme/web:1'\n",
    ],
)
def test_command_line_look_alikes(tmp_path: Path, line: str) -> None:
    assert lines(tmp_path, {"deploy.sh": "#!/bin/sh\n" + line}, "CL107") == []


def test_command_line_host_mode_gets_no_cl102(tmp_path: Path) -> None:
    assert lines(tmp_path, {"deploy.sh": SCRIPT}, "CL102") == []


def test_command_line_fix_removes_the_words(tmp_path: Path) -> None:
    assert fixed(tmp_path, "deploy.sh", SCRIPT, "CL107") == (
        "#!/bin/sh\n"
        "docker run -d --network host --name web ghcr.io/acme/web:1\n"
        "docker run -d \\\n"
        "  --network container:web \\\n"
        "  \\\n"
        "  -v data:/data \\\n"
        "  ghcr.io/acme/side:1\n"
        "docker run -d --name api -p 127.0.0.1:3000:3000 ghcr.io/acme/api:1\n"
    )


def test_makefile_recipe(tmp_path: Path) -> None:
    text = "up:\n\tdocker run -d --net=host --publish 8080:80 ghcr.io/acme/web:1\n"
    assert fixed(tmp_path, "Makefile", text, "CL107") == (
        "up:\n\tdocker run -d --net=host ghcr.io/acme/web:1\n"
    )


# -- Python ---------------------------------------------------------------------------

PYTHON = """\
import docker

client = docker.from_env()
client.containers.run("ghcr.io/acme/web:1", ports={"8080/tcp": 8080}, network_mode="host")
client.containers.run(
    "ghcr.io/acme/web:1",
    network_mode="host",
    ports={"8080/tcp": 8080, "53/udp": 53},
)
client.containers.run("ghcr.io/acme/web:1", network_mode="host", ports={"9/tcp": 9})
client.containers.run("ghcr.io/acme/web:1", ports={"8080/tcp": ("127.0.0.1", 8080)})
"""


def test_python(tmp_path: Path) -> None:
    found = findings(tmp_path, {"start.py": PYTHON}, "CL107")
    assert [d.span.start.line + 1 for d in found] == [4, 8, 10]
    assert 'network_mode="host"' in found[0].message
    assert lines(tmp_path, {"start.py": PYTHON}, "CL102") == []


def test_python_fix_removes_the_keyword_argument(tmp_path: Path) -> None:
    assert fixed(tmp_path, "start.py", PYTHON, "CL107") == (
        "import docker\n"
        "\n"
        "client = docker.from_env()\n"
        'client.containers.run("ghcr.io/acme/web:1", network_mode="host")\n'
        "client.containers.run(\n"
        '    "ghcr.io/acme/web:1",\n'
        '    network_mode="host",\n'
        "\n"
        ")\n"
        'client.containers.run("ghcr.io/acme/web:1", network_mode="host")\n'
        'client.containers.run("ghcr.io/acme/web:1", ports={"8080/tcp": ("127.0.0.1", 8080)})\n'
    )


def test_python_ports_over_several_lines_get_no_fix(tmp_path: Path) -> None:
    text = (
        "import docker\n\n"
        'docker.from_env().containers.run(\n    "x:1",\n    network_mode="host",\n'
        '    ports={\n        "80/tcp": 80,\n    },\n)\n'
    )
    [found] = findings(tmp_path, {"start.py": text}, "CL107")
    assert found.fix is None


def test_compose_no_removal_when_a_merge_key_would_bring_other_ports(tmp_path: Path) -> None:
    text = (
        "x-defaults: &defaults {ports: ['9000:9000']}\n"
        "services:\n  a:\n    <<: *defaults\n    image: x:1\n    network_mode: host\n"
        "    ports: ['80:80']\n"
    )
    [found] = findings(tmp_path, {"compose.yaml": text}, "CL107")
    assert found.fix is None
