"""The engine: a tree checked a batch at a time says exactly what one in-memory run says."""

from __future__ import annotations

from pathlib import Path

import pytest

from composelint.diagnostics.report import FileReport
from composelint.run import batches, engine, stream
from tests.conftest import CORPUS_TREE


def _streamed(root: str, batch_files: int, jobs: int | None = None) -> list[FileReport]:
    reports: list[FileReport] = []
    stream.check_stream([root], reports.append, environ={}, batch_files=batch_files, jobs=jobs)
    return reports


@pytest.mark.parametrize(("batch_files", "jobs"), [(1, 1), (1, 3), (7, 1), (7, 2), (100, 2)])
def test_batches_report_what_one_run_reports(batch_files: int, jobs: int) -> None:
    # The corpus has includes and extends across directories, overrides and builds; with
    # several processes, batches that hand findings on to each other run at once.
    single = engine.run([str(CORPUS_TREE)], environ={})
    streamed = _streamed(str(CORPUS_TREE), batch_files, jobs)
    assert [r.path for r in streamed] == [f.path for f in single.files]
    for report, result in zip(streamed, single.files, strict=True):
        assert report.diagnostics == result.diagnostics, report.path


def test_a_file_included_from_another_directory_gets_both_projects_findings(
    tmp_path: Path,
) -> None:
    # z/ includes a/common.yml; a/ has its own project on the same file; the batch of a/
    # comes first in tree order but z/ must be taken into account before it is reported.
    (tmp_path / "a").mkdir()
    (tmp_path / "z").mkdir()
    (tmp_path / "a" / "compose.yml").write_text(
        "services:\n  db:\n    image: postgres:16\n    ports: ['5432:5432']"
        "  # composelint: ignore CL102 -- only for the test\n"
    )
    (tmp_path / "z" / "compose.yml").write_text(
        "include:\n  - ../a/compose.yml\nservices:\n  app:\n    image: app:1\n"
        "    environment:\n      DB: postgres://db:5432/app\n"
    )
    single = engine.run([str(tmp_path)], environ={})
    streamed = _streamed(str(tmp_path), 1)
    assert [r.path for r in streamed] == [f.path for f in single.files]
    assert [r.diagnostics for r in streamed] == [f.diagnostics for f in single.files]
    codes = {d.code for r in streamed for d in r.diagnostics}
    assert "CL101" in codes  # the app reaches db by name: found only through z's project
    assert "CL003" not in codes  # the suppression is used by a's own project


def test_reports_come_in_tree_order(tmp_path: Path) -> None:
    for relative in ("b/compose.yml", "a/sub/compose.yml", "a/compose.yml", "a-b/compose.yml"):
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("services:\n  web:\n    image: nginx:1\n")
    (tmp_path / "a" / "docker-compose.yml").write_text("services:\n  x:\n    image: x:1\n")
    paths = [Path(r.path).relative_to(tmp_path).as_posix() for r in _streamed(str(tmp_path), 1)]
    assert paths == [
        "a/compose.yml",
        "a/docker-compose.yml",
        "a/sub/compose.yml",
        "a-b/compose.yml",
        "b/compose.yml",
    ]


def test_an_env_file_of_another_directory_is_reported_once(tmp_path: Path) -> None:
    # Two later projects read ../a/app.env, which compose refuses: one report, in order.
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "app.env").write_text("GOOD=1\nnot a variable line\n")
    for name in ("b", "c"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "compose.yml").write_text(
            "services:\n  web:\n    image: nginx:1\n    env_file: ../a/app.env\n"
        )
    single = engine.run([str(tmp_path)], environ={})
    streamed = _streamed(str(tmp_path), 1)
    assert [r.path for r in streamed] == [f.path for f in single.files]
    assert [r.diagnostics for r in streamed] == [f.diagnostics for f in single.files]
    env_reports = [r for r in streamed if r.path.endswith("app.env")]
    assert len(env_reports) == 1 and env_reports[0].kind == "env"


def test_a_full_batch_still_takes_the_subdirectories_its_projects_read(tmp_path: Path) -> None:
    # app/ builds app/api and app/web: checked in one batch, nothing is handed on to a
    # later batch (which another process may already be checking).
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "compose.yml").write_text(
        "services:\n  api:\n    build: ./api\n  web:\n    build: ./web\n"
    )
    for name in ("api", "web"):
        (tmp_path / "app" / name).mkdir()
        (tmp_path / "app" / name / "Dockerfile").write_text("FROM alpine:3\n")
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "compose.yml").write_text("services:\n  x:\n    image: x:1\n")
    from composelint.discover.walk import discover

    reaching, rest = batches.plan_batches(discover([str(tmp_path)]).files, batch_files=1)
    assert reaching == []
    names = [[Path(d).relative_to(tmp_path).as_posix() for d in b.directories] for b in rest]
    assert names == [["app", "app/api", "app/web"], ["other"]]


def test_a_batch_takes_subdirectories_only_up_to_four_times_its_limit(tmp_path: Path) -> None:
    (tmp_path / "compose.yml").write_text("services:\n  x:\n    image: x:1\n")
    for n in range(10):
        (tmp_path / f"d{n}").mkdir()
        (tmp_path / f"d{n}" / "Dockerfile").write_text("FROM alpine:3\n")
    from composelint.discover.walk import discover

    _reaching, rest = batches.plan_batches(discover([str(tmp_path)]).files, batch_files=2)
    assert [len(b.files) for b in rest] == [8, 2, 1]
