"""GitHub Actions workflows: run: steps in every scalar form, job services, runner kinds,
suppressions, limits, fixes that keep the YAML, and the corpus's workflows."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from composelint.ci import MAX_CI_BYTES, read_workflow
from composelint.ci.pipeline import _shape
from composelint.ci.scalars import map_scalar
from composelint.diagnostics import Severity
from composelint.discover.walk import discover
from composelint.run.engine import run
from composelint.run.fixing import fix_run, write_changes
from composelint.source import Source
from composelint.yaml.document import load_yaml
from composelint.yaml.nodes import ScalarNode, iter_nodes
from tests.conftest import CORPUS_BEYOND, CORPUS_TREE, manifest_rows

WORKFLOW = """\
name: ci
on: [push]
jobs:
  test:
    runs-on: ubuntu-latest
    services:
      postgres:
        image: postgres:16
        ports:
          - 5432:5432
    steps:
      - uses: actions/checkout@v4
      - run: docker run -d -p 8080:80 -v ./conf:/etc/app ghcr.io/acme/app:1.2  # start
      - name: block
        run: |
          # the object store
          docker run -d \\
            -p 9000:9000 \\
            acme/minio:1.0
          echo done
  deploy:
    runs-on: [self-hosted, linux]
    steps:
      - run: >
          docker run -d
          -p 6379:6379 redis:7
      - shell: pwsh
        run: docker run -p 1:1 x:1
