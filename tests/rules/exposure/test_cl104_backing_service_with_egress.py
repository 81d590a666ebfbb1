"""CL104 (opt-in): a database, cache or queue on a network with a route out."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.rules.support import findings


def _names(found: list) -> list[str]:
    return [d.message.split("'")[1] for d in found]


def test_default_network_and_the_containers_that_still_reach_it(tmp_path: Path) -> None:
    files = {
        "compose.yaml": (
            "services:\n  api:\n    image: ghcr.io/acme/api:2\n"
            "  worker:\n    image: ghcr.io/acme/worker:2\n"
            "  db:\n    image: postgres:16\n"
        )
    }
    [found] = findings(tmp_path, files, "CL104")
    assert found.span.start.line == 5  # db:
    assert "is on the default network" in found.message
    assert "reach it now (api and worker)" in found.message


@pytest.mark.parametrize(
    ("db", "networks", "reported"),
    [
        ("    networks: [back]\n", "  back: {}\n", True),
        ("    networks: [back]\n", "  back: {internal: true}\n", False),
        ("    networks: [back, front]\n", "  back: {internal: true}\n  front: {}\n", True),
        ("    networks: [ext]\n", "  ext: {external: true}\n", False),  # not in the files
        ("    network_mode: none\n", "", False),
        ("    network_mode: service:api\n", "", False),
    ],
)
def test_networks(tmp_path: Path, db: str, networks: str, reported: bool) -> None:
    text = (
        "services:\n  api:\n    image: ghcr.io/acme/api:2\n"
        f"  db:\n    image: postgres:16\n{db}" + (f"networks:\n{networks}" if networks else "")
    )
    assert bool(findings(tmp_path, {"compose.yaml": text}, "CL104")) is reported


def test_only_backing_images(tmp_path: Path) -> None:
    text = (
        "services:\n  web:\n    image: nginx:1.27\n  cache:\n    image: bitnami/redis:7.2\n"
        "  q:\n    image: rabbitmq:3-management\n  app:\n    image: ghcr.io/acme/postgres-exporter:1\n"
    )
    assert _names(findings(tmp_path, {"compose.yaml": text}, "CL104")) == ["cache", "q"]


def test_script_networks(tmp_path: Path) -> None:
    files = {
        "deploy.sh": (
            "#!/bin/sh\n"
            "docker network create --internal data\n"
            "docker run -d --name db --network data postgres:16\n"
            "docker run -d --name cache redis:7\n"
        )
    }
    assert _names(findings(tmp_path, files, "CL104")) == ["cache"]
