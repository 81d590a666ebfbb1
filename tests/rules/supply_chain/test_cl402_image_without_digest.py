"""CL402 (opt-in): an image not pinned by digest, where CL401 looks."""

from __future__ import annotations

from pathlib import Path

import pytest

from composelint.rules.selection import Selection
from composelint.run.engine import run
from tests.rules.support import findings, lines, write

DIGEST = "sha256:" + "4f" * 32


@pytest.mark.parametrize(
    ("image", "flagged"),
    [
        ("nginx:1.27", True),  # a version tag is still a name the registry resolves
        ("nginx", True),
        ("registry:5000/app:1.2", True),
        ("localhost:5000/app", True),
        (f"nginx:1.27@{DIGEST}", False),
        (f"registry:5000/app@{DIGEST}", False),
        ('"app@${DIGEST}"', False),  # a digest, given where it runs
        ('"app:${TAG}"', False),  # unset: the variable may carry a digest
    ],
)
def test_compose(tmp_path: Path, image: str, flagged: bool) -> None:
    files = {"compose.yaml": f"services:\n  web:\n    image: {image}\n"}
    assert lines(tmp_path, files, "CL402") == ([3] if flagged else [])


def test_message_says_what_to_write(tmp_path: Path) -> None:
    text = "services:\n  web:\n    image: nginx:1.27\n"
    [found] = findings(tmp_path, {"compose.yaml": text}, "CL402")
    assert text[found.span.start.offset : found.span.end.offset] == "nginx:1.27"
    assert "nginx:1.27@sha256:<digest>" in found.message
    assert "docker buildx imagetools inspect nginx:1.27" in found.message


def test_same_exclusions_as_cl401(tmp_path: Path) -> None:
    files = {
        "compose.yaml": (
            "services:\n  app:\n    build: .\n    image: app:dev\n  worker:\n    image: app:dev\n"
        ),
        "Dockerfile": (
            f"FROM golang:1.22@{DIGEST} AS build\n"
            "FROM build AS test\n"
            "FROM scratch\n"
            "COPY --from=build /out /app\n"
        ),
        "deploy.sh": "#!/bin/sh\ndocker build -t tool .\ndocker run --rm tool\ndocker compose run web\n",
    }
    assert findings(tmp_path, files, "CL402") == []


def test_every_source(tmp_path: Path) -> None:
    files = {
        "Dockerfile": "FROM python:3.12-slim\nCOPY --from=composer:2.7 /usr/bin/composer /bin/\n",
        "deploy.sh": "#!/bin/sh\ndocker run -d nginx:1.27\n",
        "conftest.py": "import docker\n\ndocker.from_env().containers.run('postgres:16.4')\n",
    }
    found = findings(tmp_path, files, "CL402")
    assert sorted((Path(d.span.path).name, d.span.start.line + 1) for d in found) == [
        ("Dockerfile", 1),
        ("Dockerfile", 2),
        ("conftest.py", 3),
        ("deploy.sh", 2),
    ]


def test_opt_in(tmp_path: Path) -> None:
    write(tmp_path, {"compose.yaml": "services:\n  web:\n    image: nginx:1.27\n"})
    default = run([str(tmp_path)], environ={})
    hardening = run([str(tmp_path)], environ={}, selection=Selection(extend_select=("hardening",)))
    assert "CL402" not in {d.code for d in default.diagnostics}
    assert "CL402" in {d.code for d in hardening.diagnostics}
