"""--add-ignore: a suppression per finding, in each kind's comment form, that never
changes what a file does: every file still parses, reports the rest as before, and a
second run changes nothing."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from composelint.cli.check_command import parse_plain, run_check
from composelint.run.engine import run


def _add(*argv: str) -> int:
    args = parse_plain(list(argv))
    assert args is not None, argv
    return run_check(args)


def _remaining(root: Path) -> list[str]:
    return sorted(d.code for d in run([str(root)], environ={}).diagnostics)


CASES = {
    "compose.yml": (
        'services:\n  web:\n    image: shop:1.4\n    ports:\n      - "8080:80"  # the shop\n'
        "    privileged: true\n",
        "services:\n  web:\n    image: shop:1.4\n    ports:\n"
        '      # composelint: ignore CL102 -- legacy\n      - "8080:80"  # the shop\n'
        "    # composelint: ignore CL203 -- legacy\n    privileged: true\n",
    ),
    "Dockerfile": (
        "FROM alpine:3.20 AS build\nRUN echo hi\n\nFROM alpine:3.20\nRUN echo \\\n  done\n",
        "FROM alpine:3.20 AS build\nRUN echo hi\n\n# composelint: ignore CL201 -- legacy\n"
        "FROM alpine:3.20\nRUN echo \\\n  done\n",
    ),
    "deploy.sh": (
        "#!/bin/sh\ndocker run -d \\\n  -p 8080:80 \\\n  shop:1.4  # the shop\n",
        "#!/bin/sh\n# composelint: ignore CL102 -- legacy\ndocker run -d \\\n  -p 8080:80 \\\n"
        "  shop:1.4  # the shop\n",
    ),
    "Makefile": (
        "run:\n\t@docker run -d \\\n\t  -p 9090:90 shop:1.4\n",
        "run:\n# composelint: ignore CL102 -- legacy\n\t@docker run -d \\\n\t  -p 9090:90 shop:1.4\n",
    ),
    "README.md": (
        "# Try it\n\n```sh\ndocker run -p 5432:5432 postgres:16\n```\n",
        "# Try it\n\n<!-- composelint: ignore CL102 -- legacy -->\n```sh\n"
        "docker run -p 5432:5432 postgres:16\n```\n",
    ),
    "conftest.py": (
        "import docker\n\n\ndef db():\n    return docker.from_env().containers.run(\n"
        '        "postgres:16",\n        ports={"5432/tcp": 5432},\n    )\n',
        "import docker\n\n\ndef db():\n    # composelint: ignore CL102 -- legacy\n"
        "    return docker.from_env().containers.run(\n"
        '        "postgres:16",\n        ports={"5432/tcp": 5432},\n    )\n',
    ),
    ".github/workflows/ci.yml": (
        "on: push\njobs:\n  t:\n    runs-on: self-hosted\n    steps:\n      - run: |\n"
        "          docker run -d -p 8080:80 shop:1.4\n"
        "      - run: docker run -d -p 9090:90 shop:1.4  # start\n",
        "on: push\njobs:\n  t:\n    runs-on: self-hosted\n    steps:\n      - run: |\n"
        "          # composelint: ignore CL102 -- legacy\n"
        "          docker run -d -p 8080:80 shop:1.4\n"
        "      # composelint: ignore CL102 -- legacy\n"
        "      - run: docker run -d -p 9090:90 shop:1.4  # start\n",
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_kind_gets_its_comment_above_what_it_covers(
    tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before, expected = CASES[name]
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(before, encoding="utf-8")
    assert _remaining(tmp_path)
    assert _add("--add-ignore", "--reason", "legacy", str(tmp_path)) == 0
    assert path.read_text(encoding="utf-8") == expected
    assert _remaining(tmp_path) == []
    # It still parses as what it is, and a second run changes nothing.
    if name.endswith(".py"):
        ast.parse(expected)
    if name.endswith(".yml"):  # the same structure; a run: block holds a shell comment more
        loaded = YAML(typ="safe").load(expected)
        if "jobs" in loaded:
            for step in loaded["jobs"]["t"]["steps"]:
                step["run"] = step["run"].replace("# composelint: ignore CL102 -- legacy\n", "")
        assert loaded == YAML(typ="safe").load(before)
    if name.endswith(".sh"):
        subprocess.run(["sh", "-n", str(path)], check=True)
    assert _add("--add-ignore", "--reason", "legacy", str(tmp_path)) == 0
    assert path.read_text(encoding="utf-8") == expected
    assert "Added suppressions for 0 findings in 0 files." in capsys.readouterr().err


def test_a_code_joins_an_existing_suppression_of_the_node(tmp_path: Path) -> None:
    compose = tmp_path / "compose.yml"
    compose.write_text(
        "services:\n  web:  # composelint: ignore CL203 -- a test rig\n    image: shop:1.4\n"
        "    privileged: true\n    ports: ['8080:80']\n",
        encoding="utf-8",
    )
    assert _add("--add-ignore", str(tmp_path)) == 0
    assert compose.read_text(encoding="utf-8") == (
        "services:\n  web:  # composelint: ignore CL203, CL102 -- a test rig\n"
        "    image: shop:1.4\n    privileged: true\n    ports: ['8080:80']\n"
    )
    assert _remaining(tmp_path) == []


def test_a_file_without_comments_is_named_and_left(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    daemon = tmp_path / "daemon.json"
    daemon.write_text('{"ip": "0.0.0.0"}\n', encoding="utf-8")
    assert _add("--add-ignore", str(tmp_path)) == 0
    assert daemon.read_text(encoding="utf-8") == '{"ip": "0.0.0.0"}\n'
    err = capsys.readouterr().err
    assert f"{daemon}: note: no comment can go in this file" in err
    assert "Added suppressions for 0 findings in 0 files." in err


def test_add_ignore_without_a_reason_and_reason_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "compose.yml").write_text(
        "services:\n  web:\n    image: shop:1.4\n    privileged: true\n", encoding="utf-8"
    )
    assert _add("--reason", "x", str(tmp_path)) == 2
    assert "give --add-ignore too" in capsys.readouterr().err
    done = subprocess.run(
        [sys.executable, "-m", "composelint", "check", "--add-ignore", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "    # composelint: ignore CL203\n    privileged" in (
        tmp_path / "compose.yml"
    ).read_text(encoding="utf-8")
