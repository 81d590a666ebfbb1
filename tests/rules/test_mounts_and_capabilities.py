"""Capabilities that grant nothing (CL204) and mounts named for what they are
(CL302, CL303), in compose files, on ``docker run`` lines and in Python."""

from __future__ import annotations

from pathlib import Path

import pytest

from composelint.diagnostics import Diagnostic
from composelint.run.engine import run

SH = "#!/bin/sh\n"
PY = "import docker\n\nclient = docker.from_env()\n"


def _found(tmp_path: Path, name: str, text: str, code: str) -> list[tuple[str, str]]:
    """(text pointed at, message) of each ``code`` finding in one file."""
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    result = run([str(path)], environ={})
    out: list[tuple[str, str]] = []
    for file in result.files:
        for d in file.diagnostics:
            if d.code == code:
                out.append((_text(text, d), d.message))
    return out


def _text(text: str, d: Diagnostic) -> str:
    return text[d.span.start.offset : d.span.end.offset]


def _compose(body: str, image: str = "ghcr.io/acme/app:1.0", tail: str = "") -> str:
    return f"services:\n  app:\n    image: {image}\n{body}{tail}"


# -- CL204: only what is not already granted ---------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # Docker's defaults add nothing: NET_RAW, CHOWN, SETUID, lowercase and prefixed
        ("    cap_add: [NET_RAW, CHOWN, cap_setuid, CAP_KILL]\n", []),
        # dropped first, then given back: NET_RAW is added again
        ("    cap_drop: [ALL]\n    cap_add: [NET_RAW, CHOWN]\n", ["NET_RAW"]),
        ("    cap_drop: [cap_net_raw]\n    cap_add: [net_raw]\n", ["net_raw"]),
        # dropping something else does not remove NET_RAW
        ("    cap_drop: [MKNOD]\n    cap_add: [NET_RAW]\n", []),
        # not in the default set: reported whatever the spelling
        (
            "    cap_add: [sys_admin, CAP_NET_ADMIN, SYS_NICE, IPC_LOCK, LEASE]\n",
            ["sys_admin", "CAP_NET_ADMIN", "SYS_NICE", "IPC_LOCK", "LEASE"],
        ),
        ("    cap_drop: [ALL]\n    cap_add: [NET_BIND_SERVICE]\n", []),
        ("    cap_add: [ALL]\n", ["ALL"]),
        ("    cap_add: [CAP_ALL]\n", []),  # Docker refuses it: no capability is named
    ],
)
def test_compose_cap_add(tmp_path: Path, body: str, expected: list[str]) -> None:
    found = _found(tmp_path, "compose.yml", _compose(body), "CL204")
    assert [text for text, _ in found] == expected


def test_a_capability_given_back_says_so(tmp_path: Path) -> None:
    body = "    cap_drop: [ALL]\n    cap_add: [NET_RAW]\n"
    ((_, message),) = _found(tmp_path, "compose.yml", _compose(body), "CL204")
    assert message == (
        "service 'app' adds capability NET_RAW back after cap_drop removed it "
        "(craft raw packets (spoofing on the bridge))"
    )


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("docker run -d --cap-add NET_RAW --cap-add=chown alpine:3.20 ping x\n", []),
        ("docker run -d --cap-drop ALL --cap-add NET_RAW alpine:3.20 ping x\n", ["NET_RAW"]),
        (
            "docker run -d --cap-add=CAP_SYS_ADMIN --cap-add NET_RAW alpine:3.20\n",
            ["CAP_SYS_ADMIN"],
        ),
    ],
)
def test_command_line_cap_add(tmp_path: Path, line: str, expected: list[str]) -> None:
    assert [t for t, _ in _found(tmp_path, "run.sh", SH + line, "CL204")] == expected


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        ('client.containers.run("alpine:3.20", cap_add=["NET_RAW", "SETUID"])\n', []),
        (
            'client.containers.run("alpine:3.20", cap_drop=["ALL"], cap_add=["NET_RAW"])\n',
            ['"NET_RAW"'],
        ),
        ('client.containers.run("alpine:3.20", cap_add=["sys_ptrace"])\n', ['"sys_ptrace"']),
    ],
)
def test_python_cap_add(tmp_path: Path, call: str, expected: list[str]) -> None:
    assert [t for t, _ in _found(tmp_path, "app.py", PY + call, "CL204")] == expected


