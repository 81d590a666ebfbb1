"""What a rule receives: the model of one project or one Dockerfile, nothing to read."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from composelint.model.container import Project, Service
from composelint.model.origin import Origin
from composelint.records import field, frozen_record

if TYPE_CHECKING:
    from composelint.model.dockerfile import Dockerfile
    from composelint.model.proxy import ProxyConfig


SHARED = "shared-"  # prefix of a fix level on a value behind an alias


@frozen_record
class RuleOptions:
    """Rule options from the config file (``[tool.composelint.options]``)."""

    loopback_v4: str = "127.0.0.1"
    loopback_v6: str = "::1"
    proxy_images: tuple[str, ...] = ("nginx", "traefik", "caddy", "haproxy", "envoy", "httpd")
    extra: dict[str, Any] = field(default_factory=dict)


@frozen_record
class MountedProxyConfig:
    """A reverse-proxy config file mounted into a service of the project."""

    service: str  # the service the file is mounted into
    path: str
    config: ProxyConfig


@frozen_record
class BuiltDockerfile:
    """The Dockerfile a service's ``build:`` points at, parsed."""

    path: str
    dockerfile: Dockerfile


@frozen_record
class ProjectContext:
    project: Project
    dockerfiles: dict[str, BuiltDockerfile]  # service name -> its built Dockerfile
    proxy_configs: tuple[MountedProxyConfig, ...]
    is_target: Callable[[str], bool]  # files the user asked to check (editable)
    options: RuleOptions = RuleOptions()
    # (file, start, end) of an anchored value -> how many places use it
    anchor_users: dict[tuple[str, int, int], int] = field(default_factory=dict)
    _memo: dict[str, Any] = field(default_factory=dict, repr=False)

    def memo(self, key: str, compute: Callable[[], Any]) -> Any:
        """Work several rules share (the references between services), done once."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    @property
    def services(self) -> dict[str, Service]:
        return self.project.services

    def fix_level(self, origin: Origin | None, level: str) -> str:
        """``level``, or display-only when the text cannot be edited in place.

        A value from a file that is only context is not the user's target, and a
        value that came through extends, an override or a merge key is not one
        literal in one place.  A value behind an alias, and the anchored value itself
        when other places use it, is ``shared-<level>``: the runner keeps the fix only
        when every user of the anchor gets the same one.
        """
        if origin is None or not self.is_target(origin.path):
            return "display-only"
        if origin.via and all(step.startswith("alias") for step in origin.via):
            return f"{SHARED}{level}"
        if origin.via:
            return "display-only"
        # Counting the users walks the project: only for a file with an anchor or extends.
        text = origin.source.text
        if self.memo(f"may share {origin.path}", lambda: "&" in text or "extends" in text) and (
            self.anchor_users.get((origin.path, origin.node.start, origin.node.end), 0) > 1
        ):
            return f"{SHARED}{level}"  # editing it here changes it for the other users too
        return level


@frozen_record
class DockerfileContext:
    path: str
    dockerfile: Dockerfile
    options: RuleOptions = RuleOptions()
