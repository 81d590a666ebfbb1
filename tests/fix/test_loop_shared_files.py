"""A fix in a compose file that several projects read is applied only when each of them
proposes it: editing the file changes every project that reads it."""

from __future__ import annotations

from pathlib import Path

import pytest

from composelint.cli.check_command import parse_plain, run_check
from composelint.diagnostics import Edit, Fix
from composelint.fix.choose import agreed_level as _agreed_level
from composelint.rules.selection import Selection
from composelint.run.fixing import fix_run

BASE = 'services:\n  redis:\n    image: redis:7\n    ports: ["6379:6379"]\n'
SHARED = 'services:\n  redis:\n    image: redis:7\n    ports:\n      - "6379:6379"\n'


def _client(service: str, url: str, extra: str = "") -> str:
    return (
        f"services:\n  {service}:\n    image: my{service}\n{extra}"
        f"    environment:\n      REDIS_URL: {url}\n"
    )


@pytest.fixture(autouse=True)
def _no_repository_config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)


def test_a_base_file_two_projects_include_is_left_as_it_was(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # a/ reaches redis by name only; b/ reaches it on the host.  base.yml is also a
    # project of its own, where nothing tells how redis is used.
    (tmp_path / "base.yml").write_text(BASE)
    for name, service, url in (("a", "app", "redis:6379"), ("b", "worker", "localhost:6379")):
        (tmp_path / name).mkdir()
        own = "    ports:\n      - 8080:80\n" if name == "a" else ""
        body = _client(service, f"redis://{url}", own).removeprefix("services:\n")
        (tmp_path / name / "compose.yml").write_text(
            f"include:\n  - ../base.yml\nservices:\n{body}"
        )
    args = parse_plain(["--fix", "--unsafe-fixes", str(tmp_path)])
    assert args is not None
    assert run_check(args) == 1
    out, _err = capsys.readouterr()
    assert (tmp_path / "base.yml").read_text() == BASE
    base = tmp_path / "base.yml"
    assert f"{base}:4:13: CL101 [warning] port 6379 of service 'redis'" in out
    assert f"{base}:4:13: CL102 " in out
    # A file only a/ reads is fixed as before.
    assert "127.0.0.1:8080:80" in (tmp_path / "a" / "compose.yml").read_text()


def _two_override_sets(root: Path, url_b: str) -> Path:
    """a/ and b/ each load ../shared/compose.yml first (COMPOSE_FILE), their own file after."""
    (root / "shared").mkdir()
    shared = root / "shared" / "compose.yml"
    shared.write_text(SHARED)
    for name, service, url in (("a", "app", "redis:6379"), ("b", "worker", url_b)):
        (root / name).mkdir()
        (root / name / ".env").write_text(
            f"COMPOSE_FILE=../shared/compose.yml:compose.{name}.yml\n"
        )
        (root / name / f"compose.{name}.yml").write_text(_client(service, f"redis://{url}"))
    return shared


def _fix(root: Path, *, unsafe: bool = True):  # noqa: ANN202
    return fix_run([str(root)], unsafe=unsafe, selection=Selection(select=("CL101",)), environ={})


def test_a_fix_both_projects_propose_is_applied(tmp_path: Path) -> None:
    shared = _two_override_sets(tmp_path, "redis:6379")
    outcome = _fix(tmp_path)
    assert not outcome.failures
    assert outcome.changed == {
        str(shared): 'services:\n  redis:\n    image: redis:7\n    expose:\n      - "6379"\n'
    }
    assert outcome.result.diagnostics == []


def test_a_fix_one_project_does_not_propose_is_reported_not_applied(tmp_path: Path) -> None:
    shared = _two_override_sets(tmp_path, "localhost:6379")
    outcome = _fix(tmp_path)
    assert outcome.changed == {}
    [finding] = outcome.result.diagnostics
    assert finding.code == "CL101" and finding.span.path == str(shared)
    assert finding.fix is not None and finding.fix.applicability == "display-only"
    assert shared.read_text() == SHARED


def test_the_agreed_level_is_the_lowest_any_reader_proposes() -> None:
    edits = (Edit("f.yml", 0, 1, "x"),)
    fix = Fix("Rewrite", "safe", edits)
    assert _agreed_level(fix, {}) == "safe"  # no file read by several projects
    assert _agreed_level(fix, {"f.yml": [{edits: {"safe"}}, {edits: {"safe"}}]}) == "safe"
    assert _agreed_level(fix, {"f.yml": [{edits: {"safe"}}, {edits: {"unsafe"}}]}) == "unsafe"
    assert _agreed_level(fix, {"f.yml": [{edits: {"safe"}}, {}]}) == "display-only"
    assert _agreed_level(fix, {"f.yml": [{edits: {"display-only"}}]}) == "display-only"
    assert _agreed_level(fix, {"other.yml": [{}, {}]}) == "safe"
