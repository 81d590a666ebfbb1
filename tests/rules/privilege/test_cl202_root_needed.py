"""CL202 and the commands of an image that need root (the nextcloud image's cron
service), the advice CL201 and CL202 give for an image that keeps a root master, and
bitcoin/bitcoin's entrypoint, which drops root; compose, command lines and Python."""

from __future__ import annotations

from pathlib import Path

import pytest

from composelint.diagnostics import Severity
from tests.rules.support import findings

SH = "#!/bin/sh\n"
PY = "import docker\n\nclient = docker.from_env()\n"
BUILT = {"Dockerfile": "FROM nextcloud:29-apache\nRUN apt-get update\n"}


@pytest.mark.parametrize(
    "start", ["entrypoint: /cron.sh", "command: /cron.sh", 'entrypoint: ["/cron.sh"]']
)
def test_the_nextcloud_cron_service_needs_root(tmp_path: Path, start: str) -> None:
    compose = f"services:\n  cron:\n    build: .\n    {start}\n"
    (found,) = findings(tmp_path, {**BUILT, "compose.yaml": compose}, "CL202")
    assert found.severity == Severity.INFORMATION
    assert "busybox crond" in found.message and "www-data" in found.message
    assert "non-root" not in found.message


def test_user_root_for_the_cron_service_is_information(tmp_path: Path) -> None:
    compose = "services:\n  cron:\n    image: nextcloud:29\n    user: root\n    command: /cron.sh\n"
    (found,) = findings(tmp_path, {"compose.yaml": compose}, "CL202")
    assert found.severity == Severity.INFORMATION


@pytest.mark.parametrize(
    ("files", "start"),
    [
        (BUILT, ""),  # the web service: Apache's root master
        (BUILT, "    command: /usr/local/bin/backup.sh\n"),
        ({"Dockerfile": "FROM php:8.3-apache\n"}, "    entrypoint: /cron.sh\n"),  # not nextcloud
        (BUILT, "    entrypoint: /cron.sh.bak\n"),
    ],
)
def test_look_alikes_stay_warnings(tmp_path: Path, files: dict[str, str], start: str) -> None:
    compose = f"services:\n  app:\n    build: .\n{start}"
    (found,) = findings(tmp_path, {**files, "compose.yaml": compose}, "CL202")
    assert found.severity == Severity.WARNING


def test_cl201_and_cl202_give_the_same_advice_for_the_nextcloud_image(tmp_path: Path) -> None:
    files = {**BUILT, "compose.yaml": "services:\n  app:\n    build: .\n"}
    (dockerfile,) = findings(tmp_path, files, "CL201")
    (service,) = findings(tmp_path, files, "CL202")
    advice = "the image documents no non-root start: keep its root master"
    assert advice in dockerfile.message and advice in service.message
    assert "give the service a non-root 'user:'" not in service.message
    explicit = "services:\n  app:\n    image: nextcloud:29\n    user: root\n"
    (found,) = findings(tmp_path / "u", {"compose.yaml": explicit}, "CL202")
    assert found.severity == Severity.WARNING and advice in found.message


def test_the_cron_service_on_command_lines_and_in_python(tmp_path: Path) -> None:
    script = SH + "docker run -d --user root --entrypoint /cron.sh nextcloud:29\n"
    (found,) = findings(tmp_path / "sh", {"cron.sh": script}, "CL202")
    assert found.severity == Severity.INFORMATION
    code = PY + 'client.containers.run("nextcloud:29", "/cron.sh", user="root")\n'
    (found,) = findings(tmp_path / "py", {"start.py": code}, "CL202")
    assert found.severity == Severity.INFORMATION and "crond" in found.message


BITCOIN = "FROM bitcoin/bitcoin:27\nRUN apt update && apt install curl -y\n"


@pytest.mark.parametrize(
    ("command", "severity"),
    [
        ("    command: ['-testnet=1', '-server=1']\n", Severity.INFORMATION),
        ("    command: bitcoind -regtest\n", Severity.INFORMATION),
        ("", Severity.INFORMATION),  # the image's own command, bitcoind
        ("    command: sh -c 'sleep infinity'\n", Severity.WARNING),  # exec "$@" as root
        ("    entrypoint: bitcoind\n", Severity.WARNING),  # the entrypoint never runs
    ],
)
def test_bitcoin_drops_to_its_user(tmp_path: Path, command: str, severity: Severity) -> None:
    compose = f"services:\n  bitcoin:\n    build: .\n{command}"
    files = {"Dockerfile": BITCOIN, "compose.yaml": compose}
    (found,) = findings(tmp_path, files, "CL202")
    assert found.severity == severity
    (dockerfile,) = findings(tmp_path, files, "CL201")
    assert dockerfile.severity == Severity.INFORMATION  # the image's CMD is bitcoind


def test_bitcoin_on_command_lines_and_in_python(tmp_path: Path) -> None:
    script = SH + "docker run -d --user 0 bitcoin/bitcoin:27 -printtoconsole\n"
    (found,) = findings(tmp_path / "sh", {"node.sh": script}, "CL202")
    assert found.severity == Severity.INFORMATION and "bitcoin" in found.message
    code = PY + 'client.containers.run("bitcoin/bitcoin:27", "-regtest", user="root")\n'
    (found,) = findings(tmp_path / "py", {"node.py": code}, "CL202")
    assert found.severity == Severity.INFORMATION
