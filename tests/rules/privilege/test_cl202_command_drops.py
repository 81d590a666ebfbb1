"""CL202: a service started as root whose own command runs the work through gosu,
su-exec, setpriv... is information: root is only where it starts."""

from __future__ import annotations

from pathlib import Path

from composelint.diagnostics import Severity
from tests.rules.support import findings

SH = "#!/bin/sh\n"
PY = "import docker\n\nclient = docker.from_env()\n"
CRON = 'FROM debian:12\nUSER 0\nRUN apt-get install -y cron\nENTRYPOINT ["/entrypoint.sh"]\n'


def test_a_built_cron_job_that_drops_with_gosu_is_information(tmp_path: Path) -> None:
    compose = (
        "services:\n  cleanup:\n    build: ./cron\n    entrypoint: /entrypoint.sh\n"
        "    command: '\"0 0 * * * gosu sentry sentry cleanup --days 90\"'\n"
    )
    files = {"cron/Dockerfile": CRON, "compose.yaml": compose}
    (found,) = findings(tmp_path, files, "CL202")
    assert found.severity == Severity.INFORMATION
    assert "through gosu" in found.message and found.related
    # the Dockerfile itself still runs as root
    assert [d.severity for d in findings(tmp_path, files, "CL201")] == [Severity.WARNING]


def test_user_root_with_a_command_that_drops_is_information(tmp_path: Path) -> None:
    compose = (
        "services:\n  app:\n    image: acme/app:1.0\n    user: root\n"
        '    command: ["sh", "-c", "chown -R app /data && exec su-exec app ./server"]\n'
    )
    (found,) = findings(tmp_path, {"compose.yaml": compose}, "CL202")
    assert found.severity == Severity.INFORMATION and "through su-exec" in found.message


def test_look_alikes_stay_warnings(tmp_path: Path) -> None:
    for command in ("./server --gosu-mode", "sh -c 'echo gosu.txt'", "./my-gosu"):
        compose = (
            f"services:\n  app:\n    image: acme/app:1.0\n    user: root\n    command: {command}\n"
        )
        (found,) = findings(tmp_path, {"compose.yaml": compose}, "CL202")
        assert found.severity == Severity.WARNING, command


def test_command_lines_and_python(tmp_path: Path) -> None:
    script = SH + "docker run -d --user 0 acme/app:1.0 gosu app ./server\n"
    (found,) = findings(tmp_path, {"start.sh": script}, "CL202")
    assert found.severity == Severity.INFORMATION
    code = (
        PY + 'client.containers.run("acme/app:1.0", "setpriv --reuid=1000 ./server", user="root")\n'
    )
    (found,) = findings(tmp_path / "py", {"start.py": code}, "CL202")
    assert found.severity == Severity.INFORMATION and "through setpriv" in found.message


def test_a_dropper_used_only_on_the_way_is_not_the_work(tmp_path: Path) -> None:
    # Airflow's init: gosu for a version check, then chown and the entrypoint as root
    compose = (
        "services:\n  init:\n    image: apache/airflow:2.9.0\n    user: '0:0'\n"
        "    entrypoint: /bin/bash\n    command:\n      - -c\n      - |\n"
        "        version=$$(gosu airflow airflow version)\n"
        "        chown -R 50000:0 /sources/logs\n"
        "        exec /entrypoint airflow version\n"
    )
    (found,) = findings(tmp_path, {"compose.yaml": compose}, "CL202")
    assert found.severity == Severity.WARNING
