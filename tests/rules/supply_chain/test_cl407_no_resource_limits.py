"""CL407 (opt-in): no memory or pids limit."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.rules.support import findings


@pytest.mark.parametrize(
    ("body", "missing"),
    [
        ("", "no memory and no pids limit"),
        ("    mem_limit: 512m\n", "no pids limit"),
        ("    pids_limit: 100\n", "no memory limit"),
        ("    mem_limit: 512m\n    pids_limit: 0\n", "no pids limit"),  # 0: unlimited
        ("    mem_limit: 512m\n    pids_limit: -1\n", "no pids limit"),
        ("    mem_limit: 512m\n    pids_limit: 100\n", None),
        ("    deploy:\n      resources:\n        limits: {memory: 1G, pids: 50}\n", None),
        ("    deploy:\n      resources:\n        limits: {cpus: '1'}\n", "no memory and no"),
        ("    mem_limit: ${MEM}\n    pids_limit: ${PIDS}\n", None),  # decided where it runs
    ],
)
def test_compose(tmp_path: Path, body: str, missing: str | None) -> None:
    files = {"compose.yaml": f"services:\n  api:\n    image: ghcr.io/acme/api:2\n{body}"}
    found = findings(tmp_path, files, "CL407")
    if missing is None:
        assert found == []
    else:
        [one] = found
        assert missing in one.message and one.span.start.line == 1


def test_command_line_and_sdk(tmp_path: Path) -> None:
    files = {
        "deploy.sh": (
            "#!/bin/sh\n"
            "docker run -d -m 512m api:1\n"
            "docker run -d --memory 512m --pids-limit 100 api:1\n"
        ),
        "conftest.py": (
            "import docker\n\nclient = docker.from_env()\n"
            "client.containers.run('api:1', mem_limit='512m', pids_limit=100, detach=True)\n"
            "client.containers.run('api:1', detach=True)\n"
        ),
    }
    found = findings(tmp_path, files, "CL407")
    assert sorted((Path(d.span.path).name, d.span.start.line + 1) for d in found) == [
        ("conftest.py", 5),
        ("deploy.sh", 2),
    ]
    script = next(d for d in found if d.span.path.endswith(".sh"))
    assert "set --pids-limit" in script.message
