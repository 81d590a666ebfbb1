"""GitLab CI files: script, before_script and after_script in every form, the default
section and hidden jobs, Docker-in-Docker services, local includes, suppressions,
limits, and fixes that keep the YAML."""

from __future__ import annotations

from pathlib import Path

import pytest

from composelint.ci import MAX_CI_BYTES, read_gitlab, screen_gitlab
from composelint.ci.pipeline import _shape
from composelint.diagnostics import Severity
from composelint.discover.walk import discover
from composelint.run.engine import run
from composelint.run.fixing import fix_run, write_changes
from composelint.source import Source
from composelint.yaml.document import load_yaml

GITLAB = """\
stages: [test, deploy]

default:
  before_script:
    - docker info

unit:
  stage: test
  script: docker run -d -p 8081:80 acme/app:1.2  # a string

e2e:
  stage: test
  before_script:
    - docker run -d -p 5432:5432 postgres:16
  script:
    - |
      # the object store
      docker run -d \\
        -p 9000:9000 \\
        acme/minio:1.0
      echo done
  after_script:
    - 'docker run --rm -p 6379:6379 redis:7'

dind:
  stage: deploy
  services:
    - docker:27-dind
  script:
    - docker run -d -p 8082:80 acme/app:1.2
"""

INFO, WARNING = Severity.INFORMATION, Severity.WARNING


def write(root: Path, text: str, name: str = ".gitlab-ci.yml") -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def found(path: Path) -> list[tuple[str, int, Severity]]:
    result = run([str(path)], environ={})
    return [(d.code, d.span.start.line + 1, d.severity) for d in result.diagnostics]


def shape(text: str) -> object:
    return [_shape(d) for d in load_yaml(Source.from_text("g.yml", text)).documents]


def test_gitlab_files_are_found_by_name_and_listed_only_past_the_screen(tmp_path: Path) -> None:
    write(tmp_path, GITLAB)
    write(tmp_path, "test:\n  script:\n    - make test\n", "sub/.gitlab-ci.yml")
    write(tmp_path, "test:\n  script: docker run -p 1:1 x:1\n", "ci/gitlab-ci.yml")  # no dot
    kinds = {str(f.path.relative_to(tmp_path)): f.kind for f in discover([tmp_path]).files}
    assert kinds == {".gitlab-ci.yml": "gitlab", "sub/.gitlab-ci.yml": "gitlab"}
    listed = [Path(f.path).relative_to(tmp_path).as_posix() for f in run([str(tmp_path)]).files]
    assert listed == [".gitlab-ci.yml"]  # sub/ names no runtime: not parsed, not listed


def test_every_script_form_is_read_and_dind_decides_port_severity(tmp_path: Path) -> None:
    path = write(tmp_path, GITLAB)
    assert found(path) == [
        ("CL102", 9, WARNING),  # script: a string
        ("CL102", 14, WARNING),  # before_script: a list
        ("CL102", 19, WARNING),  # a literal block in a list
        ("CL102", 23, WARNING),  # after_script: a quoted string
        ("CL102", 30, INFO),  # a job with a docker:dind service
    ]
    dind = run([str(path)], environ={}).diagnostics[-1]
    assert dind.message.endswith(
        "(the job runs docker in its docker:dind service's container, where a published "
        "port does not reach the runner's host)"
    )


@pytest.mark.parametrize(
    ("services", "severity"),
    [
        ("  services: [docker:dind]\n", INFO),  # the job's, a flow list
        ("  services:\n    - name: registry.example.com/library/docker:24.0-dind\n", INFO),
        ("  services:\n    - postgres:16\n", WARNING),  # a service, not Docker-in-Docker
        ("  extends: .dind\n", INFO),  # a hidden job it extends
        ("  extends: [.other, .dind]\n", INFO),
        ("", INFO),  # the default services
    ],
)
def test_a_dind_service_of_the_job_its_templates_or_the_default(
    tmp_path: Path, services: str, severity: Severity
) -> None:
    text = (
        "default:\n  services:\n    - docker:dind\n"
        ".dind:\n  services:\n    - docker:dind\n"
        ".other:\n  tags: [x]\n"
        "job:\n" + services + "  script:\n    - docker run -p 5432:5432 postgres:16\n"
    )
    if "postgres:16\n" in services or "extends" in services:
        text = text.replace("default:\n  services:\n    - docker:dind\n", "")
    path = write(tmp_path, text)
    assert [(c, s) for c, _line, s in found(path)] == [("CL102", severity)]


