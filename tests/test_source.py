"""Reading a file: only regular files, never more than the limit, never blocking."""

from __future__ import annotations

import os
import pickle
import re
import subprocess
import sys
from pathlib import Path

import pytest

from composelint.run.engine import run
from composelint.source import DecodeError, lazy_pattern, read_bytes


def test_a_regular_file_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "compose.yml"
    path.write_bytes(b"services: {}\n")
    assert read_bytes(path) == b"services: {}\n"


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / ".env"
    os.mkfifo(fifo)
    with pytest.raises(DecodeError, match="^a FIFO, not a regular file$"):
        read_bytes(fifo)


def test_an_endless_device_is_refused() -> None:
    with pytest.raises(DecodeError, match="^a character device, not a regular file$"):
        read_bytes("/dev/zero")


def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "compose.yml"
    with open(path, "wb") as handle:  # sparse: the size is known without writing it
        handle.truncate(2 * 1024 * 1024 * 1024)
    with pytest.raises(DecodeError, match="over the 1000 byte limit"):
        read_bytes(path, limit=1000)


def test_references_to_devices_say_what_they_are(tmp_path: Path) -> None:
    (tmp_path / "compose.yml").write_text(
        "include: [/dev/zero]\nservices:\n  web:\n    image: myapp:1\n    env_file: /dev/zero\n"
    )
    found = run([str(tmp_path)], environ={}).diagnostics
    assert sorted(d.message for d in found if d.code == "CL006") == [
        "env_file names '/dev/zero', which is a character device, not a regular file",
        "include names '/dev/zero', which is a character device, not a regular file",
    ]


def test_an_env_file_linked_to_an_endless_device_is_named_not_read(tmp_path: Path) -> None:
    (tmp_path / "compose.yml").write_text("services:\n  web:\n    image: myapp:1\n")
    (tmp_path / ".env").symlink_to("/dev/zero")
    result = run([str(tmp_path)], environ={})
    assert [(f.path, [d.message for d in f.diagnostics]) for f in result.files] == [
        (
            str(tmp_path / ".env"),
            ["docker compose cannot read this env file: a character device, not a regular file"],
        ),
        (str(tmp_path / "compose.yml"), []),
    ]


def test_a_lazy_pattern_matches_as_the_compiled_one_does() -> None:
    lazy = lazy_pattern(r"(?P<name>[a-z]+)=(\d+)", re.IGNORECASE)
    compiled = re.compile(r"(?P<name>[a-z]+)=(\d+)", re.IGNORECASE)
    text = "A=1 b=22 ?=3"
    assert lazy.search(text).groups() == compiled.search(text).groups()  # type: ignore[union-attr]
    assert lazy.findall(text) == compiled.findall(text)
    assert lazy.sub(r"\g<name>", text) == compiled.sub(r"\g<name>", text)
    assert (lazy.pattern, lazy.flags, lazy.groups) == (compiled.pattern, compiled.flags, 2)
    assert lazy.groupindex == {"name": 1}
    assert lazy_pattern(rb"x+").split(b"axxb") == [b"a", b"b"]
    # It crosses to a worker process as the pattern it stands for.
    assert pickle.loads(pickle.dumps(lazy)).fullmatch("ab=7") is not None
    assert not hasattr(lazy, "no_such_attribute")


def test_a_one_file_check_compiles_only_the_patterns_it_uses(tmp_path: Path) -> None:
    """Start-up: the patterns of rules, readers and file kinds a compose file does not
    need are never compiled (``re``'s cache holds each compiled pattern)."""
    compose = tmp_path / "compose.yaml"
    compose.write_text("services:\n  web:\n    image: nginx:1.27\n    ports: ['8080:80']\n")
    probe = (
        "import re, sys\n"
        "from composelint.cli.main import main\n"
        "sys.argv = ['composelint', 'check', sys.argv[1]]\n"
        "try:\n    main()\n"
        "except SystemExit:\n    pass\n"
        "from composelint.rules.registry import all_rules\n"
        "print(len(re._cache), len(all_rules()))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, str(compose)], capture_output=True, text=True, check=True
    )
    compiled, rules = map(int, done.stdout.split()[-2:])
    assert rules >= 30
    assert compiled < 80  # 42 here; compiled as their modules loaded, 127
