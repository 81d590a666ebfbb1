"""Python files in a run: screened, judged as a project of the containers they start,
suppressed inline, fixed in place, turned off from the config."""

from __future__ import annotations

from pathlib import Path

from composelint.config import load_config
from composelint.rules.selection import known_codes
from composelint.run.engine import run
from composelint.run.fixing import fix_run, write_changes
from tests.conftest import CORPUS_BEYOND, CORPUS_TREE, copy_beyond, manifest_rows

CONFTEST = """\
import docker

client = docker.from_env()


def start_db():
    # the test database, reached by the tests on localhost
    return client.containers.run(
        "postgres:16",
        ports={"5432/tcp": 5432},
        volumes={"./init": {"bind": "/docker-entrypoint-initdb.d", "mode": "ro"}},
        detach=True,
    )
"""


def write(root: Path, name: str, text: str) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_only_python_that_names_a_runtime_is_listed(tmp_path: Path) -> None:
    write(tmp_path, "conftest.py", CONFTEST)
    write(tmp_path, "app/models.py", "class User:\n    pass\n")
    result = run([str(tmp_path)], environ={})
    assert [(Path(f.path).name, f.kind) for f in result.files] == [("conftest.py", "python")]
    assert [(d.code, d.span.start.line + 1) for d in result.diagnostics] == [("CL102", 10)]


def test_the_sdk_publish_is_fixed_in_place_and_then_nothing(tmp_path: Path) -> None:
    path = write(tmp_path, "conftest.py", CONFTEST)
    outcome = fix_run([str(tmp_path)], unsafe=True, environ={})
    fixed = CONFTEST.replace('{"5432/tcp": 5432}', '{"5432/tcp": ("127.0.0.1", 5432)}')
    assert outcome.changed == {str(path): fixed}
    compile(fixed, str(path), "exec")
    assert write_changes(outcome) == []
    assert fix_run([str(tmp_path)], unsafe=True, environ={}).changed == {}


def test_a_subprocess_command_line_is_read_like_a_script(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "provision.py",
        'import subprocess\n\nsubprocess.run(["docker", "run", "-d", "-p", "8080:80", "shop:1.4"])\n',
    )
    outcome = fix_run([str(tmp_path)], unsafe=True, environ={})
    assert outcome.changed[str(path)].endswith('"-p", "127.0.0.1:8080:80", "shop:1.4"])\n')


def test_a_suppression_comment_covers_the_call(tmp_path: Path) -> None:
    text = CONFTEST.replace(
        "    return client.containers.run(",
        "    # composelint: ignore CL102 -- a throwaway test database\n"
        "    return client.containers.run(",
    )
    write(tmp_path, "conftest.py", text)
    assert run([str(tmp_path)], environ={}).diagnostics == []


def test_a_file_python_cannot_parse_gets_a_note(tmp_path: Path) -> None:
    write(tmp_path, "old.py", 'import docker\nprint "docker run -p 80:80 nginx"\n')
    result = run([str(tmp_path)], environ={})
    assert [d.code for d in result.diagnostics] == ["CL007"]
    assert result.exit_code() == 0


def test_the_config_turns_python_off(tmp_path: Path) -> None:
    write(tmp_path, "conftest.py", CONFTEST)
    config = load_config(
        write(tmp_path, ".composelint.yaml", "kinds:\n  python:\n    enabled: false\n"),
        known_codes(),
    )
    assert run([str(tmp_path)], environ={}, config=config).files == []


def test_the_corpus_python_files_are_read_without_a_traceback() -> None:
    paths = [
        str(CORPUS_TREE / r["repo"] / r["path"])
        for r in manifest_rows(CORPUS_BEYOND)
        if r["kind"] == "python"
    ]
    result = run(paths, environ={})
    assert len(result.files) == len(paths) == 12
    assert not [d for d in result.diagnostics if d.code in ("CL000", "CL001", "CL007")]


def test_a_testcontainers_publish_says_what_to_do_and_a_random_port_is_information(
    tmp_path: Path,
) -> None:
    write(
        tmp_path,
        "test_db.py",
        "from testcontainers.core.container import DockerContainer\n\n"
        "db = DockerContainer('postgres:16').with_bind_ports(5432, 5432)\n"
        "web = DockerContainer('shop:1.4').with_exposed_ports(8080)\n",
    )
    result = run([str(tmp_path)], environ={})
    found = {d.span.start.line + 1: d for d in result.diagnostics}
    assert [(line, d.code, d.severity.label) for line, d in sorted(found.items())] == [
        (3, "CL102", "warning"),
        (4, "CL102", "information"),
    ]
    assert all("with_bind_ports takes no address" in d.message for d in found.values())
    assert all(d.fix is None for d in found.values())


def test_fixing_the_corpus_python_changes_only_edit_spans_compiles_and_then_nothing(
    tmp_path: Path,
) -> None:
    copies = copy_beyond("python", tmp_path / "tree")
    assert len(copies) == 12
    outcome = fix_run([str(tmp_path / "tree")], unsafe=True, environ={})
    assert len(outcome.result.files) == 12
    assert not [d for d in outcome.result.diagnostics if d.code in ("CL000", "CL001")]
    assert outcome.changed
    for path, text in outcome.changed.items():
        compile(text, path, "exec")
        old = Path(path).read_text(encoding="utf-8").splitlines()
        new = text.splitlines()
        assert len(old) == len(new)
        for a, b in zip(old, new, strict=True):
            if a != b:  # a literal gained its loopback address or lost a write mode
                assert "127.0.0.1" in b or "ro" in b, (path, a, b)
                assert a.split("#", 1)[1:] == b.split("#", 1)[1:]
    assert write_changes(outcome) == []
    for path in outcome.changed:
        compile(Path(path).read_text(encoding="utf-8"), path, "exec")
    assert fix_run([str(tmp_path / "tree")], unsafe=True, environ={}).changed == {}