def test_default_and_hidden_job_scripts_are_read_once(tmp_path: Path) -> None:
    text = (
        "before_script:\n  - docker run -d -p 1111:1111 a:1\n"  # the old global keyword
        "default:\n  after_script:\n    - docker run -d -p 2222:2222 b:1\n"
        ".setup:\n  script:\n    - docker run -d -p 3333:3333 c:1\n"
        "one:\n  extends: .setup\n"
        "two:\n  extends: .setup\n"
        "variables:\n  X: docker run -p 4444:4444 d:1\n"  # a value, not a script
        "three:\n  script:\n    - !reference [.setup, script]\n    - echo docker\n"
    )
    path = write(tmp_path, text)
    assert [(c, line) for c, line, _s in found(path)] == [
        ("CL102", 2),
        ("CL102", 5),
        ("CL102", 8),
    ]


def test_local_includes_are_checked_and_outside_ones_noted_once(tmp_path: Path) -> None:
    write(
        tmp_path,
        "include:\n"
        "  - local: ci/build.yml\n"
        "  - '/ci/jobs/*.yml'\n"  # a string, a wildcard, from the repository root
        "  - template: Security/SAST.gitlab-ci.yml\n"
        "  - remote: https://example.com/ci.yml\n"
        "default:\n  services: [docker:dind]\n",
    )
    write(tmp_path, "build:\n  script:\n    - docker run -p 5000:5000 registry:2\n", "ci/build.yml")
    write(tmp_path, "e2e:\n  script: docker run -p 6000:6000 e:1\n", "ci/jobs/e2e.yml")
    write(tmp_path, "lint:\n  script: make lint\n", "ci/jobs/lint.yml")  # starts nothing
    write(tmp_path, "x:\n  script: docker run -p 7000:7000 x:1\n", "ci/unused.yml")
    result = run([str(tmp_path)], environ={})
    by_file = {
        Path(f.path).relative_to(tmp_path).as_posix(): [(d.code, d.severity) for d in f.diagnostics]
        for f in result.files
    }
    assert by_file == {
        ".gitlab-ci.yml": [("CL007", INFO)],  # one note for the two outside includes
        "ci/build.yml": [("CL102", INFO)],  # the including file's dind default
        "ci/jobs/e2e.yml": [("CL102", INFO)],
    }
    note = result.files[0].diagnostics[0].message
    assert note.startswith("includes from outside the repository")
    # named alone (as pre-commit names a changed file), it is reported alone
    alone = run([str(tmp_path / ".gitlab-ci.yml")], environ={})
    assert [Path(f.path).name for f in alone.files] == [".gitlab-ci.yml"]


def test_an_include_chain_is_followed_once(tmp_path: Path) -> None:
    write(tmp_path, "include: a.yml\n")
    write(tmp_path, "include:\n  local: b.yml\nrun-a:\n  script: docker run -p 1:1 a:1\n", "a.yml")
    write(tmp_path, "include: a.yml\nrun-b:\n  script: docker run -p 2:2 b:1\n", "b.yml")
    result = run([str(tmp_path)], environ={})
    listed = sorted(Path(f.path).name for f in result.files)
    assert listed == [".gitlab-ci.yml", "a.yml", "b.yml"]
    assert sorted(d.code for d in result.diagnostics) == ["CL102", "CL102"]


