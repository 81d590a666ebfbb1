"""Configuration files: found, validated, applied."""

from __future__ import annotations

from pathlib import Path

import pytest

from composelint.config import ConfigError, find_config, load_config
from composelint.diagnostics import Severity
from composelint.rules.selection import known_codes
from composelint.run.engine import run

STACK = "services:\n  web:\n    image: x\n    ports: ['80:80']\n    privileged: true\n"


def test_yaml_config_applies_ignore_severity_and_per_file_ignores(tmp_path: Path) -> None:
    (tmp_path / ".composelint.yaml").write_text(
        "severity:\n  CL203: warning\nper-file-ignores:\n  'dev/*.yml': [CL102]\n"
        "options:\n  loopback-v4: 127.0.0.2\n"
    )
    (tmp_path / "compose.yml").write_text(STACK)
    (tmp_path / "dev").mkdir()
    (tmp_path / "dev" / "compose.yml").write_text(STACK)
    config = load_config(find_config(tmp_path), known_codes())
    result = run([str(tmp_path)], environ={}, config=config)
    by_file = {Path(f.path).relative_to(tmp_path).as_posix(): f.diagnostics for f in result.files}
    assert [d.code for d in by_file["dev/compose.yml"]] == ["CL203"]
    top = by_file["compose.yml"]
    assert [d.code for d in top] == ["CL102", "CL203"]
    assert top[1].severity is Severity.WARNING
    assert top[0].fix is not None and top[0].fix.edits[0].new_text == "127.0.0.2:"


def test_pyproject_table_is_read(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.composelint]\nignore = ["CL203"]\n')
    config = load_config(find_config(tmp_path), known_codes())
    assert config.ignore == ("CL203",)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("selct: [CL1]\n", "unknown key 'selct'"),
        ("ignore: [CL999]\n", "unknown rule code or prefix 'CL999'"),
        ("severity:\n  CL102: loud\n", "must be one of error, warning, information, hint"),
        ("options:\n  loopback: 1\n", "unknown option 'loopback'"),
        ("a: !!python/object:os.system x\n", "unsupported YAML tag"),
        ("ignore: [CL1\n", ".composelint.yaml:2:1"),
    ],
)
def test_config_errors_name_the_file_and_key(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / ".composelint.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=None) as caught:
        load_config(path, known_codes())
    assert message in str(caught.value)
    assert str(path) in str(caught.value)


def test_a_config_file_that_is_a_fifo_is_a_clear_error(tmp_path: Path) -> None:
    import os

    path = tmp_path / ".composelint.yaml"
    os.mkfifo(path)
    with pytest.raises(ConfigError) as caught:
        load_config(path, known_codes())
    assert str(caught.value) == f"{path}: cannot read: a FIFO, not a regular file"
