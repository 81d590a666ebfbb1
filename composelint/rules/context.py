"""What a rule receives: the model of one project or one Dockerfile, nothing to read."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from msgspec import Struct, field

from composelint.model.container import Project, Service

if TYPE_CHECKING:
    from composelint.model.daemon import DaemonConfig, LoopbackDefault
    from composelint.model.dockerfile import Dockerfile
    from composelint.model.proxy import ProxyConfig
    from composelint.rules.host_commands import HostCommand


class RuleOptions(Struct, frozen=True):
    """Rule options from the config file (``[tool.composelint.options]``)."""

    loopback_v4: str = "127.0.0.1"
    loopback_v6: str = "::1"
    proxy_images: tuple[str, ...] = ("nginx", "traefik", "caddy", "haproxy", "envoy", "httpd")
    extra: dict[str, Any] = field(default_factory=dict)


class MountedProxyConfig(Struct, frozen=True):
    """A reverse-proxy config file mounted into a service of the project."""

    service: str  # the service the file is mounted into
    path: str
    config: ProxyConfig


class BuiltDockerfile(Struct, frozen=True):
    """The Dockerfile a service's ``build:`` points at, parsed."""

    path: str
    dockerfile: Dockerfile


class ProjectContext(Struct, frozen=True):
    project: Project
    dockerfiles: dict[str, BuiltDockerfile]  # service name -> its built Dockerfile
    proxy_configs: tuple[MountedProxyConfig, ...]
    options: RuleOptions = RuleOptions()
    # A daemon.json of the same repository, checked in the same run, that binds every
    # publish without an address to loopback ("ip": "127.0.0.1"), or None.
    daemon_loopback: LoopbackDefault | None = None
    # A script's commands that run on the host (none for a compose project).
    host_commands: tuple[HostCommand, ...] = ()
    # Images a script builds or tags itself (``docker build -t app .``), as written.
    local_images: frozenset[str] = frozenset()
    _memo: dict[str, Any] = field(default_factory=dict)

    def memo(self, key: str, compute: Callable[[], Any]) -> Any:
        """Work several rules share (the references between services), done once."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    @property
    def services(self) -> dict[str, Service]:
        return self.project.services

    def image_of(self, service: Service) -> str | None:
        """What the service runs, for judging it: the image its built Dockerfile's final
        stage starts FROM (a service built ``FROM nginx`` is a reverse proxy, whatever
        ``image:`` tags the result), else its ``image:``."""
        built = self.dockerfiles.get(service.name)
        base = final_base(built.dockerfile) if built is not None else None
        if base:
            return base
        image = service.image.value if service.image is not None else None
        return image if isinstance(image, str) else None


def final_base(dockerfile: Dockerfile) -> str | None:
    """The image the final stage builds on, through earlier stages (``FROM base AS x``
    then ``FROM x``), after global ARG defaults; None for ``scratch`` or an unknown base."""
    stage = dockerfile.final_stage
    seen: set[int] = set()
    while stage is not None and stage.parent is not None and stage.parent not in seen:
        seen.add(stage.index)
        stage = dockerfile.stages[stage.parent]
    if stage is None:
        return None
    base = stage.base_resolved or stage.base
    return None if not base or base.lower() == "scratch" or "$" in base else base


class BuildingService(Struct, frozen=True):
    """A compose service that builds a Dockerfile, and the compose file it is in."""

    service: Service
    compose_path: str


class DockerfileContext(Struct, frozen=True):
    path: str
    dockerfile: Dockerfile
    options: RuleOptions = RuleOptions()
    # The compose services of the run that build this Dockerfile (``build:``), with the
    # file that defines each; empty when none does or the run does not say.
    built_by: tuple[BuildingService, ...] = ()


class DaemonContext(Struct, frozen=True):
    """A ``daemon.json`` whose keys are dockerd's."""

    path: str
    daemon: DaemonConfig
    options: RuleOptions = RuleOptions()
