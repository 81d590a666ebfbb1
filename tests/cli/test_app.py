"""The command line as a user runs it: exit codes, formats, files named explicitly."""

from __future__ import annotations

import codecs
import json
import os
import subprocess
import sys
from pathlib import Path

from composelint.cli.main import main
from tests.cli import REPO, run_cli


def test_example_stack_reports_the_mission_findings() -> None:
    proc = run_cli("examples/insecure-stack", cwd=REPO)
    assert proc.returncode == 1
    codes = {line.split()[1] for line in proc.stdout.splitlines() if ": CL" in line}
    assert {"CL101", "CL201", "CL202", "CL203", "CL301", "CL302"} <= codes
    assert proc.stdout.rstrip().splitlines()[-1].startswith("2 files, ")
    assert "Traceback" not in proc.stderr


def test_clean_project_exits_zero(tmp_path: Path) -> None:
    (tmp_path / "compose.yml").write_text(
        "services:\n  web:\n    image: nginx:1.27\n    user: '101'\n"
    )
    proc = run_cli(str(tmp_path))
    assert proc.returncode == 0, proc.stdout
    assert (
        proc.stdout.strip()
        == "1 file, 0 problems, 0 fixable with --fix (0 more with --unsafe-fixes)"
    )


def test_missing_path_exits_two_after_checking_the_rest(tmp_path: Path) -> None:
    (tmp_path / "compose.yml").write_text(
        "services:\n  web:\n    image: x:1\n    privileged: true\n"
    )
    proc = run_cli(str(tmp_path / "nope"), str(tmp_path), "--output-format", "json")
    assert proc.returncode == 2
    document = json.loads(proc.stdout)
    assert document["summary"]["diagnostics"] == 1
    assert document["errors"][0]["message"] == "No such file or directory"


def test_fail_on_error_ignores_warnings(tmp_path: Path) -> None:
    (tmp_path / "compose.yml").write_text(
        "services:\n  web:\n    image: x:1\n    ports: ['80:80']\n"
    )
    assert run_cli(str(tmp_path)).returncode == 1
    assert run_cli("--fail-on", "error", str(tmp_path)).returncode == 0


def test_unknown_code_is_a_usage_error(tmp_path: Path) -> None:
    proc = run_cli("--select", "CL999", str(tmp_path))
    assert proc.returncode == 2
    assert "unknown rule code or prefix 'CL999'" in proc.stderr


def test_explicit_yaml_that_is_not_compose_is_skipped(tmp_path: Path) -> None:
    (tmp_path / ".gitlab-ci.yml").write_text("services:\n  - postgres\ntest:\n  script: [make]\n")
    (tmp_path / "stack.yml").write_text(
        "services:\n  db:\n    image: redis:7\n    privileged: true\n"
    )
    proc = run_cli(
        "--output-format", "json", str(tmp_path / ".gitlab-ci.yml"), str(tmp_path / "stack.yml")
    )
    document = json.loads(proc.stdout)
    assert [Path(f["path"]).name for f in document["files"]] == ["stack.yml"]


def test_override_passed_alone_loads_its_base_as_context(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("PORT=5432\n")
    (tmp_path / "compose.yml").write_text(
        "services:\n  app:\n    image: x:1\n    environment:\n      DB: postgres://db:${PORT}/x\n"
        "  db:\n    image: postgres:16\n    privileged: true\n"
    )
    (tmp_path / "compose.override.yml").write_text("services:\n  db:\n    ports: ['5432:5432']\n")
    proc = run_cli("--output-format", "json", str(tmp_path / "compose.override.yml"))
    document = json.loads(proc.stdout)
    assert [Path(f["path"]).name for f in document["files"]] == ["compose.override.yml"]
    codes = [d["code"] for d in document["files"][0]["diagnostics"]]
    assert codes == ["CL101"]  # evidence from the base file; the base's CL203 is not reported


def test_syntax_error_binary_and_bad_utf8_name_the_file(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "compose.yml").write_text("services:\n  web: [1\n")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "compose.yml").write_bytes(b"\x00\x01binary\xff")
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "compose.yml").write_bytes(b"services:\n  web:\n    image: caf\xe9\n")
    proc = run_cli(str(tmp_path))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    lines = [line for line in proc.stdout.splitlines() if ": CL001 " in line]
    assert len(lines) == 3
    assert any("a/compose.yml:3:1" in line for line in lines)
    assert any("binary" in line for line in lines)
    assert any("invalid UTF-8" in line for line in lines)


