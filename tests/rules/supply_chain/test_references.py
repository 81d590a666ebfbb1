"""Image references: how they are split, and which tags name a version."""

from __future__ import annotations

import pytest

from composelint.rules.supply_chain.references import (
    UNKNOWN,
    mask,
    moving_tag,
    parse_reference,
    pinned_by_digest,
)

DIGEST = "sha256:" + "4f" * 32


@pytest.mark.parametrize(
    ("text", "name", "tag"),
    [
        ("nginx", "nginx", None),
        ("nginx:1.27", "nginx", "1.27"),
        ("library/nginx", "library/nginx", None),
        ("docker.io/library/nginx:latest", "docker.io/library/nginx", "latest"),
        ("registry:5000/app", "registry:5000/app", None),  # a port, not a tag
        ("registry:5000/app:1.2", "registry:5000/app", "1.2"),
        ("localhost:5000/app", "localhost:5000/app", None),
        ("my_private.registry:5000/nginx", "my_private.registry:5000/nginx", None),
        (f"nginx:1.27@{DIGEST}", "nginx", "1.27"),
    ],
)
def test_references_are_split_as_docker_splits_them(text: str, name: str, tag: str | None) -> None:
    ref = parse_reference(text)
    assert ref is not None and (ref.name, ref.tag) == (name, tag)


@pytest.mark.parametrize(
    "text", ["", "<image>", "apache/airflow:|version|", "a:b:c", "x/", "two words"]
)
def test_placeholders_are_not_references(text: str) -> None:
    assert parse_reference(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "nginx",
        "nginx:latest",
        "redis:stable",
        "alpine:edge",
        "node:lts",
        "node:current-alpine",
        "nginx:mainline",
        "nginx:alpine",
        "python:slim",
        "node:bookworm",  # a codename is a variant of any image but the distribution's own
        "node:lts-alpine3.19",
        "tiangolo/uvicorn-gunicorn-fastapi:python3.9-slim",
        "tomcat:jdk17",
        "nextcloud:fpm-alpine",
        "debian:sid",
        "ubuntu:rolling",
        "ghcr.io/acme/app:main",
        "ghcr.io/acme/app:develop",
    ],
)
def test_tags_that_name_no_version(text: str) -> None:
    ref = parse_reference(text)
    assert ref is not None and moving_tag(ref) is not None


@pytest.mark.parametrize(
    "text",
    [
        "postgres:16",
        "nginx:1.27-alpine",
        "python:3.12-slim-bookworm",
        "ghcr.io/acme/app:v2.1.0",
        "ghcr.io/acme/app:2024.05.1",
        "minio/minio:RELEASE.2024-05-01T01-11-10Z",
        "ghcr.io/acme/app:sha-4f2a9c1",
        "ghcr.io/acme/app:4f2a9c1",
        "debian:bookworm",  # Debian 12
        "debian:bookworm-slim",
        "ubuntu:jammy",
        "ubuntu:jammy-20240212",
        "mcr.microsoft.com/mssql/server:2022-latest",
    ],
)
def test_tags_with_a_version(text: str) -> None:
    ref = parse_reference(text)
    assert ref is not None and moving_tag(ref) is None


def test_no_tag_says_latest_is_pulled() -> None:
    ref = parse_reference("localhost:5000/app")
    assert ref is not None and moving_tag(ref) == "has no tag, so docker pulls 'latest'"


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("app:${TAG}", f"app:{UNKNOWN}"),
        ("app:$TAG", f"app:{UNKNOWN}"),
        ("${IMAGE}", UNKNOWN),
        ("app:${TAG:-latest}", "app:latest"),  # what runs when TAG is not set
        ("${REGISTRY:-ghcr.io}/acme/app:1.2", "ghcr.io/acme/app:1.2"),
        ("postgres:${{ matrix.postgres }}", f"postgres:{UNKNOWN}"),
        ("app:$(git rev-parse HEAD)", f"app:{UNKNOWN}"),
        ("app:`cat VERSION`", f"app:{UNKNOWN}"),
        ("nginx:1.27", "nginx:1.27"),
    ],
)
def test_what_only_the_run_knows_is_masked(text: str, masked: str) -> None:
    assert mask(text) == masked


def test_unknown_parts() -> None:
    tag = parse_reference(mask("app:${TAG}"))
    name = parse_reference(mask("${IMAGE}"))
    registry = parse_reference(mask("${REGISTRY}/app:latest"))
    assert tag is not None and tag.tag_unknown
    assert name is not None and name.tag_unknown  # the variable may carry a tag
    assert registry is not None and not registry.tag_unknown
    assert moving_tag(registry) is not None


def test_digests() -> None:
    pinned = parse_reference(f"nginx@{DIGEST}")
    later = parse_reference(mask("nginx@${DIGEST}"))
    short = parse_reference("nginx@sha256:abc123")  # docker refuses it: nothing moves
    tag = parse_reference("nginx@latest")
    assert pinned is not None and pinned_by_digest(pinned)
    assert later is not None and pinned_by_digest(later)
    assert short is not None and pinned_by_digest(short)
    assert tag is not None and not pinned_by_digest(tag)
