"""Inline suppressions in YAML and Dockerfiles, and the CL003/CL004 they cause."""

from __future__ import annotations

from pathlib import Path

from composelint.run.engine import run
from composelint.run.fixing import fix_run

COMPOSE = """\
services:
  db:  # composelint: ignore CL101,CL102 -- the DBA connects from the host
    image: postgres:16
    ports:
      - "5432:5432"
  web:
    image: x:1
    environment:
      DB: postgres://db:5432/x
    ports:
      # composelint: ignore CL102
      - "8080:80"
      - "9090:90"  # composelint: ignore CL301
    privileged: true  # composelint: ignore
    cap_add: [SYS_ADMIN]  # composelint: ignore CL999
"""


def _codes(tmp_path: Path) -> list[tuple[str, int]]:
    return [(d.code, d.span.start.line) for d in run([str(tmp_path)], environ={}).diagnostics]


def test_yaml_suppressions(tmp_path: Path) -> None:
    (tmp_path / "compose.yml").write_text(COMPOSE)
    assert _codes(tmp_path) == [
        ("CL003", 1),  # CL102 on db: db's finding is CL101, so CL102 suppressed nothing
        ("CL102", 12),  # 9090 is not covered: its comment names CL301
        ("CL003", 12),
        ("CL203", 13),
        ("CL004", 13),  # no codes
        ("CL204", 14),
        ("CL004", 14),  # unknown code
    ]


def test_unused_suppression_fix_removes_only_the_unused_code(tmp_path: Path) -> None:
    (tmp_path / "compose.yml").write_text(COMPOSE)
    outcome = fix_run([str(tmp_path)], unsafe=False, environ={})
    fixed = next(iter(outcome.changed.values()))
    assert "  db:  # composelint: ignore CL101 -- the DBA connects from the host\n" in fixed
    assert '      - "9090:90"\n' in fixed


def test_file_and_dockerfile_suppressions(tmp_path: Path) -> None:
    (tmp_path / "compose.yml").write_text(
        "# composelint: ignore-file CL203\nservices:\n  a:\n    image: x:1\n    privileged: true\n"
    )
    (tmp_path / "Dockerfile").write_text(
        "FROM alpine:3.20\n# composelint: ignore CL201 -- the entrypoint drops privileges\nUSER root\n"
    )
    assert _codes(tmp_path) == []


def _dockerfile_codes(tmp_path: Path, text: str) -> list[str]:
    (tmp_path / "Dockerfile").write_text(text, encoding="utf-8")
    result = run([str(tmp_path)], environ={})
    return [d.code for d in result.diagnostics]


def test_a_hadolint_ignore_silences_the_mapped_composelint_code(tmp_path: Path) -> None:
    root = "FROM alpine:3.20\nRUN echo hi\nUSER root\n"
    assert _dockerfile_codes(tmp_path, root) == ["CL201"]
    ignored = root.replace("USER root", "# hadolint ignore=DL3002,DL3008\nUSER root")
    # DL3008 maps to nothing: passed over, no CL004; nothing unused is reported either.
    assert _dockerfile_codes(tmp_path, ignored) == []
    elsewhere = "FROM alpine:3.20\n# hadolint ignore=DL3002\nRUN echo hi\nUSER root\n"
    assert _dockerfile_codes(tmp_path, elsewhere) == ["CL201"]  # it covers the next line only


def test_a_hadolint_global_ignore_covers_the_file_and_is_never_unused(tmp_path: Path) -> None:
    text = "# hadolint global ignore=DL3002\nFROM alpine:3.20\nRUN echo hi\n"
    assert _dockerfile_codes(tmp_path, text) == []
    clean = "# hadolint global ignore=DL3002, DL3059\nFROM alpine:3.20\nUSER app\n"
    assert _dockerfile_codes(tmp_path, clean) == []  # hadolint's comment: not CL003
    unmapped = "FROM alpine:3.20\n# hadolint ignore=DL9999\nUSER app\n"
    assert _dockerfile_codes(tmp_path, unmapped) == []  # not ours to judge: not CL004