def test_bom_and_utf16_are_read_and_fixed_in_their_encoding(tmp_path: Path) -> None:
    text = 'services:\n  web:\n    image: x:1\n    ports:\n      - "8080:80"\n'
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "compose.yml").write_bytes(codecs.BOM_UTF8 + text.encode())
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "compose.yml").write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    proc = run_cli("--output-format", "json", str(tmp_path))
    document = json.loads(proc.stdout)
    starts = [f["diagnostics"][0]["range"]["start"] for f in document["files"]]
    assert starts == [{"line": 4, "character": 8}] * 2
    assert run_cli("--fix", "--unsafe-fixes", str(tmp_path)).returncode == 0
    fixed = text.replace('"8080:80"', '"127.0.0.1:8080:80"')
    assert (tmp_path / "a" / "compose.yml").read_bytes() == codecs.BOM_UTF8 + fixed.encode()
    assert (tmp_path / "b" / "compose.yml").read_bytes() == (
        codecs.BOM_UTF16_LE + fixed.encode("utf-16-le")
    )


def test_diff_prints_and_writes_nothing(tmp_path: Path) -> None:
    original = "services:\n  web:\n    image: x:1\n    ports: ['8080:80']\n"
    (tmp_path / "compose.yml").write_text(original)
    proc = run_cli("--diff", "--unsafe-fixes", str(tmp_path))
    assert "+    ports: ['127.0.0.1:8080:80']" in proc.stdout
    assert (tmp_path / "compose.yml").read_text() == original


def test_config_file_errors_are_clear(tmp_path: Path) -> None:
    (tmp_path / ".composelint.yaml").write_text("ignore: [CL102]\nseverty: {}\n")
    proc = run_cli(".", cwd=tmp_path)
    assert proc.returncode == 2
    assert "unknown key 'severty'" in proc.stderr


def test_rules_lists_codes(capsys) -> None:  # noqa: ANN001
    try:
        main(["rules"])
    except SystemExit as exc:
        assert exc.code == 0
    out = capsys.readouterr().out
    assert "CL102  port-published-on-all-interfaces" in out


def test_unusual_arguments_go_to_the_fullrun_cli(tmp_path: Path) -> None:
    assert "Usage" in run_cli("--help").stdout
    bad = run_cli("--output-format", "xml", str(tmp_path))
    assert bad.returncode == 2 and "xml" in bad.stderr
    assert run_cli("check", "--select=CL102", "--output-format=json", str(tmp_path)).returncode == 0


def test_stdin_filename_lints_the_unsaved_buffer_with_its_neighbours(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("PORT=5432\n")
    (tmp_path / "compose.yml").write_text("services:\n  db:\n    image: postgres:16\n")
    buffer = (
        "services:\n  app:\n    image: x:1\n    environment:\n      DB: postgres://db:${PORT}/x\n"
        "  db:\n    image: postgres:16\n    ports: ['5432:5432']\n"
    )
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "VIRTUAL_ENV")}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "composelint",
            "--output-format",
            "json",
            "--stdin-filename",
            str(tmp_path / "compose.yml"),
        ],
        input=buffer,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    document = json.loads(proc.stdout)
    [entry] = document["files"]
    assert entry["path"] == str(tmp_path / "compose.yml")
    assert [(d["code"], d["range"]["start"]["line"]) for d in entry["diagnostics"]] == [
        ("CL101", 7)
    ]
    assert (tmp_path / "compose.yml").read_text() == "services:\n  db:\n    image: postgres:16\n"


def test_a_directory_named_like_a_compose_file_is_walked_and_said_so(tmp_path: Path) -> None:
    odd = tmp_path / "compose.yml"
    odd.mkdir()
    (odd / "docker-compose.yml").write_text(
        "services:\n  web:\n    image: x:1\n    privileged: true\n"
    )
    proc = run_cli("compose.yml", cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stderr == "compose.yml: note: a directory, not a file: checking the files in it\n"
    assert "CL203" in proc.stdout