def test_suppressions_in_yaml_and_in_a_script_block(tmp_path: Path) -> None:
    text = (
        "job:\n  script:\n"
        "    - docker run -p 80:80 x:1  # composelint: ignore CL102 -- a test server\n"
        "    - |\n"
        "      # composelint: ignore CL102 -- a test server\n"
        "      docker run -p 81:81 x:1\n"
        "      docker run -p 82:82 x:1\n"
    )
    path = write(tmp_path, text)
    assert [(c, line) for c, line, _s in found(path)] == [("CL102", 7)]


def test_a_fix_in_a_block_scalar_edits_the_block_text_only(tmp_path: Path) -> None:
    path = write(tmp_path, GITLAB)
    outcome = fix_run([str(path)], unsafe=True, environ={})
    expected = (
        GITLAB.replace("-p 8081:80", "-p 127.0.0.1:8081:80")
        .replace("-p 5432:5432", "-p 127.0.0.1:5432:5432")
        .replace("-p 9000:9000", "-p 127.0.0.1:9000:9000")
        .replace("-p 6379:6379", "-p 127.0.0.1:6379:6379")
        .replace("-p 8082:80", "-p 127.0.0.1:8082:80")
    )
    assert outcome.changed[str(path)] == expected
    assert shape(expected) == shape(GITLAB)  # the same YAML structure, styles kept
    assert "'docker run --rm -p 127.0.0.1:6379:6379 redis:7'" in expected  # quoting kept
    assert write_changes(outcome) == []
    assert path.read_text(encoding="utf-8") == expected
    assert fix_run([str(path)], unsafe=True, environ={}).changed == {}  # idempotent


def test_the_block_text_after_a_fix_is_the_same_script(tmp_path: Path) -> None:
    from ruamel.yaml import YAML

    path = write(tmp_path, GITLAB)
    outcome = fix_run([str(path)], unsafe=True, environ={})
    before = YAML(typ="safe").load(GITLAB)
    after = YAML(typ="safe").load(outcome.changed[str(path)])
    assert after["e2e"]["script"][0] == before["e2e"]["script"][0].replace(
        "-p 9000:9000", "-p 127.0.0.1:9000:9000"
    )
    assert after.keys() == before.keys()


def test_an_unreadable_gitlab_file_gets_one_note(tmp_path: Path) -> None:
    path = write(tmp_path, "job:\n  script: [\n    - docker run -p 80:80 x\n")
    assert [(c, s) for c, _line, s in found(path)] == [("CL007", INFO)]


def test_hostile_gitlab_files_stay_within_limits(tmp_path: Path) -> None:
    deep = write(tmp_path, "job:\n  script: " + "[" * 500 + "]" * 500 + "\n# docker\n")
    assert [c for c, _line, _s in found(deep)] == ["CL007"]
    big = write(tmp_path / "big", "# docker\n" + "x" * MAX_CI_BYTES + "\n")
    assert [c for c, _line, _s in found(big)] == ["CL007"]
    many = "job:\n  script:\n" + "    - docker run -p 80:80 x:1\n" * 3000
    assert len(read_gitlab(Source.from_text("g.yml", many)).launches) == 3000
    loop = "".join(f".t{i}:\n  extends: .t{(i + 1) % 50}\n" for i in range(50))
    looped = write(
        tmp_path / "loop", loop + "job:\n  extends: .t0\n  script: docker run -p 1:1 x:1\n"
    )
    assert [(c, s) for c, _line, s in found(looped)] == [("CL102", WARNING)]


def test_the_screen() -> None:
    assert screen_gitlab("job:\n  script: docker ps\n")
    assert screen_gitlab("include:\n  - local: ci/a.yml\n")  # its includes may start some
    assert not screen_gitlab("job:\n  script: make\n")


def test_the_gitlab_kind_can_be_turned_off(tmp_path: Path) -> None:
    write(tmp_path, GITLAB)
    (tmp_path / ".composelint.yaml").write_text("kinds:\n  gitlab:\n    enabled: false\n")
    from composelint.config import load_config
    from composelint.rules.selection import known_codes

    config = load_config(tmp_path / ".composelint.yaml", known_codes())
    assert [f.kind for f in discover([tmp_path], kinds=config.kinds).files] == []
    assert run([str(tmp_path)], environ={}, config=config).files == []
