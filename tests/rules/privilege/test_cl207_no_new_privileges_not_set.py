"""CL207 (opt-in): no-new-privileges not set; its fix adds it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.rules.support import findings, fixed, lines


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (None, [2]),
        ("[label:disable]", [2]),
        ("[no-new-privileges:true]", []),
        ("[no-new-privileges]", []),
        ("['no-new-privileges=true']", []),
        ("[no-new-privileges:false]", []),  # CL206's finding
    ],
)
def test_reported_unless_set(tmp_path: Path, options: str | None, expected: list[int]) -> None:
    body = f"    security_opt: {options}\n" if options else ""
    files = {"compose.yaml": f"services:\n  api:\n    image: ghcr.io/acme/api:2\n{body}"}
    assert lines(tmp_path, files, "CL207") == expected


def test_sits_on_the_service_key_with_the_place_of_the_fix(tmp_path: Path) -> None:
    files = {"compose.yaml": "services:\n  api:\n    image: ghcr.io/acme/api:2\n    user: app\n"}
    [found] = findings(tmp_path, files, "CL207")
    assert (found.span.start.offset, found.span.end.offset) == (12, 15)  # "api"
    [related] = found.related
    assert related.span.start.line == 3 and "after the service's last key" in related.message
    assert found.fix is not None and found.fix.applicability == "unsafe"


def test_not_in_the_default_set(tmp_path: Path) -> None:
    from composelint.run.engine import run

    (tmp_path / "compose.yaml").write_text("services:\n  api:\n    image: x:1\n")
    assert [d.code for d in run([str(tmp_path)], environ={}).diagnostics] == []


def test_scripts_and_python(tmp_path: Path) -> None:
    files = {
        "deploy.sh": (
            "#!/bin/sh\n"
            "docker run -d ghcr.io/acme/api:2\n"
            "docker run -d --security-opt no-new-privileges ghcr.io/acme/api:2\n"
            "docker run -d $DOCKER_OPTS ghcr.io/acme/api:2\n"  # options unseen: not judged
            "docker compose run --rm api migrate\n"  # judged in the compose file
        ),
        "conftest.py": (
            "import docker\n\nclient = docker.from_env()\n"
            "a = client.containers.run('ghcr.io/acme/api:2', detach=True)\n"
            "b = client.containers.run('ghcr.io/acme/api:2', security_opt=['no-new-privileges'])\n"
        ),
    }
    found = findings(tmp_path, files, "CL207")
    assert sorted((Path(d.span.path).name, d.span.start.line + 1) for d in found) == [
        ("conftest.py", 4),
        ("deploy.sh", 2),
    ]


BLOCK = """\
services:
  api:
    image: ghcr.io/acme/api:2   # pinned
    volumes:
    - data:/data
    environment:
      A: "1"

  db:
    image: postgres:16
    security_opt:
    - label:type:db_t
volumes:
  data: {}
"""

BLOCK_FIXED = """\
services:
  api:
    image: ghcr.io/acme/api:2   # pinned
    volumes:
    - data:/data
    environment:
      A: "1"
    security_opt:
    - no-new-privileges:true

  db:
    image: postgres:16
    security_opt:
    - label:type:db_t
    - no-new-privileges:true
volumes:
  data: {}
"""


def test_fix_in_the_file_s_block_style(tmp_path: Path) -> None:
    assert fixed(tmp_path, "compose.yaml", BLOCK, "CL207") == BLOCK_FIXED


FLOW = """\
services:
  api: {image: "ghcr.io/acme/api:2", cap_drop: [ALL]}
  web:
    image: nginx:1.27
    ports: ["127.0.0.1:80:80"]
  db:
    image: postgres:16
    security_opt: ['label:type:db_t']
"""

FLOW_FIXED = """\
services:
  api: {image: "ghcr.io/acme/api:2", cap_drop: [ALL], security_opt: ["no-new-privileges:true"]}
  web:
    image: nginx:1.27
    ports: ["127.0.0.1:80:80"]
    security_opt: ["no-new-privileges:true"]
  db:
    image: postgres:16
    security_opt: ['label:type:db_t', 'no-new-privileges:true']
"""


def test_fix_in_the_file_s_flow_style(tmp_path: Path) -> None:
    assert fixed(tmp_path, "compose.yaml", FLOW, "CL207") == FLOW_FIXED


def test_fix_after_a_block_scalar_and_crlf(tmp_path: Path) -> None:
    text = "services:\r\n  api:\r\n    image: x:1\r\n    command: |\r\n      run\r\n"
    expected = (
        "services:\r\n  api:\r\n    image: x:1\r\n    command: |\r\n      run\r\n"
        "    security_opt:\r\n      - no-new-privileges:true\r\n"
    )
    assert fixed(tmp_path, "compose.yaml", text, "CL207") == expected


def test_fix_on_a_command_line(tmp_path: Path) -> None:
    text = (
        "#!/bin/sh\n"
        "docker run -d --name api \\\n"
        "  -p 127.0.0.1:8080:8080 ghcr.io/acme/api:2 serve --port 8080\n"
        'CMD="docker run -d ghcr.io/acme/worker:2"\n'
        "$CMD\n"
    )
    expected = (
        "#!/bin/sh\n"
        "docker run -d --name api \\\n"
        "  -p 127.0.0.1:8080:8080 --security-opt no-new-privileges:true ghcr.io/acme/api:2"
        " serve --port 8080\n"
        'CMD="docker run -d --security-opt no-new-privileges:true ghcr.io/acme/worker:2"\n'
        "$CMD\n"
    )
    assert fixed(tmp_path, "deploy.sh", text, "CL207") == expected


def test_a_service_from_extends_gets_the_key_in_its_own_mapping(tmp_path: Path) -> None:
    base = "services:\n  base:\n    image: x:1\n"
    (tmp_path / "base.yaml").write_text(base)
    text = "services:\n  api:\n    extends: {file: base.yaml, service: base}\n"
    assert fixed(tmp_path, "compose.yaml", text, "CL207") == (
        text + "    security_opt:\n      - no-new-privileges:true\n"
    )
    # base.yaml is also read by compose.yaml's project, which proposes nothing there.
    assert (tmp_path / "base.yaml").read_text() == base


WORKFLOW = """\
name: ci
on: push
jobs:
  test:
    runs-on: ubuntu-latest
    services:
      postgres:
        image: postgres:16
        options: --health-cmd pg_isready
    steps:
      - run: docker run -d ghcr.io/acme/api:2
"""


def test_a_workflow_s_job_service_is_not_judged_its_steps_are(tmp_path: Path) -> None:
    """The runner starts a job service with its options string: no compose key to add."""
    name = ".github/workflows/ci.yml"
    [found] = findings(tmp_path, {name: WORKFLOW}, "CL207")
    assert found.span.start.line == 10
    assert fixed(tmp_path, name, WORKFLOW, "CL207") == WORKFLOW.replace(
        "-d ghcr", "-d --security-opt no-new-privileges:true ghcr"
    )
