"""The CI options: --exit-zero, -o/--output-file, -q/--quiet, -s/--silent, and colour:
on a terminal only (driven through a pseudo-terminal), NO_COLOR and FORCE_COLOR honoured."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from composelint.cli.check_command import parse_plain, run_check

ESC = "\x1b["


@pytest.fixture
def stack(tmp_path: Path) -> Path:
    (tmp_path / "compose.yml").write_text(
        "services:\n  web:\n    image: example/app:1.2\n    ports: ['8080:80']\n"
        "    privileged: true\n",
        encoding="utf-8",
    )
    return tmp_path


def _check(*argv: str) -> int:
    args = parse_plain(list(argv))
    assert args is not None, argv
    return run_check(args)


def test_exit_zero_turns_findings_into_success_but_not_failures(
    stack: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _check(str(stack)) == 1
    assert _check("--exit-zero", str(stack)) == 0
    assert "CL203 [error]" in capsys.readouterr().out
    assert _check("--exit-zero", str(stack / "missing")) == 2


def test_output_file_gets_the_report_and_stdout_stays_empty(
    stack: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = stack / "out" / "report.json"
    report.parent.mkdir()
    assert _check("-o", str(report), "--output-format", "json", str(stack)) == 1
    assert capsys.readouterr().out == ""
    assert '"code": "CL203"' in report.read_text(encoding="utf-8")
    assert _check("--output-file", str(stack / "nowhere" / "x.txt"), str(stack)) == 2
    assert "cannot write" in capsys.readouterr().err


def test_diff_goes_to_the_output_file(stack: Path, capsys: pytest.CaptureFixture[str]) -> None:
    diff = stack / "fixes.diff"
    assert _check("--diff", "--unsafe-fixes", "-o", str(diff), str(stack / "compose.yml")) == 1
    assert capsys.readouterr().out == ""
    assert "+    ports: ['127.0.0.1:8080:80']" in diff.read_text(encoding="utf-8")


def test_quiet_prints_findings_only(stack: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (stack / "compose.yaml").mkdir()  # a directory named like a file: a note, normally
    assert _check(str(stack), str(stack / "compose.yaml")) == 1
    loud = capsys.readouterr()
    assert "problem" in loud.out and "note:" in loud.err
    assert _check("-q", str(stack), str(stack / "compose.yaml")) == 1
    quiet = capsys.readouterr()
    assert "CL203 [error]" in quiet.out and "problem" not in quiet.out.splitlines()[-1]
    assert quiet.err == ""


def test_silent_prints_nothing_and_keeps_the_exit_code(
    stack: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _check("-s", str(stack)) == 1
    assert _check("--silent", "--fix", "--unsafe-fixes", str(stack)) == 1
    printed = capsys.readouterr()
    assert (printed.out, printed.err) == ("", "")
    assert "127.0.0.1:8080:80" in (stack / "compose.yml").read_text(encoding="utf-8")


def _through_a_terminal(stack: Path, env: dict[str, str], *argv: str) -> str:
    """What composelint prints with its standard output on a pseudo-terminal."""
    leader, follower = pty.openpty()
    environ = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    process = subprocess.Popen(
        [sys.executable, "-m", "composelint", "check", *argv, str(stack)],
        stdout=follower,
        stderr=subprocess.DEVNULL,
        env={**environ, **env},
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the other side closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=60)
    os.close(leader)
    return b"".join(chunks).decode("utf-8")


def _through_a_pipe(stack: Path, env: dict[str, str], *argv: str) -> str:
    environ = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    return subprocess.run(
        [sys.executable, "-m", "composelint", "check", *argv, str(stack)],
        capture_output=True,
        text=True,
        env={**environ, **env},
        timeout=60,
    ).stdout


def test_colour_on_a_terminal_and_not_in_a_pipe(stack: Path) -> None:
    coloured = _through_a_terminal(stack, {})
    assert f"{ESC}1;31m[error]{ESC}0m" in coloured
    assert f"{ESC}1mCL203{ESC}0m" in coloured
    assert ESC not in _through_a_pipe(stack, {})


def test_no_color_and_force_color(stack: Path) -> None:
    assert ESC not in _through_a_terminal(stack, {"NO_COLOR": "1"})
    assert ESC in _through_a_terminal(stack, {"NO_COLOR": ""})  # empty: not set
    assert ESC in _through_a_pipe(stack, {"FORCE_COLOR": "1"})
    assert ESC not in _through_a_pipe(stack, {"FORCE_COLOR": "0"})
    assert ESC not in _through_a_pipe(stack, {"FORCE_COLOR": "1", "NO_COLOR": "1"})


def test_color_option_overrides_the_environment(stack: Path) -> None:
    assert ESC in _through_a_pipe(stack, {"NO_COLOR": "1"}, "--color", "always")
    assert ESC not in _through_a_terminal(stack, {"FORCE_COLOR": "1"}, "--color", "never")
    assert ESC not in _through_a_pipe(stack, {"FORCE_COLOR": "1"}, "--output-format", "json")