def _severities(tmp_path: Path, name: str, text: str) -> dict[str, str]:
    """Severity name of each CL204 finding, by the text it points at."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = run([str(path)], environ={})
    found = [d for d in result.diagnostics if d.code == "CL204"]
    return {_text(text, d).strip("'\""): d.severity.name for d in found}


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        # A VPN on a bridge network: NET_ADMIN reaches its own namespace only.
        (
            "compose.yml",
            _compose("    cap_add: [NET_ADMIN, SYS_ADMIN]\n"),
            {"NET_ADMIN": "INFORMATION", "SYS_ADMIN": "WARNING"},
        ),
        # On the host network it rewrites the host's routes and firewall.
        (
            "compose.yml",
            _compose("    network_mode: host\n    cap_add: [NET_ADMIN]\n"),
            {"NET_ADMIN": "WARNING"},
        ),
        # Sharing a service's namespace: the host's only when that service is on it.
        (
            "compose.yml",
            "services:\n  vpn:\n    image: qmcgaw/gluetun:v3\n    cap_add: [NET_ADMIN]\n"
            "  torrent:\n    image: x:1\n    network_mode: service:vpn\n"
            "    cap_add: [NET_ADMIN]\n",
            {"NET_ADMIN": "INFORMATION"},
        ),
        (
            "deploy.sh",
            SH + "docker run -d --cap-add NET_ADMIN wg:1\n",
            {"NET_ADMIN": "INFORMATION"},
        ),
        (
            "deploy.sh",
            SH + "docker run -d --network host --cap-add NET_ADMIN wg:1\n",
            {"NET_ADMIN": "WARNING"},
        ),
        (
            "conftest.py",
            PY + "client.containers.run('wg:1', cap_add=['NET_ADMIN'])\n",
            {"NET_ADMIN": "INFORMATION"},
        ),
        (
            "conftest.py",
            PY + "client.containers.run('wg:1', network_mode='host', cap_add=['NET_ADMIN'])\n",
            {"NET_ADMIN": "WARNING"},
        ),
    ],
)
def test_net_admin_outside_the_host_network_is_information(
    tmp_path: Path, name: str, text: str, expected: dict[str, str]
) -> None:
    assert _severities(tmp_path, name, text) == expected


@pytest.mark.parametrize(
    ("image", "volume", "severity"),
    [
        ("quay.io/prometheus/node-exporter:v1.8.2", "/proc:/host/proc:ro", "INFORMATION"),
        ("gcr.io/cadvisor/cadvisor:v0.49.1", "/:/rootfs:ro", "INFORMATION"),
        ("gcr.io/datadoghq/agent:7", "/proc/:/host/proc/:ro", "INFORMATION"),
        # the kernel's modules, read-only: what a module-loading container reads
        ("ghcr.io/acme/vpn:1.0", "/lib/modules:/lib/modules:ro", "INFORMATION"),
        ("ghcr.io/acme/vpn:1.0", "/lib/modules:/lib/modules", "WARNING"),
        # writable, or not an agent: a warning as before
        ("gcr.io/cadvisor/cadvisor:v0.49.1", "/var/lib/docker:/var/lib/docker", "WARNING"),
        ("portainer/agent:2.21", "/proc:/host/proc:ro", "WARNING"),
        ("ghcr.io/acme/app:1.0", "/proc:/host/proc:ro", "WARNING"),
        # rebuilds named after the agent, for another platform
        ("braingamer/cadvisor-arm:latest", "/:/rootfs:ro", "INFORMATION"),
        ("zcube/cadvisor:v0.45.0", "/:/rootfs:ro", "INFORMATION"),
        ("acme/rpi-node-exporter:1.0", "/proc:/host/proc:ro", "INFORMATION"),
        ("acme/node_exporter-arm64:1.0", "/proc:/host/proc:ro", "INFORMATION"),
        ("braingamer/cadvisor-arm:latest", "/var/lib/docker:/var/lib/docker", "WARNING"),
        # names that only contain an agent's name stay warnings
        ("acme/cadvisor-proxy:1.0", "/:/rootfs:ro", "WARNING"),
        ("acme/node-exporter-textfile-collector:1.0", "/proc:/host/proc:ro", "WARNING"),
        ("acme/falcosidekick-arm:1.0", "/proc:/host/proc:ro", "WARNING"),
        ("acme/vector-arm64:1.0", "/proc:/host/proc:ro", "WARNING"),
    ],
)
def test_monitoring_agents_reading_host_paths_read_only_are_information(
    tmp_path: Path, image: str, volume: str, severity: str
) -> None:
    path = tmp_path / "compose.yml"
    path.write_text(_compose(f"    volumes:\n      - {volume}\n", image=image), encoding="utf-8")
    result = run([str(path)], environ={})
    found = [d for d in result.diagnostics if d.code == "CL303"]
    assert [d.severity.name for d in found] == [severity]
    informational = "monitoring agent" in found[0].message or "SYS_MODULE" in found[0].message
    assert informational == (severity == "INFORMATION")


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("deploy.sh", SH + "docker run -d -v /proc:/host/proc:ro prom/node-exporter:v1.8.2\n"),
        ("arm.sh", SH + "docker run -d -v /:/rootfs:ro braingamer/cadvisor-arm:latest\n"),
        (
            "arm.py",
            PY + "client.containers.run('braingamer/cadvisor-arm:latest',\n"
            "    volumes={'/': {'bind': '/rootfs', 'mode': 'ro'}})\n",
        ),
        (
            "conftest.py",
            PY + "client.containers.run('prom/node-exporter:v1.8.2',\n"
            "    volumes={'/proc': {'bind': '/host/proc', 'mode': 'ro'}})\n",
        ),
    ],
)
def test_a_monitoring_agent_on_a_command_line_and_in_python(
    tmp_path: Path, name: str, text: str
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = run([str(path)], environ={})
    found = [d for d in result.diagnostics if d.code == "CL303"]
    assert [d.severity.name for d in found] == ["INFORMATION"]


# -- CL302 / CL303: what a mount really is -------------------------------------------


@pytest.mark.parametrize(
    ("volume", "code", "words"),
    [
        ("/var/run/docker.sock:/var/run/docker.sock", "CL302", "/var/run/docker.sock (Docker)"),
        ("/run/containerd/containerd.sock:/c.sock", "CL302", "(containerd)"),
        ("/var/run/crio/crio.sock:/var/run/crio/crio.sock", "CL302", "(CRI-O)"),
        ("/run/podman/podman.sock:/var/run/docker.sock", "CL302", "(Podman)"),
        ("/run/user/1000/podman/podman.sock:/var/run/docker.sock", "CL302", "(Podman)"),
        ("/run/user/1000/podman:/podman", "CL302", "the directory holding"),
        ("/var/lib/docker:/var/lib/docker:ro", "CL303", "Docker's data directory"),
        ("//:/host:ro", "CL303", "mounts the host path / (read-only)"),
        ("/.:/host", "CL303", "the host's root filesystem"),
        ("/./:/host", "CL303", "mounts the host path / (writable)"),
        ("///etc/:/host-etc:ro", "CL303", "mounts the host path /etc"),
    ],
)
def test_compose_mounts_are_named_for_what_they_are(
    tmp_path: Path, volume: str, code: str, words: str
) -> None:
    text = _compose(f"    volumes:\n      - {volume}\n")
    found = _found(tmp_path, "compose.yml", text, code)
    assert [t for t, _ in found] == [volume]
    assert words in found[0][1]
    other = "CL303" if code == "CL302" else "CL302"
    assert not _found(tmp_path, "compose.yml", text, other)


def test_the_docker_data_directory_is_not_called_a_socket(tmp_path: Path) -> None:
    text = _compose("    volumes:\n      - /var/lib/docker:/var/lib/docker:ro\n")
    ((_, message),) = _found(tmp_path, "compose.yml", text, "CL303")
    assert "socket" not in message
    assert message == (
        "service 'app' mounts the host path /var/lib/docker (read-only), which gives the "
        "container Docker's data directory: every container's filesystem, volumes and image "
        "layers"
    )


@pytest.mark.parametrize(
    ("volume", "holds"),
    [
        ("~:/probe", "a user's whole home directory"),
        ("~/.ssh:/keys", "a user's credentials"),
        ("~/.ssh/:/keys:ro", "a user's credentials"),
        ("~/.aws/config:/cfg", "a user's credentials"),
        ("/home/deploy/.kube:/root/.kube:ro", "a user's credentials"),
        ("/root/.gnupg:/gpg", "a user's credentials"),
        ("/dev/shm:/x", "the host's shared memory"),
        ("/run/systemd:/x", "systemd's runtime directory"),
        ("/run/systemd/private:/x", "systemd's private socket"),
    ],
)
def test_home_credentials_shared_memory_and_systemd_are_sensitive(
    tmp_path: Path, volume: str, holds: str
) -> None:
    text = _compose(f"    volumes:\n      - {volume}\n")
    ((_, message),) = _found(tmp_path, "compose.yml", text, "CL303")
    assert holds in message
    assert not _found(tmp_path, "compose.yml", text, "CL301")  # one finding per mount


@pytest.mark.parametrize(
    "volume",
    ["~/data:/data", "~/.sshd:/x", "/run/systemd/journal:/run/systemd/journal:ro", "/dev/net:/x"],
)
def test_home_data_and_journal_are_not_sensitive(tmp_path: Path, volume: str) -> None:
    text = _compose(f"    volumes:\n      - {volume}\n")
    assert not _found(tmp_path, "compose.yml", text, "CL303")


@pytest.mark.parametrize(
    "volume",
    [
        "/var/lib/docker/containers:/var/lib/docker/containers:ro",  # log shippers
        "/var/lib/docker/volumes/app/_data:/data",
        "./docker:/etc/docker-conf:ro",
        "/srv/docker:/srv",
        "/run/user/1000/pulse:/run/pulse",
        "./sockets/app.sock:/app.sock",
    ],
)
def test_look_alikes_are_neither_socket_nor_host_root(tmp_path: Path, volume: str) -> None:
    text = _compose(f"    volumes:\n      - {volume}\n")
    assert not _found(tmp_path, "compose.yml", text, "CL302")
    assert not _found(tmp_path, "compose.yml", text, "CL303")


VOLUME_BINDING = """\
services:
  app:
    image: ghcr.io/acme/agent:1.0
    volumes:
      - type: volume
        source: {name}
        target: /var/run/docker.sock
