"""Property: ``--fix --unsafe-fixes`` on a generated project keeps the round-trip promise.

Each example is a folder with a compose file in some style (see tests/strategies) and
sometimes the Dockerfile a service builds.  Loading gives the bytes back; the fix changes
only the lines its edits touch, keeps every comment, leaves files that parse, adds no
CL000/CL001/CL002/CL005, changes the loaded data only where its fixes said, and a second
run changes nothing.  A failing example, minimised, goes to tests/fix/regressions/.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings

from tests.fix.guarantees import BREAKING, fix_and_check
from tests.strategies.projects import Project, projects


def _check(project: Project, *, cli: bool = False) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        project.write(root)
        report = fix_and_check([root], cli=cli)
        loaded = [p.tree.data for p in report.before.projects if p.tree is not None]
        assert loaded == [project.compose.expected]  # what was written is what was fixed
        invalid = [d.message for d in report.before.diagnostics if d.code in BREAKING]
        assert invalid == []  # a valid project, so "no new error" means none at all
        if project.dockerfile is not None:
            dockerfile = str(root / "app" / "Dockerfile")
            assert dockerfile not in report.outcome.changed  # no fix rewrites a Dockerfile


@settings(max_examples=120)
@given(projects(build=False))
def test_fixing_a_compose_file_keeps_every_other_byte(project: Project) -> None:
    _check(project)


@settings(max_examples=30)
@given(projects(build=True))
def test_fixing_a_project_with_a_dockerfile_keeps_every_other_byte(project: Project) -> None:
    _check(project)


@settings(max_examples=8)
@given(projects())
def test_the_cli_fix_keeps_every_other_byte(project: Project) -> None:
    _check(project, cli=True)


@settings(max_examples=4)
@given(projects(build=False).filter(lambda p: p.compose.encoding.startswith("utf-16")))
def test_the_cli_writes_a_utf16_file_back_in_utf16(project: Project) -> None:
    _check(project, cli=True)