"""


def write(root: Path, text: str, name: str = ".github/workflows/ci.yml") -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def found(path: Path) -> list[tuple[str, int, Severity]]:
    result = run([str(path)], environ={})
    return [(d.code, d.span.start.line + 1, d.severity) for d in result.diagnostics]


def shape(text: str) -> object:
    return [_shape(d) for d in load_yaml(Source.from_text("w.yml", text)).documents]


def test_workflows_are_found_by_place_and_listed_only_past_the_screen(tmp_path: Path) -> None:
    write(tmp_path, WORKFLOW)
    write(
        tmp_path,
        "on: push\njobs:\n  a:\n    steps:\n      - run: make\n",
        ".github/workflows/b.yaml",
    )
    write(tmp_path, "jobs: {}\n", "ci/workflows/c.yml")  # not under .github: not a workflow
    kinds = {Path(f.path).name: f.kind for f in discover([tmp_path]).files}
    assert kinds == {"ci.yml": "workflow", "b.yaml": "workflow"}
    listed = [Path(f.path).name for f in run([str(tmp_path)], environ={}).files]
    assert listed == ["ci.yml"]  # b.yaml names no runtime and declares no services


def test_run_steps_and_services_are_judged_with_the_runner_deciding_port_severity(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, WORKFLOW)
    info, warning = Severity.INFORMATION, Severity.WARNING
    assert found(path) == [
        ("CL102", 10, info),  # a service's port on a GitHub-hosted runner
        ("CL102", 13, info),
        ("CL301", 13, warning),  # not a port finding: as everywhere
        ("CL102", 18, info),  # a literal block
        ("CL102", 26, warning),  # a self-hosted runner; the pwsh step is not shell
    ]
    messages = [d.message for d in run([str(path)], environ={}).diagnostics]
    assert messages[0].endswith("(the job runs on a GitHub-hosted runner, an ephemeral VM)")


@pytest.mark.parametrize(
    ("runs_on", "severity"),
    [
        ("ubuntu-latest", Severity.INFORMATION),
        ("[ubuntu-22.04]", Severity.INFORMATION),
        ("self-hosted", Severity.WARNING),
        ("[self-hosted, gpu]", Severity.WARNING),
        ("\n      group: ci-runners", Severity.WARNING),
        ("${{ inputs.runner }}", Severity.WARNING),  # cannot tell: as a self-hosted one
        (
            "${{ matrix.os }}\n    strategy:\n      matrix:\n        os: [ubuntu-latest]",
            Severity.INFORMATION,
        ),
        (
            "${{ matrix.os }}\n    strategy:\n      matrix:\n        os: [ubuntu-latest, self-hosted]",
            Severity.WARNING,
        ),
    ],
)
def test_the_runner_decides_port_findings(tmp_path: Path, runs_on: str, severity: Severity) -> None:
    text = (
        f"jobs:\n  a:\n    runs-on: {runs_on}\n    steps:\n      - run: docker run -p 80:80 x:1\n"
    )
    path = write(tmp_path, text)
    assert [(c, s) for c, _line, s in found(path)] == [("CL102", severity)]


def test_shells_that_are_not_bash_or_sh_are_not_read(tmp_path: Path) -> None:
    text = (
        "defaults:\n  run:\n    shell: pwsh\n"
        "jobs:\n  a:\n    runs-on: self-hosted\n    steps:\n"
        "      - run: docker run -p 80:80 x:1\n"
        "      - shell: bash -e {0}\n        run: docker run -p 81:81 x:1\n"
        "      - shell: python\n        run: print('docker run -p 82:82 x')\n"
    )
    path = write(tmp_path, text)
    assert [(c, line) for c, line, _s in found(path)] == [("CL102", 10)]


def test_fixes_edit_each_scalar_form_in_place_and_keep_the_yaml(tmp_path: Path) -> None:
    path = write(tmp_path, WORKFLOW)
    outcome = fix_run([str(path)], unsafe=True, environ={})
    expected = (
        WORKFLOW.replace("- 5432:5432", "- 127.0.0.1:5432:5432")
        .replace("-p 8080:80 -v ./conf:/etc/app", "-p 127.0.0.1:8080:80 -v ./conf:/etc/app:ro")
        .replace("-p 9000:9000", "-p 127.0.0.1:9000:9000")
        .replace("-p 6379:6379", "-p 127.0.0.1:6379:6379")
    )
    assert outcome.changed[str(path)] == expected
    assert shape(expected) == shape(WORKFLOW)  # the same YAML structure, styles kept
    assert write_changes(outcome) == []
    assert fix_run([str(path)], unsafe=True, environ={}).changed == {}  # idempotent


def test_a_value_that_cannot_be_mapped_is_judged_but_not_fixed(tmp_path: Path) -> None:
    text = (
        "jobs:\n  a:\n    runs-on: self-hosted\n    steps:\n"
        '      - run: "docker run -p \\"8080:80\\" x:1"\n'  # escapes: not char by char
        "      - run: docker run\n          -p 8081:80 y:1\n"  # folded plain: the port is exact
    )
    path = write(tmp_path, text)
    result = run([str(path)], environ={})
    assert [(d.code, d.fix is not None) for d in result.diagnostics] == [
        ("CL102", False),
        ("CL102", True),
    ]
    outcome = fix_run([str(path)], unsafe=True, environ={})
    assert outcome.changed[str(path)] == text.replace("-p 8081:80", "-p 127.0.0.1:8081:80")


@pytest.mark.parametrize(
    "block",
    [
        "|\n    docker run \\\n      -p 80:80 x\n\n    echo 'a\n      b'\n",
        "|-\n    docker run -p 80:80 x\n",
        "|2\n      docker run -p 80:80 x\n",
        ">\n    docker run\n    -p 80:80 x\n\n    echo hi\n      more\n    end\n",
        ">+\n    docker run -p 80:80 x\n\n\n",
        "docker run\n  -p 80:80\n\n  x\n",
        "'docker run -p 80:80 x'\n",
    ],
)
def test_every_mapped_character_is_the_one_the_file_holds(block: str) -> None:
    text = f"k: {block}z: 1\n"
    node = next(
        n
        for n in iter_nodes(load_yaml(Source.from_text("w.yml", text)).documents)
        if isinstance(n, ScalarNode) and "docker" in n.value
    )
    mapped = map_scalar(text, node)
    assert mapped.exact
    for start, file_start, size in mapped.segments:
        assert text[file_start : file_start + size] == mapped.text[start : start + size]
    port = mapped.text.index("80:80")
    assert text[mapped.at(port) : mapped.at(port) + 5] == "80:80"


def test_suppressions_in_yaml_and_in_a_run_block(tmp_path: Path) -> None:
    text = (
        "jobs:\n  a:\n    runs-on: self-hosted\n"
        "    services:\n      db:\n        image: postgres:16\n        ports:\n"
        "          - 5432:5432  # composelint: ignore CL102 -- the tests reach it\n"
        "    steps:\n"
        "      - run: docker run -p 80:80 x:1  # composelint: ignore CL102 -- a test server\n"
        "      - run: |\n"
        "          # composelint: ignore CL102 -- a test server\n"
        "          docker run -p 81:81 x:1\n"
        "          docker run -p 82:82 x:1\n"
    )
    path = write(tmp_path, text)
    assert [(c, line) for c, line, _s in found(path)] == [("CL102", 14)]


def test_containers_of_one_job_form_a_project_and_jobs_do_not_reach_each_other(
    tmp_path: Path,
) -> None:
    job = (
        "  {name}:\n    runs-on: self-hosted\n    steps:\n      - run: |\n"
        "          docker network create app\n"
        "          docker run -d --name db --network app -p 5432:5432 postgres:16\n"
        "{web}"
    )
    web = (
        "          docker run -d --name web --network app "
        "-e DATABASE_URL=postgres://db:5432/app shop:1.4\n"
    )
    together = write(tmp_path, "jobs:\n" + job.format(name="a", web=web), ".github/workflows/a.yml")
    apart = write(
        tmp_path,
        "jobs:\n"
        + job.format(name="a", web="")
        + job.format(name="b", web=web).replace(
            "          docker run -d --name db --network app -p 5432:5432 postgres:16\n", ""
        ),
        ".github/workflows/b.yml",
    )
    assert [c for c, _line, _s in found(together)] == ["CL101"]
    assert [c for c, _line, _s in found(apart)] == ["CL102"]


def test_an_unreadable_workflow_gets_one_note(tmp_path: Path) -> None:
    path = write(tmp_path, "jobs:\n  a:\n    steps: [\n      - run: docker run -p 80:80 x\n")
    assert [(c, s) for c, _line, s in found(path)] == [("CL007", Severity.INFORMATION)]


def test_hostile_workflows_stay_within_limits(tmp_path: Path) -> None:
    deep = write(
        tmp_path,
        "jobs:\n  a:\n    steps: " + "[" * 500 + "]" * 500 + "\n# docker\n",
        ".github/workflows/deep.yml",
    )
    assert [c for c, _line, _s in found(deep)] == ["CL007"]
    big = write(tmp_path, "# docker\n" + "x" * MAX_CI_BYTES + "\n", ".github/workflows/big.yml")
    assert [c for c, _line, _s in found(big)] == ["CL007"]
    many = "jobs:\n  a:\n    steps:\n" + "      - run: docker run -p 80:80 x:1\n" * 3000
    assert len(read_workflow(Source.from_text("w.yml", many)).launches) == 3000


def test_the_workflow_kind_can_be_turned_off(tmp_path: Path) -> None:
    write(tmp_path, WORKFLOW)
    (tmp_path / ".composelint.yaml").write_text("kinds:\n  workflow:\n    enabled: false\n")
    from composelint.config import load_config
    from composelint.rules.selection import known_codes

    config = load_config(tmp_path / ".composelint.yaml", known_codes())
    assert [f.kind for f in discover([tmp_path], kinds=config.kinds).files] == []


WORKFLOWS = [
    f"{r['repo']}/{r['path']}" for r in manifest_rows(CORPUS_BEYOND) if r["kind"] == "workflow"
]


def test_fixing_the_corpus_workflows_changes_only_edit_spans_and_then_nothing(
    tmp_path: Path,
) -> None:
    tree = tmp_path / "tree"
    for relative in WORKFLOWS:
        (tree / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(CORPUS_TREE / relative, tree / relative)
    first = run([str(tree)], environ={})
    assert len(first.files) == 6
    assert sorted(d.code for d in first.diagnostics) == (
        ["CL102"] * 3 + ["CL203"] * 3 + ["CL401"] * 4
    )
    outcome = fix_run([str(tree)], unsafe=True, environ={})
    assert not [d for d in outcome.result.diagnostics if d.code in ("CL000", "CL001", "CL007")]
    assert len(outcome.changed) == 2
    for path, text in outcome.changed.items():
        before = Path(path).read_text(encoding="utf-8")
        assert shape(text) == shape(before)
        old, new = before.splitlines(), text.splitlines()
        assert len(old) == len(new)
        for a, b in zip(old, new, strict=True):
            if a != b:
                assert b == a.replace(a.strip(" -").split()[0], "", 0) or "127.0.0.1:" in b
                assert a.split("#", 1)[1:] == b.split("#", 1)[1:]
    assert write_changes(outcome) == []
    assert fix_run([str(tree)], unsafe=True, environ={}).changed == {}
