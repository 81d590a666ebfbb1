"""A project folder: a compose file and, when a service builds, the Dockerfile it builds."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from hypothesis import strategies as st

from tests.strategies.compose_docs import ComposeFile, compose_files
from tests.strategies.dockerfiles import DockerfileDoc, dockerfiles

COMPOSE_NAMES = ("compose.yaml", "docker-compose.yml", "compose.yml")


@dataclass(frozen=True, slots=True)
class Project:
    compose_name: str
    compose: ComposeFile
    dockerfile: DockerfileDoc | None  # at app/Dockerfile, built by the first service

    def write(self, root: Path) -> None:
        (root / self.compose_name).write_bytes(self.compose.data)
        if self.dockerfile is not None:
            (root / "app").mkdir()
            (root / "app" / "Dockerfile").write_bytes(self.dockerfile.data)


@st.composite
def projects(draw: st.DrawFn, *, build: bool | None = None) -> Project:
    """A project; ``build`` None: with a built Dockerfile about one time in three."""
    if build is None:
        build = draw(st.integers(0, 2)) == 2
    return Project(
        draw(st.sampled_from(COMPOSE_NAMES)),
        draw(compose_files(build=build)),
        draw(dockerfiles()) if build else None,
    )
