"""The progress line: shown to a person at a terminal, never in pipes or machine formats."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

FILES = 250  # more than progress.MIN_FILES, and more than one batch


@pytest.fixture(scope="module")
def big_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("tree")
    for n in range(FILES):
        folder = root / f"app{n:03d}"
        folder.mkdir()
        (folder / "compose.yml").write_text("services:\n  web:\n    image: nginx:1.27\n")
    # One finding, so that findings and the progress line share the terminal.
    (root / "app000" / "compose.yml").write_text(
        "services:\n  web:\n    image: nginx:1.27\n    privileged: true\n"
    )
    return root


def _run(args: list[str], *, stdout_tty: bool, stderr_tty: bool) -> tuple[str, str]:
    """Run composelint with stdout and/or stderr on a pseudo-terminal; (terminal, pipes)."""
    primary, secondary = os.openpty()
    stdout = secondary if stdout_tty else subprocess.PIPE
    stderr = secondary if stderr_tty else subprocess.PIPE
    process = subprocess.Popen(
        [sys.executable, "-m", "composelint", *args], stdout=stdout, stderr=stderr
    )
    os.close(secondary)
    terminal = bytearray()
    while True:
        try:
            chunk = os.read(primary, 65536)
        except OSError:  # the terminal closed: the child has exited
            break
        if not chunk:
            break
        terminal.extend(chunk)
    piped_out, piped_err = process.communicate()
    os.close(primary)
    piped = (piped_out or b"") + (piped_err or b"")
    return terminal.decode(), piped.decode()


def test_progress_shown_on_a_terminal_and_cleared(big_tree: Path) -> None:
    terminal, _piped = _run(["check", str(big_tree)], stdout_tty=True, stderr_tty=True)
    assert "\rchecked 100/250 files" in terminal
    assert "\rchecked 200/250 files" in terminal
    # Wiped before the summary: the last thing on screen is the summary line.
    last_progress = terminal.rindex("checked 200/250 files")
    wipe = terminal.index("\r" + " " * len("checked 200/250 files") + "\r", last_progress)
    assert "250 files, 1 problem" in terminal[wipe:]
    assert "CL203" in terminal


def test_no_progress_when_stdout_is_piped(big_tree: Path) -> None:
    terminal, piped = _run(["check", str(big_tree)], stdout_tty=False, stderr_tty=True)
    assert "checked" not in terminal
    assert "250 files, 1 problem" in piped


def test_no_progress_in_json_output(big_tree: Path) -> None:
    terminal, _piped = _run(
        ["check", "--output-format", "json", str(big_tree)], stdout_tty=True, stderr_tty=True
    )
    assert "checked" not in terminal
    assert '"summary"' in terminal
