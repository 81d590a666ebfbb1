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


def test_a_named_file_that_is_not_checked_gets_a_note(
    stack: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (stack / "notes.txt").write_text("hello\n", encoding="utf-8")
    (stack / "settings.yml").write_text("debug: true\n", encoding="utf-8")
    assert (
        _check(str(stack / "compose.yml"), str(stack / "notes.txt"), str(stack / "settings.yml"))
        == 1
    )
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"{stack / 'notes.txt'}: note: not a compose file, Dockerfile, shell script, Makefile,"
        " Python, Markdown, workflow or daemon.json: skipped",
        f"{stack / 'settings.yml'}: note: YAML without a top-level 'services:' mapping: not a"
        " compose file: skipped",
    ]
    assert _check("--no-skip-notes", str(stack / "notes.txt")) == 0
    assert capsys.readouterr().err == ""


def test_a_run_that_found_nothing_to_check_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "README.txt").write_text("nothing here\n", encoding="utf-8")
    assert _check(str(tmp_path)) == 0
    printed = capsys.readouterr()
    assert printed.out == "0 files, 0 problems, 0 fixable with --fix (0 more with --unsafe-fixes)\n"
    assert printed.err.startswith(f"composelint: note: nothing to check in {tmp_path} (")
    assert _check("-q", str(tmp_path)) == 0
    assert capsys.readouterr() == ("", "")


PIPED = 'services:\n  web:  # the shop\n    image: example/app:1.2\n    ports: ["80:80"]\n'


def _piped(cwd: Path, text: str, *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "composelint", "check", *argv],
        input=text,
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=60,
    )


def test_dash_reads_standard_input_as_a_compose_file(tmp_path: Path) -> None:
    done = _piped(tmp_path, PIPED, "-")
    assert done.returncode == 1
    assert done.stdout.startswith("compose.yaml:4:13: CL102 [warning] [~] port 80")
    shell = _piped(
        tmp_path, "docker run -d -p 8080:80 shop:1.4\n", "--stdin-filename", "deploy.sh", "-"
    )
    assert shell.stdout.startswith("deploy.sh:1:18: CL102 [warning]"), shell.stdout
    both = _piped(tmp_path, PIPED, "-", "other.yml")
    assert both.returncode == 2 and "cannot be combined" in both.stderr


def test_stdin_with_fix_prints_the_fixed_text_and_writes_nothing(tmp_path: Path) -> None:
    done = _piped(tmp_path, PIPED, "--fix", "--unsafe-fixes", "--stdin-filename", "app/compose.yml")
    assert done.returncode == 0, done.stderr
    assert done.stdout == PIPED.replace('"80:80"', '"127.0.0.1:80:80"')
    assert done.stderr == ""
    assert list(tmp_path.iterdir()) == []
    safe_only = _piped(tmp_path, PIPED, "--fix", "-")
    assert safe_only.stdout == PIPED  # the publish fix is unsafe: the text comes back as it was
    assert safe_only.returncode == 1 and "CL102 [warning] [~]" in safe_only.stderr


def test_stdin_with_diff_prints_a_diff(tmp_path: Path) -> None:
    done = _piped(tmp_path, PIPED, "--diff", "--unsafe-fixes", "-")
    assert done.returncode == 1
    assert done.stdout.splitlines()[:2] == ["--- a/compose.yaml", "+++ b/compose.yaml"]
    assert '+    ports: ["127.0.0.1:80:80"]' in done.stdout


def test_statistics_count_findings_per_code(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "compose.yml").write_text(
            "services:\n  web:\n    image: example/app:1.2\n    ports: ['8080:80']\n"
            "    privileged: true\n  db:\n    image: postgres:16\n    user: postgres\n"
            "    ports: ['5432:5432']\n",
            encoding="utf-8",
        )
    assert _check("--statistics", str(tmp_path)) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[:2] == [
        "4  CL102   [*] port-published-on-all-interfaces",
        "2  CL203       privileged-container",
    ]
    assert lines[2].startswith("2 files, 6 problems")
    assert _check("--statistics", "--output-format", "json", str(tmp_path)) == 1
    document = json.loads(capsys.readouterr().out)
    assert document["version"] == 1 and len(document["files"]) == 2
    assert document["statistics"][0] == {
        "code": "CL102",
        "name": "port-published-on-all-interfaces",
        "count": 4,
        "fixable": 2,
        "unsafe_fixable": 2,
    }


def test_a_baseline_hides_accepted_findings_and_survives_lines_moving(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    compose = tmp_path / "compose.yml"
    compose.write_text(
        "services:\n  web:\n    image: example/app:1.2\n    ports: ['8080:80']\n"
        "    privileged: true\n",
        encoding="utf-8",
    )
    baseline = tmp_path / "composelint-baseline.json"
    assert _check("--write-baseline", str(baseline), str(tmp_path)) == 0
    printed = capsys.readouterr()
    assert printed.out == ""
    assert printed.err.endswith(f"wrote a baseline of 2 findings to {baseline}\n")
    document = json.loads(baseline.read_text(encoding="utf-8"))
    assert document["version"] == 1
    assert sorted((f["path"], f["code"], f["count"]) for f in document["findings"]) == [
        ("compose.yml", "CL102", 1),
        ("compose.yml", "CL203", 1),
    ]
    # Lines added above move every finding; a new finding is reported, the old are not.
    compose.write_text(
        "# the shop\nservices:\n  web:\n    image: example/app:1.2\n    ports: ['8080:80']\n"
        "    privileged: true\n    cap_add: [SYS_ADMIN]\n",
        encoding="utf-8",
    )
    assert _check("--baseline", str(baseline), "--output-format", "json", str(tmp_path)) == 1
    report = json.loads(capsys.readouterr().out)
    assert [d["code"] for f in report["files"] for d in f["diagnostics"]] == ["CL204"]
    assert report["summary"]["diagnostics"] == 1
    compose.write_text(
        "# the shop\nservices:\n  web:\n    image: example/app:1.2\n    ports: ['8080:80']\n"
        "    privileged: true\n",
        encoding="utf-8",
    )
    assert _check("--baseline", str(baseline), str(tmp_path)) == 0


def test_a_baseline_that_is_not_one_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "baseline.json"
    bad.write_text('{"findings": []}', encoding="utf-8")
    assert _check("--baseline", str(bad), str(tmp_path)) == 2
    assert capsys.readouterr().err == (
        f"composelint: error: {bad}: not a composelint baseline of version 1\n"
    )
    bad.write_text("{", encoding="utf-8")
    assert _check("--baseline", str(bad), str(tmp_path)) == 2
    assert "invalid JSON" in capsys.readouterr().err
