"""CL202: a service that adds capabilities needs root to use them (information)."""

from __future__ import annotations

from pathlib import Path

import pytest

from composelint.diagnostics import Severity
from composelint.run.engine import run

SH = "#!/bin/sh\n"
PY = "import docker\n\nclient = docker.from_env()\n"


def _cl202(tmp_path: Path, files: dict[str, str]) -> list[tuple[Severity, str]]:
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = run([str(tmp_path)], environ={})
    return [(d.severity, d.message) for d in result.diagnostics if d.code == "CL202"]


@pytest.mark.parametrize(
    ("files", "severity"),
    [
        (
            {
                "Dockerfile": 'FROM node:22-alpine\nCMD ["node", "server.js"]\n',
                "compose.yaml": "services:\n  vpn:\n    build: .\n    cap_add: [NET_ADMIN]\n",
            },
            Severity.INFORMATION,
        ),
        (
            {
                "compose.yaml": "services:\n  vpn:\n    image: a:1\n    user: root\n"
                "    cap_add: [SYS_MODULE]\n"
            },
            Severity.INFORMATION,
        ),
        (  # Docker's defaults (NET_RAW) need no root beyond what every container has
            {
                "compose.yaml": "services:\n  app:\n    image: a:1\n    user: root\n"
                "    cap_add: [NET_RAW]\n"
            },
            Severity.WARNING,
        ),
        (
            {"run.sh": SH + "docker run -d --user 0 --cap-add NET_ADMIN vpn:1\n"},
            Severity.INFORMATION,
        ),
        ({"run.sh": SH + "docker run -d --user 0 vpn:1\n"}, Severity.WARNING),
        (
            {
                "conftest.py": PY + "client.containers.run('vpn:1', user='root',"
                " cap_add=['NET_ADMIN'])\n"
            },
            Severity.INFORMATION,
        ),
    ],
)
def test_added_capabilities_need_root(
    tmp_path: Path, files: dict[str, str], severity: Severity
) -> None:
    [(found, message)] = _cl202(tmp_path, files)
    assert found == severity
    if severity == Severity.INFORMATION:
        assert "which Docker gives only to root" in message
        assert "non-root 'user:'" not in message and "give it a non-root user" not in message


@pytest.mark.parametrize(
    ("files", "severity"),
    [
        (
            {
                "compose.yaml": "services:\n  init_perms:\n    image: busybox:1.36\n"
                '    user: "0:0"\n    entrypoint: ["sh", "-c", "chown -R 1000:1000 /data"]\n'
            },
            Severity.INFORMATION,
        ),
        (
            {
                "compose.yaml": "services:\n  fix-owner:\n    image: ubuntu:24.04\n"
                '    user: root\n    command: >\n      bash -c "\n'
                '      chown -R 1000:1000 /tmp/a\n      && chown -R 1000:1000 /tmp/b"\n'
            },
            Severity.INFORMATION,
        ),
        (  # it goes on running something else: root stays a warning
            {
                "compose.yaml": "services:\n  app:\n    image: ubuntu:24.04\n    user: root\n"
                '    command: ["sh", "-c", "chown app /data && exec app"]\n'
            },
            Severity.WARNING,
        ),
        (
            {"run.sh": SH + "docker run --rm -u 0 -v d:/d busybox:1.36 chown -R 1000 /d\n"},
            Severity.INFORMATION,
        ),
    ],
)
def test_a_one_shot_container_that_hands_files_over(
    tmp_path: Path, files: dict[str, str], severity: Severity
) -> None:
    [(found, message)] = _cl202(tmp_path, files)
    assert found == severity
    assert ("change who owns" in message) == (severity == Severity.INFORMATION)
