"""CL306: ``shared``/``rshared`` bind propagation."""

from __future__ import annotations

from pathlib import Path

from tests.rules.support import findings, lines


def test_compose_short_and_long_syntax(tmp_path: Path) -> None:
    files = {
        "compose.yaml": (
            "services:\n  agent:\n    image: ghcr.io/acme/agent:3\n    volumes:\n"
            "      - /mnt:/mnt:rshared\n"
            "      - /srv:/srv:ro,shared\n"
            "      - /media:/media:rslave\n"
            "      - type: bind\n        source: /a\n        target: /a\n"
            "        bind:\n          propagation: rshared\n"
            "      - type: bind\n        source: /b\n        target: /b\n"
            "        bind:\n          propagation: private\n"
            "      - shared:/data\n"  # a volume named "shared"
        )
    }
    assert lines(tmp_path, files, "CL306") == [5, 6, 8]


def test_the_message_names_source_target_and_propagation(tmp_path: Path) -> None:
    files = {"compose.yaml": "services:\n  a:\n    image: x:1\n    volumes: ['/mnt:/m:rshared']\n"}
    [found] = findings(tmp_path, files, "CL306")
    assert "bind-mounts /mnt at /m with rshared propagation" in found.message


def test_command_line_and_sdk(tmp_path: Path) -> None:
    files = {
        "deploy.sh": (
            "#!/bin/sh\n"
            "docker run -d -v /mnt:/mnt:rshared a:1\n"
            "docker run -d --mount type=bind,src=/a,dst=/a,bind-propagation=shared a:1\n"
            "docker run -d --mount type=bind,src=/a,dst=/a,bind-propagation=rslave a:1\n"
        ),
        "conftest.py": (
            "import docker\n\nclient = docker.from_env()\n"
            "client.containers.run('a:1', mounts=[docker.types.Mount('/a', '/a', type='bind',"
            " propagation='rshared')])\n"
        ),
    }
    found = findings(tmp_path, files, "CL306")
    assert sorted((Path(d.span.path).name, d.span.start.line + 1) for d in found) == [
        ("conftest.py", 4),
        ("deploy.sh", 2),
        ("deploy.sh", 3),
    ]
