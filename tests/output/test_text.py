"""Text output of files that try to garble or spoof the terminal, or are one huge line."""

from __future__ import annotations

import io
import json
import unicodedata
from pathlib import Path

from composelint.diagnostics.report import reports_of
from composelint.output import write_all
from composelint.output.json_format import render as render_json
from composelint.output.terminal import ELLIPSIS, MAX_COLUMNS
from composelint.output.text import TextWriter, render
from composelint.run.engine import run
from tests.hostile_support import run_cli

# A service name with an escape sequence (clear the screen) and a bidi override, written
# with YAML escapes; bidi characters written as they are in comments and values.
SPOOFING_COMPOSE = (
    'services:\n  "web\\e[2J\\u202e":\n    image: nginx  # \u202eevil\u202c\n'
    "    privileged: true  # \u2066x\u2069 日本\n"
)
# A Dockerfile may hold any byte: an OSC sequence (set the window title), a carriage
# return, a right-to-left override.
SPOOFING_DOCKERFILE = "FROM alpine\x1b]0;pwned\x07\rmalicious  # \u202e\nRUN echo hi\n"


def _raw_controls(text: str) -> list[str]:
    return [
        c for c in text if c not in "\t\n" and unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp")
    ]


def _caret_columns(output: str, shown: str) -> tuple[int, int]:
    """(first, last) column of the carets under the line ``shown`` in ``output``."""
    lines = output.splitlines()
    carets = lines[lines.index(f"  {shown}") + 1]
    return carets.index("^"), carets.rindex("^")


def test_controls_and_bidi_characters_of_a_compose_file_are_escaped(tmp_path: Path) -> None:
    (tmp_path / "compose.yml").write_text(SPOOFING_COMPOSE)
    output = render(run([str(tmp_path)], environ={}))
    assert not _raw_controls(output)
    assert "CL203 [error] service 'web\\x1b[2J\\u202e' runs privileged" in output
    shown = "    privileged: true  # \\u2066x\\u2069 日本"
    assert output.splitlines().count(f"  {shown}") == 1
    first, last = _caret_columns(output, shown)
    assert f"  {shown}"[first : last + 1] == "true"


def test_controls_in_a_dockerfile_and_its_name_are_escaped(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile.\x1b[31m").write_text(SPOOFING_DOCKERFILE)
    output = render(run([str(tmp_path)], environ={}))
    assert not _raw_controls(output)
    assert (
        "Dockerfile.\\x1b[31m:1:1: CL201 [warning] the final stage (FROM alpine\\x1b]0;pwned\\x07"
        in output
    )
    shown = "FROM alpine\\x1b]0;pwned\\x07\\x0dmalicious  # \\u202e"
    first, last = _caret_columns(output, shown)
    assert (first, last) == (2, 1 + len(shown))  # under the whole instruction


def test_json_keeps_the_exact_text(tmp_path: Path) -> None:
    (tmp_path / "compose.yml").write_text(SPOOFING_COMPOSE)
    document = json.loads(render_json(run([str(tmp_path)], environ={})))
    messages = [d["message"] for d in document["files"][0]["diagnostics"]]
    assert any("'web\x1b[2J\u202e'" in m for m in messages)


def test_one_megabyte_line_is_shown_as_a_window_with_the_caret_on_the_finding(
    tmp_path: Path,
) -> None:
    value = "x" * 1_000_000
    (tmp_path / "compose.yml").write_text(
        f'{{services: {{web: {{command: "{value}", image: "w:1", privileged: true,'
        f' labels: {{note: "{value}"}}}}}}}}\n'
    )
    output = render(run([str(tmp_path)], environ={}))
    assert len(output) < 2_000
    [shown] = [line for line in output.splitlines() if "privileged: true" in line]
    assert shown.startswith(f"  {ELLIPSIS}") and shown.endswith(ELLIPSIS)
    assert len(shown) <= 2 + MAX_COLUMNS
    first, last = _caret_columns(output, shown[2:])
    assert shown[first : last + 1] == "true"


def test_terminal_sees_no_raw_control_characters(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "compose.yml").write_text(SPOOFING_COMPOSE)
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "Dockerfile").write_text(SPOOFING_DOCKERFILE)
    result = run_cli("check", ".", cwd=tmp_path)
    assert result.code == 1
    assert not _raw_controls(result.stdout + result.stderr)
    assert (
        "b/Dockerfile:1:1: CL201 [warning] the final stage (FROM alpine\\x1b]0;pwned\\x07"
        in result.stdout
    )
    assert "a/compose.yml:4:17: CL203 [error] service 'web\\x1b[2J\\u202e'" in result.stdout


def test_long_line_on_a_latin_1_stream_is_cut_with_dots(tmp_path: Path) -> None:
    (tmp_path / "compose.yml").write_text(
        f'{{services: {{web: {{command: "{"x" * 10_000}", image: "nginx:1", privileged: true}}}}}}\n'
    )
    result = run([str(tmp_path)], environ={})
    stream = io.TextIOWrapper(io.BytesIO(), encoding="latin-1")
    write_all(TextWriter(stream), reports_of(result.files), result.errors)
    stream.flush()
    output = stream.buffer.getvalue().decode("latin-1")  # type: ignore[attr-defined]
    [shown] = [line for line in output.splitlines() if "privileged: true" in line]
    assert shown.startswith("  ...x")
