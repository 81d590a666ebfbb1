"""Configuration files: found, validated, applied."""

from __future__ import annotations

from pathlib import Path

import pytest

from composelint.config import ConfigError, find_config, load_config
from composelint.diagnostics import Severity
from composelint.rules.selection import known_codes
from composelint.run.engine import run

STACK = "services:\n  web:\n    image: x:1\n    ports: ['80:80']\n    privileged: true\n"


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


def _codes_by_file(tmp_path: Path, config_text: str) -> dict[str, list[str]]:
    (tmp_path / ".composelint.yaml").write_text(config_text)
    config = load_config(find_config(tmp_path), known_codes())
    result = run([str(tmp_path)], environ={}, config=config)
    return {
        Path(f.path).relative_to(tmp_path).as_posix(): [d.code for d in f.diagnostics]
        for f in result.files
    }


@pytest.mark.parametrize(
    ("selectors", "left"),
    [
        ("[CL1]", ["CL203"]),
        ("[ALL]", []),
        ("[CL2, CL102]", []),
        ("[hardening]", ["CL102", "CL203"]),
    ],
)
def test_per_file_ignores_take_prefixes_groups_and_all(
    tmp_path: Path, selectors: str, left: list[str]
) -> None:
    (tmp_path / "dev").mkdir()
    (tmp_path / "dev" / "compose.yml").write_text(STACK)
    (tmp_path / "compose.yml").write_text(STACK)
    found = _codes_by_file(tmp_path, f"per-file-ignores:\n  'dev/': {selectors}\n")
    assert found["dev/compose.yml"] == left
    assert found["compose.yml"] == ["CL102", "CL203"]


def test_exclude_and_extend_exclude_are_gitignore_style(tmp_path: Path) -> None:
    for folder in ("vendor/a", "old", "app", "app/legacy"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "compose.yml").write_text(STACK)
    found = _codes_by_file(
        tmp_path, "exclude: ['vendor/', '/old']\nextend-exclude: ['**/legacy/*.yml']\n"
    )
    assert sorted(found) == ["app/compose.yml"]


def test_a_named_file_that_is_excluded_is_skipped_with_a_note(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from composelint.cli.check_command import parse_plain, run_check

    (tmp_path / "vendor").mkdir()
    (tmp_path / "vendor" / "compose.yml").write_text(STACK)
    (tmp_path / ".composelint.yaml").write_text("exclude: [vendor/]\n")
    monkeypatch.chdir(tmp_path)
    args = parse_plain(["vendor/compose.yml"])
    assert args is not None and run_check(args) == 0
    assert capsys.readouterr().err == (
        "vendor/compose.yml: note: excluded by the configuration's 'exclude': skipped\n"
        "composelint: note: nothing to check in vendor/compose.yml (no compose file, "
        "Dockerfile, script, Makefile, Python, Markdown, workflow or daemon.json that names "
        "a container runtime)\n"
    )


def test_a_syntax_error_is_suppressed_only_for_the_whole_file(tmp_path: Path) -> None:
    broken = "services:\n  web: [\n"
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "compose.yml").write_text(
        "# composelint: ignore-file CL001 -- rendered by a template first\n" + broken
    )
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "compose.yml").write_text("# composelint: ignore CL001 -- no\n" + broken)
    found = _codes_by_file(tmp_path, "per-file-ignores: {}\n")
    assert found["a/compose.yml"] == []
    assert found["b/compose.yml"] == ["CL003", "CL001"]  # in line order


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("ignore: [CL1O2]\n", "unknown rule code or prefix 'CL1O2'; did you mean 'CL102'?"),
        ("severity:\n  cl203: error\n", "unknown rule code 'cl203'; did you mean 'CL203'?"),
        ("per-file-ignores:\n  '*.yml': [CL2O3]\n", "did you mean 'CL203'?"),
        ("exclude: [1]\n", "exclude must be a list of glob patterns"),
    ],
)
def test_a_mistyped_code_gets_a_suggestion(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / ".composelint.yaml").write_text(text)
    with pytest.raises(ConfigError, match=message.replace("?", r"\?").replace("*", r"\*")):
        load_config(find_config(tmp_path), known_codes())


def test_a_compose_lint_id_is_not_taken_for_a_typo(tmp_path: Path) -> None:
    (tmp_path / ".composelint.yaml").write_text("ignore: [CL-0001]\n")
    with pytest.raises(ConfigError, match="that is a compose-lint id, not a composelint code"):
        load_config(find_config(tmp_path), known_codes())
