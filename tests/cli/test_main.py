"""The entry point: which command runs, which path reads the arguments, how it exits."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from composelint import __version__
from tests.cli import REPO, run_cli

STACK = str(REPO / "examples" / "insecure-stack" / "compose.yaml")


def _modules_after(argv: list[str]) -> tuple[str, set[str]]:
    """What ``main(argv)`` printed, and which of typer and the fast parser it imported."""
    probe = (
        "import sys\n"
        "from composelint.cli.main import main\n"
        "try:\n"
        f"    main({argv!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "sys.stderr.write(' '.join(m for m in ('typer', 'composelint.cli.fast') "
        "if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    return done.stdout, set(done.stderr.split())


def test_version_flag_prints_what_the_version_command_prints() -> None:
    flag, command = run_cli("--version"), run_cli("version")
    assert (flag.returncode, command.returncode) == (0, 0)
    assert flag.stdout == command.stdout == f"composelint {__version__}\n"


def test_version_flag_through_typer_too() -> None:
    proc = run_cli("--version", "--help")  # not plain: typer reads it; --version is eager
    assert (proc.returncode, proc.stdout) == (0, f"composelint {__version__}\n")


def test_a_plain_check_does_not_import_typer() -> None:
    out, imported = _modules_after(["check", "--output-format", "json", STACK])
    assert '"diagnostics"' in out
    assert imported == {"composelint.cli.fast"}
    out, imported = _modules_after([STACK])  # the default command
    assert ": CL" in out and imported == {"composelint.cli.fast"}


def test_help_comes_from_typer() -> None:
    out, imported = _modules_after(["check", "--help"])
    assert "--output-format" in out and "typer" in imported
    out, _imported = _modules_after(["--help"])
    for command in ("check", "rules", "rule", "lsp", "version", "--version"):
        assert command in out


def test_a_first_argument_that_is_no_command_is_a_path(tmp_path: Path) -> None:
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "compose.yml").write_text(
        "services:\n  web:\n    image: x\n    privileged: true\n"
    )
    proc = subprocess.run(
        [sys.executable, "-m", "composelint", "--fail-on", "error", "rules"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert proc.returncode == 1 and "CL203" in proc.stdout


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--output-format", "xml", "."], "'xml'"),
        (["check", "--nope"], "--nope"),
        (["--fix=yes"], "--fix"),
        (["--jobs", "0"], "--jobs"),
        (["rule"], "CODE"),
        (["lsp", "--debounce-ms", "99999"], "--debounce-ms"),
    ],
)
def test_a_usage_error_is_one_line_and_exits_2(args: list[str], named: str) -> None:
    proc = run_cli(*args)
    assert proc.returncode == 2
    [line] = proc.stderr.splitlines()
    assert line.startswith("composelint: error: ") and named in line
    assert line.endswith("--help')")
    assert proc.stdout == ""


def test_a_reader_that_goes_away_ends_the_output_quietly() -> None:
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "VIRTUAL_ENV")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "composelint", "rules"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    proc.stdout.close()  # type: ignore[union-attr]  # before it writes: as `| head -0`
    err = proc.stderr.read().decode()  # type: ignore[union-attr]
    assert proc.wait(timeout=120) == 1
    assert err == ""


def _entry(probe: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``probe`` (Python run first), then the console script's ``entry()`` with ``args``;
    standard output goes to a file, where it is block-buffered."""
    script = (
        "import sys\n"
        f"{probe}\n"
        "from composelint.cli.main import entry\n"
        f"sys.argv = ['composelint', *{list(args)!r}]\n"
        "entry()\n"
    )
    with open(cwd / "out.txt", "w", encoding="utf-8") as out:
        done = subprocess.run(
            [sys.executable, "-c", script],
            stdout=out,
            stderr=subprocess.PIPE,
            text=True,
            cwd=cwd,
            timeout=120,
        )
    done.stdout = (cwd / "out.txt").read_text(encoding="utf-8")
    return done


def test_the_quick_exit_keeps_the_exit_code_and_every_byte_of_output(tmp_path: Path) -> None:
    ours = _entry("", "check", "--output-format", "json", STACK, cwd=tmp_path)
    plain = run_cli("check", "--output-format", "json", STACK)
    assert ours.returncode == plain.returncode == 1
    assert ours.stdout == plain.stdout and ours.stdout.endswith("}\n")
    clean = tmp_path / "compose.yaml"
    clean.write_text("services:\n  web:\n    image: nginx@sha256:" + "a" * 64 + "\n")
    assert _entry("", "check", "-q", str(clean), cwd=tmp_path).returncode == 0
    missing = _entry("", "check", str(tmp_path / "nothing-here.yml"), cwd=tmp_path)
    assert missing.returncode == 2 and "nothing-here.yml" in missing.stdout + missing.stderr


def test_an_exit_handler_or_a_thread_gets_the_ordinary_exit(tmp_path: Path) -> None:
    handler = "import atexit; atexit.register(lambda: print('handler ran'))"
    done = _entry(handler, "check", "-q", STACK, cwd=tmp_path)
    assert done.returncode == 1 and done.stdout.endswith("handler ran\n")
    thread = (
        "import threading, time\n"
        "threading.Thread(target=lambda: (time.sleep(0.5), print('thread done'))).start()"
    )
    done = _entry(thread, "check", "-q", STACK, cwd=tmp_path)
    assert done.returncode == 1 and done.stdout.endswith("thread done\n")
