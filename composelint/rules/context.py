"""What a rule receives: the model of one project or one Dockerfile, nothing to read."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from composelint.compose.model import Project, Service
from composelint.compose.tree import Origin

if TYPE_CHECKING:
    from composelint.dockerfile.parser import Dockerfile
    from composelint.proxies import ProxyConfig


@dataclass(frozen=True, slots=True)
class RuleOptions:
    """Rule options from the config file (``[tool.composelint.options]``)."""

    loopback_v4: str = "127.0.0.1"
    loopback_v6: str = "::1"
    proxy_images: tuple[str, ...] = ("nginx", "traefik", "caddy", "haproxy", "envoy", "httpd")
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class MountedProxyConfig:
    """A reverse-proxy config file mounted into a service of the project."""

    service: str  # the service the file is mounted into
    path: str
    config: ProxyConfig


@dataclass(frozen=True, slots=True)
class BuiltDockerfile:
    """The Dockerfile a service's ``build:`` points at, parsed."""

    path: str
    dockerfile: Dockerfile


@dataclass(frozen=True, slots=True)
class ProjectContext:
    project: Project
    dockerfiles: dict[str, BuiltDockerfile]  # service name -> its built Dockerfile
    proxy_configs: tuple[MountedProxyConfig, ...]
    is_target: Callable[[str], bool]  # files the user asked to check (editable)
    options: RuleOptions = RuleOptions()

    @property
    def services(self) -> dict[str, Service]:
        return self.project.services

    def fix_level(self, origin: Origin | None, level: str) -> str:
        """``level``, or display-only when the text cannot be edited in place.

        A value reached through an alias or merge key serves several services,
        and a value from a file that is only context is not the user's target.
        """
        if origin is None or not self.is_target(origin.path) or origin.via:
            return "display-only"
        return level


@dataclass(frozen=True, slots=True)
class DockerfileContext:
    path: str
    dockerfile: Dockerfile
    options: RuleOptions = RuleOptions()
