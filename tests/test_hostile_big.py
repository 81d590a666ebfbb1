"""Huge files and huge values: each checked or refused with one message, in 2 GiB."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile_support import (
    MB,
    assert_good_reported,
    big_dockerfile,
    big_environment,
    flow_ports,
    limit_address_space,
    long_block_scalar,
    many_services,
    one_long_line,
    run_cli,
    write,
    write_good,
)


@pytest.fixture(scope="module")
def big_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("big")
    big_environment(root / "environment" / "compose.yml")  # 50 MB, 1.5 million nodes
    many_services(root / "services" / "compose.yml")  # 50 MB, 400,000 services
    long_block_scalar(root / "block" / "compose.yml")  # 50 MB in one scalar
    one_long_line(root / "line" / "compose.yml")  # 50 MB on one line
    write_good(root)
    return root


def _check_json(root: Path, limit, timeout: int):  # noqa: ANN001, ANN202
    """``composelint check --output-format json .`` in ``root`` under a memory limit."""
    return run_cli(
        "check", "--output-format", "json", ".", cwd=root, preexec_fn=limit, timeout=timeout
    )


def test_50_mb_compose_files_are_checked_or_refused_in_bounded_memory(big_tree: Path) -> None:
    run = _check_json(big_tree, limit_address_space(), 1200)
    assert run.code == 1, run.stderr[-2000:]
    # Past a million nodes a file is refused as soon as the parser reaches them.
    for name in ("environment", "services"):
        found = run.messages(f"{name}/compose.yml")
        assert len(found) == 1, found
        code, message = found[0]
        assert code == "CL001" and message.startswith("file too large to check: more than"), found
    # Big text in few nodes is checked like any file.
    for name in ("block", "line"):
        assert [c for c, _m in run.messages(f"{name}/compose.yml")] == ["CL203"], name
    assert_good_reported(run)


def test_50_mb_dockerfile_is_refused_with_one_error_in_little_memory(tmp_path: Path) -> None:
    big_dockerfile(tmp_path / "bad" / "Dockerfile")  # 1.7 million lines
    write_good(tmp_path)
    # Parsed whole, this file needed 1.15 GB; refused, it is checked within 1 GiB.
    run = _check_json(tmp_path, limit_address_space(1024**3), 300)
    assert run.code == 1, run.stderr[-2000:]
    assert run.messages("bad/Dockerfile") == [
        (
            "CL001",
            "file too large to check: 1,692,001 lines, more than the 100,000 a Dockerfile may have",
        )
    ]
    assert_good_reported(run)


def test_a_dockerfile_word_of_megabytes_is_read_in_little_memory(tmp_path: Path) -> None:
    # One 20 MB word took 2.4 GB; a 6 MB nest of defaults took 20 s.
    write(tmp_path / "word" / "Dockerfile", f"FROM alpine:3.20\nRUN {'x' * 20 * MB}\nUSER app\n")
    nest = "${A:-" * 1_000_000 + "root" + "}" * 1_000_000
    write(tmp_path / "nest" / "Dockerfile", f"FROM alpine:3.20\nUSER {nest}\n")
    write_good(tmp_path)
    run = _check_json(tmp_path, limit_address_space(1024**3), 300)
    assert run.code == 1, run.stderr[-2000:]
    assert run.messages("word/Dockerfile") == []
    assert run.messages("nest/Dockerfile") == []  # the user is unknown: nothing to say
    assert_good_reported(run)


LONG = 300_000  # quadratic work on a value this long takes minutes; linear, milliseconds
LONG_VALUES = {
    "word": "x" * LONG,
    "url-like": "ab1-" * (LONG // 4),
    "digits": "1" * LONG,
    "host-port": "db:5432 " * (LONG // 8),
    "colons": "a:" * (LONG // 2),
    "interpolation": "${A:-" * (LONG // 5),
}


@pytest.mark.parametrize("field", ["environment", "ports", "volumes", "durations"])
def test_long_values_are_read_without_crash_or_stall(tmp_path: Path, field: str) -> None:
    services = []
    for index, value in enumerate(LONG_VALUES.values()):
        body = {
            # A published port makes the rules read every service's environment.
            "environment": f"    ports: ['{20000 + index}:6379']\n    environment:\n"
            f"      DB_URL: 'postgres://{value}'\n      DB_HOST: '{value}'\n      NOTE: '{value}'\n",
            "ports": f"    ports: ['{value}:80', '127.0.0.1:{value}']\n",
            "volumes": f"    volumes: ['./{value}:/etc/{value}']\n    mem_limit: '{value}'\n",
            "durations": "    healthcheck:\n      test: [CMD, 'true']\n"
            f"      interval: '{'1s' * (LONG // 2)}'\n      timeout: '{value}s'\n",
        }[field]
        services.append(f"  s{index}:\n    image: redis:7\n    user: '1'\n{body}")
    write(tmp_path / "long" / "compose.yml", "services:\n" + "".join(services))
    write_good(tmp_path)
    run = run_cli("check", "--output-format", "json", str(tmp_path), timeout=300)
    codes = {c for c, _m in run.messages("long/compose.yml")}
    assert not codes & {"CL000", "CL001"}, run.messages("long/compose.yml")[:3]
    assert run.code == 1
    assert_good_reported(run)


def test_a_one_line_flow_list_of_300000_ports_is_refused_at_once(tmp_path: Path) -> None:
    flow_ports(tmp_path / "bad" / "compose.yml", 300_000)
    write_good(tmp_path)
    # It took over 90 s; past 100,000 YAML nodes a file is refused as the parser reaches them.
    run = _check_json(tmp_path, limit_address_space(1024**3), 30)
    [(code, message)] = run.messages("bad/compose.yml")
    assert code == "CL001" and message.startswith("file too large to check: more than 100,000")
    assert_good_reported(run)
