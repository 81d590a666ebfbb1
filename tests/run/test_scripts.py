"""Shell scripts in a run: found, screened, judged as a project of their containers,
suppressed inline, fixed in place and verified by the fix loop, kinds from the config."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from composelint.config import ConfigError, load_config
from composelint.diagnostics import Severity
from composelint.discover.walk import discover
from composelint.rules.selection import known_codes
from composelint.run.engine import run
from composelint.run.fixing import fix_run, write_changes
from composelint.shell import parses_cleanly
from tests.cli import run_cli
from tests.conftest import CORPUS_BEYOND, CORPUS_TREE, manifest_rows

STACK = """\
#!/bin/sh
# the app and its database
docker network create app
docker run -d --name db --network app -p 5432:5432 postgres:16
docker run -d --name web --network app -p 8080:80 \\
  -e DATABASE_URL=postgres://db:5432/app -v ./conf:/etc/nginx/conf.d shop:1.4
"""


def write(root: Path, name: str, text: str) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def codes(path: Path, **kwargs: object) -> list[tuple[str, int]]:
    result = run([str(path)], environ={}, **kwargs)  # type: ignore[arg-type]
    return [(d.code, d.span.start.line + 1) for d in result.diagnostics]


# -- which files are scripts ------------------------------------------------------------


def test_scripts_are_found_by_suffix_or_shebang_and_listed_only_when_they_name_a_runtime(
    tmp_path: Path,
) -> None:
    write(tmp_path, "deploy.sh", "docker run -p 80:80 nginx\n")
    write(tmp_path, "tools/start", "#!/usr/bin/env bash\npodman run -p 80:80 nginx\n")
    write(tmp_path, "tools/zrun.zsh", "nerdctl run -p 80:80 nginx\n")
    write(tmp_path, "tools/hello.sh", "echo hello\n")  # names no runtime: not listed
    write(tmp_path, "tools/script.txt", "#!/bin/sh\ndocker run -p 80:80 nginx\n")  # a suffix
    write(tmp_path, "tools/other", "#!/usr/bin/python3\nprint('docker run')\n")
    write(tmp_path, "LICENSE", "docker run\n")
    found = {
        Path(f.path).relative_to(tmp_path).as_posix(): (f.kind, f.reason)
        for f in discover([tmp_path]).files
    }
    assert found == {
        "deploy.sh": ("shell", "name"),
        "tools/hello.sh": ("shell", "name"),
        "tools/start": ("shell", "shebang"),
        "tools/zrun.zsh": ("shell", "name"),
    }
    result = run([str(tmp_path)], environ={})
    listed = sorted(Path(f.path).relative_to(tmp_path).as_posix() for f in result.files)
    assert listed == ["deploy.sh", "tools/start", "tools/zrun.zsh"]
    assert all(f.kind == "shell" for f in result.files)


def test_a_script_named_on_the_command_line_is_checked(tmp_path: Path) -> None:
    script = write(
        tmp_path,
        "run-it",
        "#!/bin/bash\nsudo docker run -p 9000:9000 minio/minio:RELEASE.2024-05-10T01-41-38Z\n",
    )
    assert codes(script) == [("CL102", 2)]


# -- what is reported ---------------------------------------------------------------------


def test_a_script_is_judged_as_a_project_of_its_containers(tmp_path: Path) -> None:
    script = write(tmp_path, "stack.sh", STACK)
    result = run([str(script)], environ={})
    found = {(d.code, d.span.start.line + 1): d for d in result.diagnostics}
    assert sorted(found) == [("CL101", 4), ("CL102", 5), ("CL301", 6)]
    assert "use '--expose 5432'" in found[("CL101", 4)].message
    assert "container 'db'" in found[("CL101", 4)].message


def test_containers_that_share_no_user_defined_network_do_not_reach_each_other_by_name(
    tmp_path: Path,
) -> None:
    script = write(
        tmp_path,
        "stack.sh",
        "docker run -d --name db -p 5432:5432 postgres:16\n"
        "docker run -d --name web -e DATABASE_URL=postgres://db:5432/app shop:1.4\n",
    )
    assert codes(script) == [("CL102", 1)]  # the default bridge has no names: not CL101
    linked = write(
        tmp_path,
        "linked.sh",
        "docker run -d --name db -p 5432:5432 postgres:16\n"
        "docker run -d --name web --link db -e DB=postgres://db:5432/app shop:1.4\n",
    )
    assert codes(linked) == [("CL101", 1)]


def test_words_that_no_shell_runs_are_not_launches(tmp_path: Path) -> None:
    script = write(
        tmp_path,
        "notes.sh",
        '# docker run -p 80:80 nginx\necho "docker run -p 80:80 nginx"\n'
        "cat <<'EOF'\ndocker run -p 80:80 nginx\nEOF\ndocker ps\n"
        "docker run --rm postgres:16 pg_isready -p 5432\n",
    )
    assert codes(script) == []


def test_a_script_the_grammar_cannot_read_gets_one_note_not_an_error(tmp_path: Path) -> None:
    script = write(tmp_path, "broken.sh", "if true; then\n  docker run -p 80:80 nginx (\n")
    result = run([str(script)], environ={})
    notes = [d for d in result.diagnostics if d.code == "CL007"]
    assert len(notes) == 1 and notes[0].severity == Severity.INFORMATION
    assert not any(d.code == "CL001" for d in result.diagnostics)
    assert result.exit_code() in (0, 1)


def test_inline_suppressions_in_shell_comment_form(tmp_path: Path) -> None:
    script = write(
        tmp_path,
        "s.sh",
        "docker run -p 8081:80 shop:1  # composelint: ignore CL102 -- the public site\n"
        "# composelint: ignore CL102 -- the admin port, firewalled upstream\n"
        "docker run -p 8443:8443 admin:1\n"
        "docker run -p 9000:9000 minio/minio:RELEASE.2024-05-10T01-41-38Z\n",
    )
    assert codes(script) == [("CL102", 4)]


def test_a_suppression_that_matches_nothing_is_reported(tmp_path: Path) -> None:
    script = write(
        tmp_path, "s.sh", "docker run -p 127.0.0.1:80:80 nginx:1  # composelint: ignore CL102\n"
    )
    assert [c for c, _line in codes(script)] == ["CL003"]


# -- fixes ---------------------------------------------------------------------------------


def test_fixes_edit_the_script_in_place_and_nothing_else(tmp_path: Path) -> None:
    script = write(tmp_path, "stack.sh", STACK)
    outcome = fix_run([str(script)], unsafe=True, environ={})
    assert outcome.changed[str(script)] == STACK.replace("-p 5432:5432", "--expose 5432").replace(
        "-p 8080:80", "-p 127.0.0.1:8080:80"
    ).replace("./conf:/etc/nginx/conf.d", "./conf:/etc/nginx/conf.d:ro")
    assert write_changes(outcome) == []
    fixed = script.read_text(encoding="utf-8")
    assert parses_cleanly(fixed)
    again = fix_run([str(script)], unsafe=True, environ={})
    assert again.changed == {}  # idempotent
    assert codes(script) == []


def test_only_safe_fixes_without_unsafe_fixes(tmp_path: Path) -> None:
    script = write(tmp_path, "stack.sh", STACK)
    outcome = fix_run([str(script)], unsafe=False, environ={})
    # CL101's move to --expose, CL102's loopback bind and CL301's :ro here are unsafe
    assert outcome.changed == {}


def test_a_value_built_at_run_time_is_not_judged_a_variable_port_is(tmp_path: Path) -> None:
    built = write(tmp_path, "built.sh", 'docker run -p "$(port_spec)" shop:1\n')
    assert codes(built) == []  # it may hold an address: not guessed at
    assert fix_run([str(built)], unsafe=True, environ={}).changed == {}
    variable = write(tmp_path, "variable.sh", "docker run -p $PORT:8080 shop:1\n")
    assert codes(variable) == [("CL102", 1)]  # no address: every interface, whatever $PORT
    fixed = fix_run([str(variable)], unsafe=True, environ={}).changed[str(variable)]
    assert fixed == "docker run -p 127.0.0.1:$PORT:8080 shop:1\n"


def test_the_command_line_fixes_a_script_and_diff_shows_it(tmp_path: Path) -> None:
    script = write(tmp_path, "deploy.sh", "docker run -d -p 8080:80 shop:1\n")
    diff = run_cli("check", "--diff", "--unsafe-fixes", str(tmp_path), cwd=tmp_path)
    assert "+docker run -d -p 127.0.0.1:8080:80 shop:1" in diff.stdout
    assert script.read_text(encoding="utf-8") == "docker run -d -p 8080:80 shop:1\n"
    fixed = run_cli("check", "--fix", "--unsafe-fixes", str(tmp_path), cwd=tmp_path)
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert script.read_text(encoding="utf-8") == "docker run -d -p 127.0.0.1:8080:80 shop:1\n"


# -- configuration ----------------------------------------------------------------------


def test_kinds_in_the_config_turn_scripts_off_add_and_leave_out_files(tmp_path: Path) -> None:
    write(tmp_path, "deploy.sh", "docker run -p 80:80 nginx\n")
    write(tmp_path, "vendor/x.sh", "docker run -p 81:81 nginx\n")
    write(tmp_path, "ops/start.run", "docker run -p 82:82 nginx\n")

    def listed(config_text: str) -> list[str]:
        config_path = write(tmp_path, ".composelint.yaml", config_text)
        config = load_config(config_path, known_codes())
        result = run([str(tmp_path)], environ={}, config=config)
        return sorted(Path(f.path).relative_to(tmp_path).as_posix() for f in result.files)

    assert listed("select: [ALL]\n") == ["deploy.sh", "vendor/x.sh"]
    assert listed("kinds:\n  shell:\n    enabled: false\n") == []
    assert listed("kinds:\n  shell:\n    include: ['ops/*.run']\n    exclude: ['vendor/**']\n") == [
        "deploy.sh",
        "ops/start.run",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("kinds:\n  perl: {}\n", "unknown kind 'perl'"),
        ("kinds:\n  shell:\n    enabled: sometimes\n", "kinds.shell.enabled must be true or false"),
        ("kinds:\n  shell:\n    include: 3\n", "kinds.shell.include must be a list of glob"),
        ("kinds:\n  shell:\n    only: []\n", "kinds.shell: unknown key 'only'"),
    ],
)
def test_a_bad_kinds_entry_is_a_config_error(tmp_path: Path, text: str, message: str) -> None:
    config_path = write(tmp_path, ".composelint.yaml", text)
    with pytest.raises(ConfigError, match=message):
        load_config(config_path, known_codes())


# -- the corpus ---------------------------------------------------------------------------

SCRIPTS = [f"{r['repo']}/{r['path']}" for r in manifest_rows(CORPUS_BEYOND) if r["kind"] == "shell"]


def test_fixing_the_corpus_scripts_changes_only_edit_spans_and_then_nothing(
    tmp_path: Path,
) -> None:
    tree = tmp_path / "tree"
    for relative in SCRIPTS:
        (tree / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(CORPUS_TREE / relative, tree / relative)
    outcome = fix_run([str(tree)], unsafe=True, environ={})
    assert not [d for d in outcome.result.diagnostics if d.code in ("CL000", "CL001")]
    assert len(outcome.changed) >= 8
    for path, text in outcome.changed.items():
        before = Path(path).read_text(encoding="utf-8")
        assert parses_cleanly(text)
        # every line keeps its comments; lines change only where a launch's value was edited
        old, new = before.splitlines(), text.splitlines()
        assert len(old) == len(new)
        for a, b in zip(old, new, strict=True):
            if a != b:
                assert "docker" in a or "-p" in a or "-v" in a or "=" in a, (path, a, b)
                assert a.split("#", 1)[1:] == b.split("#", 1)[1:] or "#" not in a
    assert write_changes(outcome) == []
    assert fix_run([str(tree)], unsafe=True, environ={}).changed == {}
