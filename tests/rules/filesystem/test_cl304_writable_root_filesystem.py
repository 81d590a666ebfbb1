"""CL304 (opt-in): root filesystem writable; its fix adds ``read_only: true``."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.rules.support import findings, fixed, lines


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("", [2]),
        ("    read_only: false\n", [2]),
        ("    read_only: true\n", []),
        ("    read_only: 'yes'\n", []),
        ("    read_only: ${RO}\n", []),  # decided where it runs
    ],
)
def test_compose(tmp_path: Path, body: str, expected: list[int]) -> None:
    files = {"compose.yaml": f"services:\n  api:\n    image: ghcr.io/acme/api:2\n{body}"}
    assert lines(tmp_path, files, "CL304") == expected


def test_fix_adds_the_key_or_turns_false_to_true(tmp_path: Path) -> None:
    text = (
        "services:\n"
        "  api:\n"
        "    image: ghcr.io/acme/api:2\n"
        "    read_only: false # for now\n"
        "    tmpfs: [/tmp]\n"
        "  worker:\n"
        "    image: ghcr.io/acme/worker:2\n"
        "    environment:\n"
        "      - QUEUE=jobs\n"
        "    # the end\n"
    )
    expected = (
        "services:\n"
        "  api:\n"
        "    image: ghcr.io/acme/api:2\n"
        "    read_only: true # for now\n"
        "    tmpfs: [/tmp]\n"
        "  worker:\n"
        "    image: ghcr.io/acme/worker:2\n"
        "    environment:\n"
        "      - QUEUE=jobs\n"
        "    read_only: true\n"
        "    # the end\n"
    )
    assert fixed(tmp_path, "compose.yaml", text, "CL304") == expected


def test_fix_on_a_command_line_only_where_the_words_are_a_shell_s(tmp_path: Path) -> None:
    text = "#!/bin/sh\ndocker run -d --rm -v data:/data ghcr.io/acme/api:2\n"
    assert fixed(tmp_path, "deploy.sh", text, "CL304") == (
        "#!/bin/sh\ndocker run -d --rm -v data:/data --read-only ghcr.io/acme/api:2\n"
    )


def test_python_gets_no_fix(tmp_path: Path) -> None:
    files = {
        "conftest.py": (
            "import docker\nimport subprocess\n\nclient = docker.from_env()\n"
            "client.containers.run('x:1', detach=True)\n"
            "subprocess.run(['docker', 'run', '-d', 'x:1'])\n"
            "client.containers.run('x:1', read_only=True)\n"
        )
    }
    found = findings(tmp_path, files, "CL304")
    assert [d.span.start.line + 1 for d in found] == [5, 6]
    assert [d.fix for d in found] == [None, None]
