"""CL201: a Dockerfile that every compose service building it gives capabilities beyond
Docker's defaults runs as root because the service needs root to use them."""

from __future__ import annotations

from pathlib import Path

from composelint.diagnostics import Severity
from composelint.run.engine import run

SH = "#!/bin/sh\n"
DOCKERFILE = (
    'FROM node:22-alpine\nRUN apk add wireguard-tools iptables\nCMD ["node", "server.js"]\n'
)


def _cl201(tmp_path: Path, files: dict[str, str]) -> list[tuple[Severity, str]]:
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = run([str(tmp_path)], environ={})
    return [(d.severity, d.message) for d in result.diagnostics if d.code == "CL201"]


def test_a_dockerfile_built_with_net_admin_is_information(tmp_path: Path) -> None:
    compose = (
        "services:\n  wg-easy:\n    build:\n      context: .\n      dockerfile: Dockerfile.dev\n"
        "    cap_add:\n      - NET_ADMIN\n      - SYS_MODULE\n"
    )
    files = {"Dockerfile.dev": DOCKERFILE, "docker-compose.dev.yml": compose}
    ((severity, message),) = _cl201(tmp_path, files)
    assert severity == Severity.INFORMATION
    assert "service 'wg-easy' (docker-compose.dev.yml) is given NET_ADMIN, SYS_MODULE" in message
    assert "only root can use" in message and "CL204" in message


def test_the_compose_file_is_named_from_the_dockerfile_directory(tmp_path: Path) -> None:
    compose = "services:\n  vpn:\n    build: ./vpn\n    cap_add: [cap_net_admin]\n"
    files = {"vpn/Dockerfile": DOCKERFILE, "compose.yaml": compose}
    ((severity, message),) = _cl201(tmp_path, files)
    assert severity == Severity.INFORMATION and "(../compose.yaml) is given NET_ADMIN" in message


def test_look_alikes_stay_warnings(tmp_path: Path) -> None:
    # built without capabilities
    plain = "services:\n  app:\n    build: .\n"
    assert [
        s for s, _ in _cl201(tmp_path / "a", {"Dockerfile": DOCKERFILE, "compose.yaml": plain})
    ] == [Severity.WARNING]
    # a capability Docker grants anyway needs no root beyond what every container has
    raw = "services:\n  app:\n    build: .\n    cap_add: [NET_RAW, CHOWN]\n"
    assert [
        s for s, _ in _cl201(tmp_path / "b", {"Dockerfile": DOCKERFILE, "compose.yaml": raw})
    ] == [Severity.WARNING]
    # a second service builds the same Dockerfile without capabilities
    two = "services:\n  vpn:\n    build: .\n    cap_add: [NET_ADMIN]\n  web:\n    build: .\n"
    assert [
        s for s, _ in _cl201(tmp_path / "c", {"Dockerfile": DOCKERFILE, "compose.yaml": two})
    ] == [Severity.WARNING]
    # nothing builds it: the Dockerfile alone says nothing of capabilities
    assert [s for s, _ in _cl201(tmp_path / "d", {"Dockerfile": DOCKERFILE})] == [Severity.WARNING]


def test_a_service_with_a_user_of_its_own_does_not_decide(tmp_path: Path) -> None:
    compose = (
        "services:\n  vpn:\n    build: .\n    cap_add: [NET_ADMIN]\n"
        "  tool:\n    build: .\n    user: '1000'\n"
    )
    ((severity, _),) = _cl201(tmp_path, {"Dockerfile": DOCKERFILE, "compose.yaml": compose})
    assert severity == Severity.INFORMATION


def test_a_command_line_builds_nothing(tmp_path: Path) -> None:
    script = SH + "docker build -t vpn .\ndocker run -d --cap-add NET_ADMIN vpn\n"
    found = _cl201(tmp_path, {"Dockerfile": DOCKERFILE, "start.sh": script})
    assert [s for s, _ in found] == [Severity.WARNING]
