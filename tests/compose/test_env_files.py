"""Env files a project reads: lines docker compose refuses are CL001 in the env file."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from composelint.cli.main import main
from composelint.run import engine

COMPOSE = "services:\n  web:\n    image: nginx:1.27\n    privileged: true\n"
REFUSED = '# settings\nGOOD=1\nBAD KEY=2\nQUOTE="never closed\n'
ODD_BUT_ACCEPTED = 'KEY: value\n=value\nA="x" B=2\nR=${NEEDED:?set it}\n'


def _write(root: Path, files: dict[str, str | bytes]) -> None:
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode() if isinstance(data, str) else data)


def _cli_json(*args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, dict]:
    with pytest.raises(SystemExit) as exit_info:
        main(["check", "--output-format", "json", *args])
    return int(exit_info.value.code), json.loads(capsys.readouterr().out)


def _by_path(document: dict) -> dict[str, list[tuple[str, int, str]]]:
    return {
        os.path.basename(f["path"]): [
            (d["code"], d["range"]["start"]["line"], d["message"]) for d in f["diagnostics"]
        ]
        for f in document["files"]
    }


def test_the_first_line_compose_refuses_is_cl001_at_that_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(tmp_path, {"compose.yml": COMPOSE, ".env": REFUSED})
    code, document = _cli_json(str(tmp_path), capsys=capsys)
    assert code == 1
    found = _by_path(document)
    # compose stops at the first line it refuses (the unterminated quote comes after)
    assert found[".env"] == [
        (
            "CL001",
            2,
            "docker compose cannot read this env file: "
            "variable name 'BAD KEY' cannot contain white space",
        )
    ]
    assert [c for c, _l, _m in found["compose.yml"]] == ["CL203"]
    assert document["summary"]["files"] == 2
    env_entry = next(f for f in document["files"] if f["path"].endswith(".env"))
    assert env_entry["diagnostics"][0]["range"]["end"] == {"line": 2, "character": 9}


def test_env_file_entries_are_read_unless_another_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    compose = (
        "services:\n  web:\n    image: nginx:1.27\n    user: '101'\n"
        "    env_file:\n      - config/app.env\n"
        "      - path: config/raw.env\n        format: raw\n"
    )
    _write(
        tmp_path,
        {"compose.yml": compose, "config/app.env": "A=1\nB$C=2\n", "config/raw.env": "B$C=2\n"},
    )
    code, document = _cli_json(str(tmp_path), capsys=capsys)
    assert code == 1
    found = _by_path(document)
    assert [(c, line) for c, line, _m in found["app.env"]] == [("CL001", 1)]
    assert "raw.env" not in found
    assert found["compose.yml"] == []


def test_lines_compose_accepts_give_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(
        tmp_path,
        {
            "compose.yml": "services:\n  web:\n    image: nginx:1.27\n    user: '101'\n"
            "    env_file: app.env\n",
            ".env": ODD_BUT_ACCEPTED,
            "app.env": b"NAME=caf\xe9\n",  # not UTF-8: compose passes the bytes through
        },
    )
    code, document = _cli_json(str(tmp_path), capsys=capsys)
    assert code == 0
    assert [os.path.basename(f["path"]) for f in document["files"]] == ["compose.yml"]


def test_env_file_is_reported_only_with_a_compose_file_that_reads_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(
        tmp_path,
        {
            ".env": REFUSED,
            "Dockerfile": "FROM alpine:3.20\nUSER app\n",
            "other/compose.yml": COMPOSE,
        },
    )
    code, document = _cli_json(str(tmp_path), capsys=capsys)
    assert code == 1
    assert ".env" not in _by_path(document)  # no compose file in its directory reads it


def test_override_alone_still_reports_the_projects_dot_env(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "compose.yml": COMPOSE,
            "compose.override.yml": "services:\n  web:\n    user: '101'\n",
            ".env": REFUSED,
        },
    )
    result = engine.run([str(tmp_path / "compose.override.yml")], environ={})
    kinds = {os.path.basename(f.path): f.kind for f in result.files}
    assert kinds == {".env": "env", "compose.override.yml": "compose"}
    assert result.exit_code() == 1


def test_text_and_sarif_outputs_name_the_env_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(tmp_path, {"compose.yml": COMPOSE, ".env": REFUSED})
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit):
        main(["check", "."])
    text = capsys.readouterr().out
    assert ".env:3:1: CL001 [error] docker compose cannot read this env file" in text
    assert "  BAD KEY=2\n  ^^^^^^^^^\n" in text
    with pytest.raises(SystemExit):
        main(["check", "--output-format", "sarif", "."])
    results = json.loads(capsys.readouterr().out)["runs"][0]["results"]
    places = [
        (r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
        for r in results
    ]
    assert ("CL001", ".env") in places and ("CL203", "compose.yml") in places
