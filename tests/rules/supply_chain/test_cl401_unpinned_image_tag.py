"""CL401: an image without a tag, or with a tag that names no version, wherever it is named."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.rules.support import findings, lines

DIGEST = "sha256:" + "4f" * 32


def _on(found: object, text: str) -> str:
    span = found.span  # type: ignore[attr-defined]
    return text[span.start.offset : span.end.offset]


# -- compose ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("image", "flagged"),
    [
        ("nginx", True),
        ("nginx:latest", True),
        ("redis:alpine", True),
        ("node:lts-alpine", True),
        ("ghcr.io/acme/app", True),
        ("localhost:5000/app", True),  # a registry port, no tag
        ('"app:${TAG:-latest}"', True),  # the default is what runs
        ("postgres:16", False),
        ("nginx:1.27-alpine", False),
        ("registry:5000/app:1.2", False),
        ("debian:bookworm", False),
        (f"nginx@{DIGEST}", False),
        (f"nginx:latest@{DIGEST}", False),
        ('"app:${TAG}"', False),  # unset, no default: known only where it runs
        ('"${IMAGE}"', False),
        ('"app:${TAG:?set TAG}"', False),
    ],
)
def test_compose(tmp_path: Path, image: str, flagged: bool) -> None:
    files = {"compose.yaml": f"services:\n  web:\n    image: {image}\n"}
    assert lines(tmp_path, files, "CL401") == ([3] if flagged else [])


def test_compose_finding_sits_on_the_image_and_says_what_to_write(tmp_path: Path) -> None:
    text = "services:\n  cache:\n    image: redis:alpine\n"
    [found] = findings(tmp_path, {"compose.yaml": text}, "CL401")
    assert _on(found, text) == "redis:alpine"
    assert "'alpine'" in found.message and "service 'cache'" in found.message
    assert "redis:<version>-alpine" in found.message and "redis@sha256:" in found.message


def test_compose_default_and_env_file(tmp_path: Path) -> None:
    text = (
        "services:\n"
        "  a:\n    image: ghcr.io/acme/a:${A_TAG:-latest}\n"
        "  b:\n    image: ghcr.io/acme/b:${B_TAG}\n"
        "  c:\n    image: ghcr.io/acme/c:${C_TAG}\n"
    )
    files = {"compose.yaml": text, ".env": "B_TAG=nightly\nC_TAG=2.1.0\n"}
    found = findings(tmp_path, files, "CL401")
    assert [d.span.start.line + 1 for d in found] == [3, 5]
    assert "written 'ghcr.io/acme/a:${A_TAG:-latest}'" in found[0].message
    assert "'nightly'" in found[1].message


def test_compose_images_the_project_builds(tmp_path: Path) -> None:
    text = (
        "services:\n"
        "  builder:\n    build: .\n    image: app\n"  # names what it builds
        "  worker:\n    image: app\n"  # the same local image
        "  local:\n    image: tool\n    pull_policy: never\n"
        "  pulled:\n    image: tool\n"
    )
    files = {"compose.yaml": text, "Dockerfile": "FROM python:3.12-slim\n"}
    assert lines(tmp_path, files, "CL401") == [11]


def test_compose_override_decides(tmp_path: Path) -> None:
    files = {
        "compose.yaml": "services:\n  web:\n    image: nginx:1.27\n",
        "compose.override.yaml": "services:\n  web:\n    image: nginx:latest\n",
    }
    [found] = findings(tmp_path, files, "CL401")
    assert found.span.path.endswith("compose.override.yaml")


# -- Dockerfile ------------------------------------------------------------------------


def test_dockerfile_from(tmp_path: Path) -> None:
    text = (
        "ARG PY=3.12\n"
        "ARG BASE=node:latest\n"
        "ARG NODE\n"
        "FROM --platform=$BUILDPLATFORM golang:1.22 AS build\n"  # 4: versioned
        "FROM build AS test\n"  # 5: an earlier stage
        "FROM scratch\n"  # 6
        "FROM python:${PY}-slim\n"  # 7: a pinned default
        "FROM $BASE\n"  # 8: a moving default
        "FROM node:${NODE}\n"  # 9: no default, unknown
        "FROM alpine\n"  # 10
        "FROM BUILD\n"  # 11: stage names are not case-sensitive
        "FROM ubuntu:latest AS final\n"  # 12
    )
    found = findings(tmp_path, {"Dockerfile": text}, "CL401")
    assert [d.span.start.line + 1 for d in found] == [8, 10, 12]
    assert [_on(d, text) for d in found] == ["$BASE", "alpine", "ubuntu:latest"]
    moving_default = found[0]
    assert "'node:latest'" in moving_default.message and "written '$BASE'" in moving_default.message
    [related] = moving_default.related
    assert related.span.start.line == 1 and "ARG BASE" in related.message


def test_dockerfile_copy_from(tmp_path: Path) -> None:
    text = (
        "FROM golang:1.22 AS build\n"
        "FROM alpine:3.20\n"
        "COPY --from=build /out /app\n"
        "COPY --from=0 /out /app\n"
        "COPY --from=composer:latest /usr/bin/composer /usr/bin/composer\n"
        "COPY --from=composer:2.7 /usr/bin/composer /usr/local/bin/composer\n"
    )
    [found] = findings(tmp_path, {"Dockerfile": text}, "CL401")
    assert _on(found, text) == "composer:latest"
    assert "COPY --from image" in found.message


# -- command lines ---------------------------------------------------------------------


def test_command_line(tmp_path: Path) -> None:
    text = (
        "#!/bin/sh\n"
        "docker run -d nginx\n"  # 2
        "docker run -d nginx:1.27\n"
        "docker run -d registry:5000/app:1.2\n"
        "docker run -d localhost:5000/app\n"  # 5
        'docker run -d "$IMAGE"\n'
        "docker run -d app:$TAG\n"
        'docker run -d "app:${TAG:-latest}"\n'  # 8
        "podman run -d --rm docker.io/library/redis:alpine redis-server\n"  # 9
        "docker compose run web\n"  # a service name, not an image
        "docker build -t tool .\n"
        "docker run --rm tool --help\n"  # built here, not pulled
        "docker tag tool mirror/tool:dev\n"
        "docker run --rm mirror/tool:dev\n"
    )
    found = findings(tmp_path, {"deploy.sh": text}, "CL401")
    assert [d.span.start.line + 1 for d in found] == [2, 5, 8, 9]
    assert _on(found[3], text) == "docker.io/library/redis:alpine"


def test_makefile_and_markdown(tmp_path: Path) -> None:
    files = {
        "Makefile": "run:\n\tdocker run --rm -it node:lts node\n",
        "README.md": "Start it:\n\n```sh\ndocker run -d -p 8080:80 nginx:latest\n```\n",
    }
    found = findings(tmp_path, files, "CL401")
    assert sorted(Path(d.span.path).name for d in found) == ["Makefile", "README.md"]


# -- Python ----------------------------------------------------------------------------


def test_sdk_and_testcontainers(tmp_path: Path) -> None:
    text = (
        "import docker\n"
        "from testcontainers.core.container import DockerContainer\n"
        "from testcontainers.postgres import PostgresContainer\n\n"
        "client = docker.from_env()\n"
        "client.containers.run('postgres', detach=True)\n"  # 6
        "client.containers.run('postgres:16.4', detach=True)\n"
        "client.containers.run(image='redis:latest', detach=True)\n"  # 8
        "client.containers.run(IMAGE, detach=True)\n"  # computed: not judged
        "DockerContainer('redis:alpine')\n"  # 10
        "DockerContainer('redis:7.4-alpine')\n"
        "PostgresContainer()\n"  # the library's own default: nothing written
        "PostgresContainer('postgres:16')\n"
    )
    found = findings(tmp_path, {"conftest.py": text}, "CL401")
    assert [d.span.start.line + 1 for d in found] == [6, 8, 10]
    assert _on(found[0], text) == "'postgres'"


def test_workflow(tmp_path: Path) -> None:
    text = (
        "on: push\n"
        "jobs:\n"
        "  test:\n"
        "    runs-on: ubuntu-24.04\n"
        "    services:\n"
        "      db:\n"
        "        image: postgres\n"  # 7: the runner pulls it
        "    steps:\n"
        "      - uses: docker/build-push-action@v6\n"
        "        with:\n"
        "          tags: acme/app:pr\n"
        "          load: true\n"
        "      - run: docker run --rm acme/app:pr --version\n"  # built by the step above
        "      - run: docker run --rm ghcr.io/acme/tool:main\n"  # 14
    )
    files = {".github/workflows/ci.yml": text}
    assert lines(tmp_path, files, "CL401") == [7, 14]


def test_suppressions_hadolint_and_inline(tmp_path: Path) -> None:
    files = {
        "Dockerfile": "# hadolint ignore=DL3007\nFROM nginx:latest\nFROM alpine\n",
        "compose.yaml": (
            "services:\n"
            "  web:\n    image: nginx  # composelint: ignore CL401 -- follows upstream\n"
            "  db:\n    image: postgres\n"
        ),
    }
    found = findings(tmp_path, files, "CL401")
    assert sorted((Path(d.span.path).name, d.span.start.line + 1) for d in found) == [
        ("Dockerfile", 3),
        ("compose.yaml", 5),
    ]
