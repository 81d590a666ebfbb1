"""Hostile daemon.json files: each gets one message (or its findings), never a traceback,
in bounded time and memory; the files beside them are still checked."""

from __future__ import annotations

import os
import time
from pathlib import Path

from tests.hostile_support import (
    MB,
    assert_good_reported,
    limit_address_space,
    run_cli,
    write,
    write_good,
)


def test_hostile_daemon_json_files_each_get_one_message(tmp_path: Path) -> None:
    docker = "etc/docker/daemon.json"  # clearly Docker's: an error, not a note
    cases: dict[str, str | bytes] = {
        "deep": '{"dns": ' + "[" * 500_000 + "]" * 500_000 + "}",
        "many": '{"dns": [' + "1," * 2_000_000 + "1]}",
        "comment": '// Docker\n{"iptables": true}\n',
        "trailing": '{"iptables": true,}\n',
        "utf8": b'{"iptables": "\xff\xfe"}\n',
        "binary": b"\x7fELF\x00\x00\x01\x00",
        "array": "[1, 2, 3]\n",
    }
    for name, data in cases.items():
        write(tmp_path / name / docker, data)
    write(tmp_path / "string" / docker, '{"log-opts": {"tag": "' + "x" * (50 * MB) + '"}}')
    sparse = tmp_path / "sparse" / docker  # 2 GB that take no disk space
    sparse.parent.mkdir(parents=True)
    with open(sparse, "wb") as handle:
        handle.write(b'{"iptables": true}')
        handle.truncate(2 * 1024**3)
    write(tmp_path / "other" / "daemon.json", b'{"port": "\xff"}')  # may be another program's
    write_good(tmp_path)

    started = time.perf_counter()
    run = run_cli(
        "check",
        "--output-format",
        "json",
        "--select",
        "ALL",
        ".",
        cwd=tmp_path,
        preexec_fn=limit_address_space(),
        timeout=300,
    )
    assert time.perf_counter() - started < 120
    assert run.code == 1, run.stderr[-2000:]
    expected = {
        "deep": "nested deeper than 100 levels",
        "many": "more than 100000 values",
        "comment": "invalid character '/' looking for beginning of value",
        "trailing": "invalid character '}' looking for beginning of object key string",
        "utf8": "invalid UTF-8",
        "binary": "binary file",
        "array": "must hold a JSON object",
        "sparse": "over the 67108864 byte limit",
    }
    for name, fragment in expected.items():
        found = run.messages(f"{name}/{docker}")
        assert len(found) == 1 and found[0][0] == "CL001" and fragment in found[0][1], (name, found)
    assert [c for c, _m in run.messages(f"string/{docker}")] == ["CL501", "CL503", "CL504", "CL505"]
    [(code, message)] = run.messages("other/daemon.json")
    assert code == "CL001" and "not checked" in message
    severities = {
        os.path.normpath(f["path"]).split(os.sep)[0]: {d["severity"] for d in f["diagnostics"]}
        for f in run.document["files"]
    }
    assert severities["other"] == {3} and severities["trailing"] == {1}
    assert_good_reported(run, hardening=True)
