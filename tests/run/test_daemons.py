"""daemon.json in a run: listed only when dockerd's, suppressed from the config, fixed and
verified by the fix loop, reported by every output, and read by CL102 in its repository."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from composelint.config import Config
from composelint.diagnostics import Applicability, Edit, Fix, FixLevel, make
from composelint.rules import registry
from composelint.rules.base import Rule
from composelint.rules.selection import Selection
from composelint.run.engine import run
from composelint.run.fix_batches import Fixing
from composelint.run.fixing import fix_run
from composelint.run.stream import check_stream
from tests.cli import run_cli
from tests.conftest import CORPUS_TREE, daemon_json_paths

COMPOSE = 'services:\n  web:\n    image: shop:1.4\n    ports:\n      - "8080:80"\n'
LOOPBACK = '{\n  "ip": "127.0.0.1",\n  "log-driver": "journald"\n}\n'


def write(root: Path, name: str, text: str) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def cl102(root: Path, *paths: Path) -> str:
    result = run([str(p) for p in paths] or [str(root)], environ={})
    [found] = [d for d in result.diagnostics if d.code == "CL102"]
    return found.message


# -- which files are listed -----------------------------------------------------------


def test_only_dockerd_daemon_json_files_are_listed(tmp_path: Path) -> None:
    write(tmp_path, "role/files/daemon.json", LOOPBACK)
    write(tmp_path, "tool/daemon.json", '{"port": 7000}\n')  # another program's
    write(tmp_path, "empty/daemon.json", "\n")  # dockerd reads an empty configuration
    write(tmp_path, "package.json", '{"name": "x"}\n')
    result = run([str(tmp_path)], environ={})
    assert [(Path(f.path).relative_to(tmp_path).as_posix(), f.kind) for f in result.files] == [
        ("role/files/daemon.json", "daemon")
    ]
    explicit = run([str(tmp_path / "tool/daemon.json")], environ={})
    assert explicit.files == [] and explicit.errors == []


def test_not_json_is_an_error_only_where_clearly_dockers(tmp_path: Path) -> None:
    write(tmp_path, "etc/docker/daemon.json", '{"debug": true,}\n')
    write(tmp_path, "tool/daemon.json", '{"port": 7000,}\n')
    result = run([str(tmp_path)], environ={})
    found = {
        Path(f.path).parent.name: [(d.code, d.severity.label) for d in f.diagnostics]
        for f in result.files
    }
    assert found == {"docker": [("CL001", "error")], "tool": [("CL007", "information")]}
    assert result.exit_code() == 1  # the error; the note alone would not fail a hook


@pytest.mark.parametrize(
    ("data", "severity"),
    [(b'{"iptables": "\xff"}', "error"), (b'{"port": "\xff"}', "information")],
)
def test_bytes_that_are_not_utf8_are_a_note_not_a_traceback(
    tmp_path: Path, data: bytes, severity: str
) -> None:
    folder = "etc/docker" if severity == "error" else "tool"
    path = tmp_path / folder / "daemon.json"
    path.parent.mkdir(parents=True)
    path.write_bytes(data)
    [file] = run([str(tmp_path)], environ={}).files
    [note] = file.diagnostics
    assert note.code == "CL001" and "not checked" in note.message
    assert note.severity.label == severity


def test_hostile_daemon_json_files_cost_little(tmp_path: Path) -> None:
    write(tmp_path, "deep/docker/daemon.json", '{"dns": ' + "[" * 100_000 + "]" * 100_000 + "}")
    write(tmp_path, "many/docker/daemon.json", '{"dns": [' + "1," * 200_000 + "1]}")
    write(tmp_path, "long/docker/daemon.json", '{"log-opts": {"tag": "' + "x" * 5_000_000 + '"}}')
    result = run([str(tmp_path)], environ={}, selection=Selection(select=("ALL",)))
    codes = {Path(f.path).parts[-3]: sorted(d.code for d in f.diagnostics) for f in result.files}
    assert codes == {
        "deep": ["CL001"],
        "many": ["CL001"],
        "long": ["CL501", "CL503", "CL504", "CL505"],
    }


# -- suppressions -----------------------------------------------------------------------


def test_per_file_ignores_suppress_a_daemon_json(tmp_path: Path) -> None:
    path = write(tmp_path, "etc/docker/daemon.json", '{"iptables": false}\n')
    config = Config(
        path=str(tmp_path / ".composelint.yaml"),
        per_file_ignores=(("etc/docker/*.json", ("CL502",)),),
    )
    result = run([str(tmp_path)], environ={}, config=config)
    assert [d.code for d in result.diagnostics] == ["CL501"]
    # JSON has no comments: a "composelint" string is only text, and suppresses nothing.
    path.write_text('{"iptables": false, "labels": ["composelint: ignore CL502"]}\n')
    assert sorted(d.code for d in run([str(tmp_path)], environ={}).diagnostics) == [
        "CL501",
        "CL502",
    ]


# -- the fix loop ----------------------------------------------------------------------


def test_a_fix_that_changes_undeclared_data_is_rolled_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def check(ctx):  # noqa: ANN001, ANN202
        option = ctx.daemon.get("icc")
        if option is not None and option.value is True:
            node = option.origin.node  # rewrites "icc" but declares "ip"
            fix = Fix(
                "Bad",
                Applicability.SAFE,
                (Edit(ctx.path, node.start, node.end, "false"),),
                (("ip",),),
            )
            yield make("TST001", "test finding", option.origin.span, fix=fix)

    rule = Rule(
        "TST001",
        "test-rule",
        "test",
        check_daemon=check,
        fixes=(FixLevel(Applicability.SAFE, "always"),),
    )
    monkeypatch.setattr(registry, "all_rules", lambda: {"TST001": rule})
    write(tmp_path, "etc/docker/daemon.json", '{"icc": true}\n')
    outcome = fix_run(
        [str(tmp_path)], unsafe=False, selection=Selection(select=("TST",)), environ={}
    )
    assert outcome.changed == {}
    [failure] = outcome.failures
    assert failure.code == "CL000" and "changed icc, which they did not declare" in failure.message


def test_a_fix_that_breaks_the_json_is_rolled_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def check(ctx):  # noqa: ANN001, ANN202
        brace = ctx.daemon.brace
        fix = Fix("Bad", Applicability.SAFE, (Edit(ctx.path, 0, 1, "{,"),), (("ip",),))
        if ctx.daemon.get("ip") is None:
            yield make("TST001", "test finding", brace, fix=fix)

    rule = Rule(
        "TST001",
        "test-rule",
        "test",
        check_daemon=check,
        fixes=(FixLevel(Applicability.SAFE, "always"),),
    )
    monkeypatch.setattr(registry, "all_rules", lambda: {"TST001": rule})
    write(tmp_path, "etc/docker/daemon.json", '{"icc": true}\n')
    outcome = fix_run(
        [str(tmp_path)], unsafe=False, selection=Selection(select=("TST",)), environ={}
    )
    assert outcome.changed == {}
    [failure] = outcome.failures
    assert "would have broken the file (CL001" in failure.message


def test_fix_and_diff_on_the_command_line(tmp_path: Path) -> None:
    path = write(tmp_path, "etc/docker/daemon.json", '{\n  "iptables": true\n}\n')
    diff = run_cli("check", "--diff", "--unsafe-fixes", str(tmp_path))
    assert diff.returncode == 1 and '+  "ip": "127.0.0.1"' in diff.stdout
    fixed = run_cli("check", "--fix", "--unsafe-fixes", str(tmp_path))
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert path.read_text() == '{\n  "iptables": true,\n  "ip": "127.0.0.1"\n}\n'


# -- outputs ---------------------------------------------------------------------------


def test_json_sarif_and_github_outputs_carry_the_findings(tmp_path: Path) -> None:
    write(tmp_path, "etc/docker/daemon.json", '{\n  "iptables": false\n}\n')
    document = json.loads(run_cli("check", "--output-format", "json", str(tmp_path)).stdout)
    [file] = document["files"]
    assert file["path"].endswith("etc/docker/daemon.json")
    found = {d["code"]: d for d in file["diagnostics"]}
    assert found["CL501"]["range"] == {
        "start": {"line": 0, "character": 0},
        "end": {"line": 0, "character": 1},
    }
    assert found["CL501"]["data"]["rule"] == "daemon-binds-all-interfaces"
    assert found["CL501"]["data"]["fix"]["applicability"] == "unsafe"
    assert found["CL501"]["data"]["fix"]["edits"][0]["newText"] == ',\n  "ip": "127.0.0.1"'
    assert found["CL502"]["range"]["start"] == {"line": 1, "character": 14}

    sarif = json.loads(run_cli("check", "--output-format", "sarif", str(tmp_path)).stdout)
    results = sarif["runs"][0]["results"]
    assert sorted(r["ruleId"] for r in results) == ["CL501", "CL502"]
    assert any("fixes" in r for r in results)

    github = run_cli("check", "--output-format", "github", str(tmp_path)).stdout
    assert "::warning file=" in github and "title=CL502" in github


# -- CL102 and the repository's daemon config -------------------------------------------


def repository(root: Path) -> Path:
    write(root, ".git/HEAD", "ref: refs/heads/main\n")
    return root


def test_cl102_says_the_repositorys_daemon_config_binds_it_to_loopback(tmp_path: Path) -> None:
    repository(tmp_path)
    write(tmp_path, "roles/docker/files/daemon.json", LOOPBACK)
    write(tmp_path, "app/compose.yml", COMPOSE)
    message = cl102(tmp_path)
    assert (
        "this repository's daemon config (../roles/docker/files/daemon.json) binds it to loopback (127.0.0.1)"
        in message
    )


def test_a_script_and_a_python_file_read_the_repositorys_daemon_config_too(
    tmp_path: Path,
) -> None:
    repository(tmp_path)
    write(tmp_path, "roles/docker/files/daemon.json", LOOPBACK)
    write(tmp_path, "deploy/start.sh", "docker run -d -p 8080:80 shop:1.4\n")
    write(
        tmp_path,
        "tests/conftest.py",
        'import docker\n\ndocker.from_env().containers.run("shop:1.4", ports={"80/tcp": 8080})\n',
    )
    result = run([str(tmp_path)], environ={})
    messages = {Path(d.span.path).name: d.message for d in result.diagnostics if d.code == "CL102"}
    assert set(messages) == {"start.sh", "conftest.py"}
    for message in messages.values():
        assert "this repository's daemon config (" in message
        assert "binds it to loopback (127.0.0.1)" in message


def test_cl102_is_unchanged_without_that_config(tmp_path: Path) -> None:
    repository(tmp_path)
    write(tmp_path, "app/compose.yml", COMPOSE)
    plain = cl102(tmp_path)
    assert "published on all host interfaces" in plain
    write(tmp_path, "roles/docker/files/daemon.json", '{"ip": "0.0.0.0"}\n')
    assert cl102(tmp_path) == plain
    write(tmp_path, "roles/docker/files/daemon.json", LOOPBACK)
    # the daemon.json is not part of the run: nothing says the two go together
    assert cl102(tmp_path, tmp_path / "app") == plain
    # without a repository, neither does anything
    (tmp_path / ".git" / "HEAD").unlink()
    (tmp_path / ".git").rmdir()
    assert cl102(tmp_path) == plain


def test_an_explicit_wildcard_address_is_not_the_daemons_to_decide(tmp_path: Path) -> None:
    repository(tmp_path)
    write(tmp_path, "roles/docker/files/daemon.json", LOOPBACK)
    write(tmp_path, "app/compose.yml", COMPOSE.replace('"8080:80"', '"0.0.0.0:8080:80"'))
    assert "published on all host interfaces" in cl102(tmp_path)


def test_another_repository_s_daemon_config_does_not_count(tmp_path: Path) -> None:
    repository(tmp_path / "infra")
    write(tmp_path, "infra/daemon.json", LOOPBACK)
    repository(tmp_path / "shop")
    write(tmp_path, "shop/compose.yml", COMPOSE)
    assert "published on all host interfaces" in cl102(tmp_path)
    write(tmp_path, "shop/deploy/daemon.json", LOOPBACK)
    assert "this repository's daemon config (deploy/daemon.json)" in cl102(tmp_path)


@pytest.mark.parametrize(("batch_files", "jobs"), [(1, 1), (3, 2)])
def test_the_message_is_the_same_for_every_batch_and_job_count(
    tmp_path: Path, batch_files: int, jobs: int
) -> None:
    repository(tmp_path)
    for n in range(6):  # the daemon.json is in a batch of its own, after theirs
        write(tmp_path, f"app{n}/compose.yml", COMPOSE)
    write(tmp_path, "zz/daemon.json", LOOPBACK)
    reports: list = []
    check_stream([str(tmp_path)], reports.append, environ={}, batch_files=batch_files, jobs=jobs)
    single = run([str(tmp_path)], environ={})
    assert [r.diagnostics for r in reports] == [f.diagnostics for f in single.files]
    messages = [d.message for r in reports for d in r.diagnostics if d.code == "CL102"]
    assert len(messages) == 6 and all("this repository's daemon config" in m for m in messages)


@pytest.mark.parametrize(("batch_files", "jobs"), [(1, 1), (2, 2)])
def test_a_fix_of_the_daemon_json_does_not_change_what_the_run_says_elsewhere(
    tmp_path: Path, batch_files: int, jobs: int
) -> None:
    # CL501's fix gives the daemon.json "ip"; the compose files' CL102 messages are judged
    # by the texts the run started from, in one run as in every batch and process.
    repository(tmp_path)
    ports = 'ports: ["8080:80", "127.0.0.1:8080:80"]'  # CL102 without a fix: it stays
    for n in range(4):
        write(
            tmp_path,
            f"app{n}/compose.yml",
            f"services:\n  web:\n    image: shop:1.4\n    {ports}\n",
        )
    daemon = write(tmp_path, "zz/daemon.json", '{"log-driver": "journald"}\n')
    selection = Selection(select=("CL501", "CL102"))
    whole = fix_run([str(tmp_path)], unsafe=True, environ={}, selection=selection)
    assert list(whole.changed) == [str(daemon)]
    expected = [[d.message for d in f.diagnostics] for f in whole.result.files]
    assert all("published on all host interfaces" in m for m in expected[0])
    reports: list = []
    check_stream(
        [str(tmp_path)],
        reports.append,
        environ={},
        selection=selection,
        batch_files=batch_files,
        jobs=jobs,
        fixing=Fixing(unsafe=True),
    )
    assert [[d.message for d in r.diagnostics] for r in reports] == expected
    assert '"ip": "127.0.0.1"' in daemon.read_text()


# -- the corpus -------------------------------------------------------------------------


def test_the_corpus_daemon_json_files_are_checked_without_a_traceback() -> None:
    paths = [str(CORPUS_TREE / p) for p in sorted(daemon_json_paths())]
    result = run(paths, environ={}, selection=Selection(select=("ALL",)))
    assert sorted(f.path for f in result.files) == sorted(paths)
    counts: dict[str, int] = {}
    for diagnostic in result.diagnostics:
        counts[diagnostic.code] = counts.get(diagnostic.code, 0) + 1
    # No file sets "ip", "icc", "userns-remap" or "no-new-privileges", nor turns iptables off.
    assert counts == {"CL501": 5, "CL503": 5, "CL504": 5, "CL505": 5}
