"""CL305: tmpfs mounted with ``exec`` or ``suid``."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.rules.support import findings, lines


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("    tmpfs: /tmp:exec\n", [4]),
        ("    tmpfs:\n      - /run\n      - /tmp:rw,exec,mode=1777\n      - /x:suid\n", [6, 7]),
        ("    tmpfs: ['/tmp:rw,noexec,nosuid,size=64m', /run]\n", []),
        ("    tmpfs: ['/tmp:exec,noexec']\n", []),  # the later option wins
        ("    tmpfs: ['/execs:size=1m']\n", []),  # a path that contains the word
        (
            "    volumes:\n      - type: tmpfs\n        target: /cache\n        tmpfs: {size: 1000}\n",
            [],
        ),
    ],
)
def test_compose(tmp_path: Path, body: str, expected: list[int]) -> None:
    files = {"compose.yaml": f"services:\n  w:\n    image: ghcr.io/acme/worker:3\n{body}"}
    assert lines(tmp_path, files, "CL305") == expected


def test_the_message_names_the_options(tmp_path: Path) -> None:
    files = {"compose.yaml": "services:\n  w:\n    image: x:1\n    tmpfs: ['/tmp:suid,exec']\n"}
    [found] = findings(tmp_path, files, "CL305")
    assert "at /tmp with exec and suid" in found.message and "setuid binary" in found.message


def test_command_line(tmp_path: Path) -> None:
    files = {
        "deploy.sh": (
            "#!/bin/sh\n"
            "docker run -d --tmpfs /tmp:exec w:1\n"
            "docker run -d --tmpfs /tmp w:1\n"
            "docker run -d --mount type=tmpfs,dst=/cache,tmpfs-mode=1770 w:1\n"
            "docker run -d --mount 'type=tmpfs,dst=/jit,\"tmpfs-options=exec,size=1m\"' w:1\n"
        )
    }
    assert lines(tmp_path, files, "CL305") == [2, 5]


def test_sdk(tmp_path: Path) -> None:
    files = {
        "conftest.py": (
            "import docker\n\nclient = docker.from_env()\n"
            "client.containers.run('w:1', tmpfs={'/tmp': 'size=64m,exec', '/run': ''})\n"
            "client.containers.run('w:1', tmpfs={'/tmp': 'noexec,nosuid'})\n"
        )
    }
    [found] = findings(tmp_path, files, "CL305")
    assert found.span.start.line == 3 and "at /tmp with exec" in found.message
