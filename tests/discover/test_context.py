"""A file named alone that only a pipeline or a project reads: checked through them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from composelint.discover.context import gitlab_files_including
from tests.cli import run_cli

PIPELINE = "include:\n  - local: ci/jobs.yml\nstages: [test]\n"
JOBS = "test:\n  script:\n    - docker run -d -p 5432:5432 postgres:16\n"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitlab-ci.yml").write_text(PIPELINE)
    (tmp_path / "ci").mkdir()
    (tmp_path / "ci" / "jobs.yml").write_text(JOBS)
    (tmp_path / "ci" / "unrelated.yml").write_text("a: 1\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_pipeline_including_a_named_file_is_found(repo: Path) -> None:
    found, covered = gitlab_files_including(["ci/jobs.yml", "ci/unrelated.yml"])
    assert found == [".gitlab-ci.yml"]
    assert covered == {"ci/jobs.yml"}


def test_a_chain_of_includes_and_wildcards_is_followed(repo: Path) -> None:
    (repo / ".gitlab-ci.yml").write_text("include: 'ci/*.yml'\n")
    (repo / "ci" / "more.yml").write_text("include:\n  - local: /ci/deep/last.yml\n")
    (repo / "ci" / "deep").mkdir()
    (repo / "ci" / "deep" / "last.yml").write_text(JOBS)
    found, covered = gitlab_files_including(["ci/deep/last.yml"])
    assert found == [".gitlab-ci.yml"] and covered == {"ci/deep/last.yml"}


def test_no_pipeline_above_the_repository_root_is_used(repo: Path) -> None:
    inner = repo / "sub"
    (inner / ".git").mkdir(parents=True)
    (inner / "jobs.yml").write_text(JOBS)
    (repo / ".gitlab-ci.yml").write_text("include:\n  - local: sub/jobs.yml\n")
    assert gitlab_files_including(["sub/jobs.yml"]) == ([], set())


def test_an_unparsable_pipeline_finds_nothing(repo: Path) -> None:
    (repo / ".gitlab-ci.yml").write_text("include: [\n")
    assert gitlab_files_including(["ci/jobs.yml"]) == ([], set())


def test_an_included_file_named_alone_is_checked_and_fixed(repo: Path) -> None:
    result = run_cli("check", "--no-skip-notes", "ci/jobs.yml", cwd=repo)
    assert result.returncode == 1, result.stderr
    assert "ci/jobs.yml:3:24: CL102" in result.stdout
    fixed = run_cli("check", "--fix", "ci/jobs.yml", cwd=repo)
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert "-p 127.0.0.1:5432:5432" in (repo / "ci" / "jobs.yml").read_text()
    assert (repo / ".gitlab-ci.yml").read_text() == PIPELINE


def test_a_yaml_file_no_pipeline_includes_is_still_skipped(repo: Path) -> None:
    result = run_cli("check", "ci/unrelated.yml", cwd=repo)
    assert "not a compose file: skipped" in result.stderr
    assert os.path.exists(repo / "ci" / "unrelated.yml")
