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


class DockerfileContext(Struct, frozen=True):
    path: str
    dockerfile: Dockerfile
    options: RuleOptions = RuleOptions()


class DaemonContext(Struct, frozen=True):
    """A ``daemon.json`` whose keys are dockerd's."""

    path: str
    daemon: DaemonConfig
    options: RuleOptions = RuleOptions()
