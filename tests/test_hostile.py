"""Hostile and broken input: one clear message naming the file, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


def _check(tree: Path) -> tuple[int, dict, str]:
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "VIRTUAL_ENV")}
    proc = subprocess.run(
        [sys.executable, "-m", "composelint", "--output-format", "json", str(tree)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc.returncode, json.loads(proc.stdout), proc.stderr


def _messages(document: dict, name: str) -> list[tuple[str, str]]:
    for file in document["files"]:
        if file["path"].endswith(name):
            return [(d["code"], d["message"]) for d in file["diagnostics"]]
    raise AssertionError(f"{name} not listed")


def _write(path: Path, data: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode() if isinstance(data, str) else data)


def test_broken_files_each_get_one_message_and_the_rest_is_checked(tmp_path: Path) -> None:
    cases = {
        "empty": "",
        "comments": "# nothing here\n",
        "tabs": "services:\n\tweb:\n\t\timage: x\n",
        "list": "- a\n- b\n",
        "scalar": "hello\n",
        "tag": "services:\n  web:\n    image: !custom x\n",
        "python": "services:\n  web:\n    image: !!python/object/apply:os.system [id]\n",
        "dupe": "services:\n  web:\n    image: a\n    image: b\n",
        "deep": "services: " + "[" * 10_000 + "]" * 10_000 + "\n",
        "bomb": "a: &a [x,x,x,x,x,x,x,x,x,x]\n"
        + "".join(
            f"{c}: &{c} [" + ",".join([f"*{p}"] * 10) + "]\n"
            for p, c in zip("abcdefgh", "bcdefghi", strict=True)
        ),
    }
    for name, text in cases.items():
        _write(tmp_path / name / "compose.yml", text)
    _write(tmp_path / "binary" / "compose.yml", b"\x7fELF\x00\x00\x01")
    _write(tmp_path / "utf8" / "compose.yml", b"services:\n  a:\n    image: \xff\n")
    (tmp_path / "dir" / "compose.yml").mkdir(parents=True)
    _write(
        tmp_path / "good" / "compose.yml", "services:\n  web:\n    image: x\n    privileged: true\n"
    )
    (tmp_path / "good" / "loop").symlink_to(tmp_path / "good")
    code, document, _stderr = _check(tmp_path)
    assert code == 2  # the symlink loop is reported as an unreadable path
    expected = {
        "empty": ("CL002", "is empty"),
        "comments": ("CL002", "has only comments"),
        "tabs": ("CL001", "cannot start any token"),
        "list": ("CL002", "must be a mapping, got a list"),
        "scalar": ("CL002", "must be a mapping, got a scalar"),
        "tag": ("CL001", "unsupported YAML tag !custom"),
        "python": ("CL001", "unsupported YAML tag"),
        "dupe": ("CL001", "duplicate key 'image'"),
        "deep": ("CL001", "nests deeper than 100 levels"),
        "bomb": ("CL001", "through its aliases"),
        "binary": ("CL001", "binary file"),
        "utf8": ("CL001", "invalid UTF-8"),
    }
    for name, (want_code, fragment) in expected.items():
        found = _messages(document, f"{name}/compose.yml")
        assert len(found) == 1 and found[0][0] == want_code and fragment in found[0][1], (
            name,
            found,
        )
    assert [c for c, _m in _messages(document, "good/compose.yml")] == ["CL203"]
    assert any("loop" in e["path"] for e in document["errors"])


def test_a_path_that_does_not_exist(tmp_path: Path) -> None:
    code, document, _stderr = _check(tmp_path / "missing")
    assert code == 2 and document["errors"][0]["message"] == "No such file or directory"


def test_a_binary_dot_env_is_one_cl001_and_the_rest_is_checked(tmp_path: Path) -> None:
    _write(
        tmp_path / "app" / "compose.yml", "services:\n  app:\n    image: redis:7\n    user: '1'\n"
    )
    _write(tmp_path / "app" / ".env", b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 64)
    _write(
        tmp_path / "good" / "compose.yml", "services:\n  web:\n    image: x\n    privileged: true\n"
    )
    code, document, _stderr = _check(tmp_path)
    assert code == 1
    found = _messages(document, "app/.env")
    assert len(found) == 1 and found[0][0] == "CL001", found
    assert found[0][1].startswith("docker compose cannot read this env file: unexpected character")
    assert _messages(document, "app/compose.yml") == []
    assert [c for c, _m in _messages(document, "good/compose.yml")] == ["CL203"]
