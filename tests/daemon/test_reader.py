"""Whose daemon.json is it, and what it sets: dockerd's keys, invalid JSON, the model."""

from __future__ import annotations

import pytest

from composelint.daemon.reader import is_dockerd_keys, read_daemon
from composelint.diagnostics import Severity
from composelint.source import Source

ETC = "/srv/role/files/etc/docker/daemon.json"  # a path that says Docker
ELSEWHERE = "/srv/tool/daemon.json"


def read(text: str, path: str = ELSEWHERE):  # noqa: ANN201
    return read_daemon(Source.from_text(path, text))


@pytest.mark.parametrize(
    ("keys", "path", "dockerd"),
    [
        (["iptables"], ELSEWHERE, True),
        (["runtimes"], ELSEWHERE, True),
        (["exec-opts"], ELSEWHERE, True),
        (["port", "workers"], ELSEWHERE, False),  # another program's daemon.json
        (["debug"], ELSEWHERE, False),  # a name other programs use too
        (["debug"], ETC, True),  # ... which counts where the path says Docker
        (["port"], ETC, False),
        ([], ETC, False),
    ],
)
def test_dockerd_keys(keys: list[str], path: str, dockerd: bool) -> None:
    assert is_dockerd_keys(keys, path) is dockerd


def test_a_dockerd_file_is_judged_and_modelled() -> None:
    text = '{\n  "ip": "0.0.0.0",\n  "icc": false,\n  "ip": "::"\n}\n'
    found = read(text)
    assert found.judged and not found.diagnostics
    config = found.config
    assert config is not None
    assert config.data == {"ip": "::", "icc": False}  # the last "ip" is the one dockerd reads
    ip = config.get("ip")
    assert ip is not None and ip.origin.raw == '"::"'
    assert ip.origin.key_span.start.line == 3
    assert (config.brace.start.offset, config.brace.end.offset) == (0, 1)


@pytest.mark.parametrize(
    "text",
    ['{"port": 7000}', "[1, 2]", '"text"', "", "  \n", '{"debug": true}'],
)
def test_another_programs_file_is_not_judged(text: str) -> None:
    found = read(text)
    assert not found.judged and found.config is None and not found.diagnostics


def test_invalid_json_of_a_docker_path_is_cl001_at_the_error() -> None:
    found = read('{\n  "debug": true,\n}\n', ETC)
    assert found.judged and found.config is None
    [error] = found.diagnostics
    assert (error.code, error.severity) == ("CL001", Severity.ERROR)
    assert (error.span.start.line, error.span.start.column) == (2, 0)
    assert "dockerd refuses to start" in error.message
    assert "looking for beginning of object key string" in error.message


def test_invalid_json_after_dockerd_keys_is_cl001() -> None:
    [error] = read('{"iptables": false, "dns": [8.8.8.8]}').diagnostics
    assert (error.code, error.severity) == ("CL001", Severity.ERROR)
    assert error.span.start.column == 31  # "8.8" is a number; the second "." is not


def test_invalid_json_that_may_be_another_programs_is_one_note() -> None:
    found = read('{"port": 7000,}')
    assert found.judged
    [note] = found.diagnostics
    assert (note.code, note.severity) == ("CL007", Severity.INFORMATION)
    assert "if this is Docker's daemon.json" in note.message


def test_a_docker_path_holding_no_object_is_cl001() -> None:
    [error] = read("[]", ETC).diagnostics
    assert error.code == "CL001" and "must hold a JSON object" in error.message