volumes:
  {name}:
    driver: local
    driver_opts:
      type: none
      o: {o}
      device: {device}
"""


def test_a_named_volume_that_binds_the_socket_is_cl302(tmp_path: Path) -> None:
    text = VOLUME_BINDING.format(name="sock", o="bind", device="/var/run/docker.sock")
    ((_, message),) = _found(tmp_path, "compose.yml", text, "CL302")
    assert message == (
        "service 'app' mounts the container engine's socket /var/run/docker.sock (Docker) "
        "through the volume 'sock': whoever controls the container controls every "
        "container and the host; give it a socket proxy instead (tecnativa/docker-socket-proxy "
        "with only the API sections it reads, writes refused) on an internal network, or run "
        "the engine rootless so the socket grants no more than its user has"
    )


def test_a_named_volume_that_binds_the_host_root_is_cl303(tmp_path: Path) -> None:
    text = VOLUME_BINDING.format(name="root", o="bind,ro", device="/")
    assert len(_found(tmp_path, "compose.yml", text, "CL303")) == 1


@pytest.mark.parametrize(
    ("o", "device"),
    [("bind", "/srv/app/data"), ("addr=10.0.0.2,rw", "/var/run/docker.sock"), ("bind", "./x")],
)
def test_named_volumes_that_bind_nothing_sensitive(tmp_path: Path, o: str, device: str) -> None:
    text = VOLUME_BINDING.format(name="data", o=o, device=device)
    assert not _found(tmp_path, "compose.yml", text, "CL302")
    assert not _found(tmp_path, "compose.yml", text, "CL303")


def test_a_socket_proxy_is_reported_with_what_it_limits(tmp_path: Path) -> None:
    text = (
        "services:\n  dockerproxy:\n    image: tecnativa/docker-socket-proxy:0.3.0\n"
        "    environment:\n      CONTAINERS: 1\n      SERVICES: 1\n      POST: 0\n"
        "    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock:ro\n"
    )
    ((_, message),) = _found(tmp_path, "compose.yml", text, "CL302")
    assert message == (
        "service 'dockerproxy' is a socket proxy holding the container engine's socket "
        "/var/run/docker.sock (Docker): it limits what its clients may call (it opens "
        "CONTAINERS, SERVICES and refuses writes), but the proxy itself holds the whole "
        "API, so whoever controls it controls every container and the host; keep it on an "
        "internal network with nothing published"
    )


@pytest.mark.parametrize(
    "image", ["lscr.io/linuxserver/socket-proxy:1.26", "ghcr.io/tecnativa/docker-socket-proxy"]
)
def test_other_socket_proxies(tmp_path: Path, image: str) -> None:
    text = _compose("    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock:ro\n", image)
    ((_, message),) = _found(tmp_path, "compose.yml", text, "CL302")
    assert "is a socket proxy" in message
    assert "only the proxy's defaults" in message


@pytest.mark.parametrize(
    ("line", "code", "text"),
    [
        (
            "docker run -d -v /var/lib/docker:/var/lib/docker:ro gcr.io/cadvisor/cadvisor:v0.49.1\n",
            "CL303",
            "/var/lib/docker:/var/lib/docker:ro",
        ),
        (
            "podman run -d -v /run/podman/podman.sock:/run/podman/podman.sock quay.io/a/b:1\n",
            "CL302",
            "/run/podman/podman.sock:/run/podman/podman.sock",
        ),
        (
            "docker run -d -v /run/crio/crio.sock:/crio.sock quay.io/a/b:1\n",
            "CL302",
            "/run/crio/crio.sock:/crio.sock",
        ),
        (
            "docker run -d --mount type=bind,source=//,target=/host,readonly alpine:3.20\n",
            "CL303",
            "type=bind,source=//,target=/host,readonly",
        ),
    ],
)
def test_command_line_mounts(tmp_path: Path, line: str, code: str, text: str) -> None:
    found = _found(tmp_path, "run.sh", SH + line, code)
    assert [t for t, _ in found] == [text]
    assert not _found(tmp_path, "run.sh", SH + line, "CL303" if code == "CL302" else "CL302")


@pytest.mark.parametrize(
    ("call", "code"),
    [
        ('client.containers.run("a:1", volumes=["/var/lib/docker:/var/lib/docker:ro"])\n', "CL303"),
        (
            'client.containers.run("a:1", volumes=["/run/containerd/containerd.sock:/c.sock"])\n',
            "CL302",
        ),
        (
            'client.containers.run("a:1", volumes={"/.": {"bind": "/host", "mode": "ro"}})\n',
            "CL303",
        ),
    ],
)
def test_python_mounts(tmp_path: Path, call: str, code: str) -> None:
    assert len(_found(tmp_path, "app.py", PY + call, code)) == 1
    assert not _found(tmp_path, "app.py", PY + call, "CL303" if code == "CL302" else "CL302")


def test_command_line_volume_that_binds_the_socket(tmp_path: Path) -> None:
    line = (
        "docker run -d --mount type=volume,source=sock,target=/var/run/docker.sock,"
        "volume-opt=type=none,volume-opt=o=bind,volume-opt=device=/var/run/docker.sock "
        "ghcr.io/acme/agent:1.0\n"
    )
    ((_, message),) = _found(tmp_path, "run.sh", SH + line, "CL302")
    assert "/var/run/docker.sock (Docker)" in message
    other = line.replace("device=/var/run/docker.sock", "device=/srv/agent").replace(
        "target=/var/run/docker.sock", "target=/data"
    )
    assert not _found(tmp_path, "run.sh", SH + other, "CL302")


def test_command_line_socket_proxy(tmp_path: Path) -> None:
    line = (
        "docker run -d --name proxy -e CONTAINERS=1 -e POST=0 "
        "-v /var/run/docker.sock:/var/run/docker.sock:ro tecnativa/docker-socket-proxy:0.3.0\n"
    )
    ((_, message),) = _found(tmp_path, "run.sh", SH + line, "CL302")
    assert message.startswith(
        "container 'proxy' is a socket proxy holding the container engine's socket "
        "/var/run/docker.sock (Docker): it limits what its clients may call (it opens "
        "CONTAINERS and refuses writes)"
    )


def test_python_socket_proxy(tmp_path: Path) -> None:
    call = (
        'client.containers.run("tecnativa/docker-socket-proxy:0.3.0", '
        'environment={"CONTAINERS": "1", "POST": "1"}, '
        'volumes=["/var/run/docker.sock:/var/run/docker.sock:ro"])\n'
    )
    ((_, message),) = _found(tmp_path, "app.py", PY + call, "CL302")
    assert "(it opens CONTAINERS, POST)" in message
