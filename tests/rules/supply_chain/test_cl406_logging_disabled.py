"""CL406: ``logging.driver: none``."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.rules.support import findings, lines


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("    logging:\n      driver: none\n", [5]),
        ("    logging:\n      driver: 'None'\n", [5]),
        ("    logging:\n      driver: local\n      options: {max-size: 10m}\n", []),
        ("    logging:\n      options: {max-size: 10m}\n", []),
        ("    environment: {LOG_DRIVER: none}\n", []),
    ],
)
def test_compose(tmp_path: Path, body: str, expected: list[int]) -> None:
    files = {"compose.yaml": f"services:\n  api:\n    image: ghcr.io/acme/api:2\n{body}"}
    assert lines(tmp_path, files, "CL406") == expected


def test_sits_on_the_value(tmp_path: Path) -> None:
    text = "services:\n  api:\n    image: x:1\n    logging: {driver: none}\n"
    [found] = findings(tmp_path, {"compose.yaml": text}, "CL406")
    assert text[found.span.start.offset : found.span.end.offset] == "none"


def test_command_line(tmp_path: Path) -> None:
    files = {
        "deploy.sh": (
            "#!/bin/sh\n"
            "docker run -d --log-driver none api:1\n"
            "docker run -d --log-driver=none api:1\n"
            "docker run -d --log-driver local --log-opt max-size=10m api:1\n"
        )
    }
    assert lines(tmp_path, files, "CL406") == [2, 3]


def test_sdk(tmp_path: Path) -> None:
    files = {
        "conftest.py": (
            "import docker\nfrom docker.types import LogConfig\n\nclient = docker.from_env()\n"
            "client.containers.run('api:1', log_config=LogConfig(type='none'))\n"
            "client.containers.run('api:1', log_config={'type': 'none'})\n"
            "client.containers.run('api:1', log_config={'type': 'local'})\n"
        )
    }
    assert lines(tmp_path, files, "CL406") == [5, 6]
