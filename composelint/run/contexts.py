"""Gather what the rules read about a project: its Dockerfiles and proxy configs.

This is the one place that reads files for the rules (rules themselves do no
I/O): the Dockerfile each ``build:`` names and the reverse-proxy configs that
bind mounts give to a proxy service.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from msgspec import Struct, field

from composelint.compose.loader import is_remote, read_source, resolve_relative
from composelint.compose.project import LoadedProject
from composelint.diagnostics import Diagnostic
from composelint.model.container import Build, Service
from composelint.rules.context import (
    BuiltDockerfile,
    MountedProxyConfig,
    ProjectContext,
    RuleOptions,
)
from composelint.source import DecodeError, Source, read_bytes

if TYPE_CHECKING:
    from composelint.model.daemon import LoopbackDefault
    from composelint.model.dockerfile import Dockerfile
    from composelint.rules.host_commands import HostCommand

MAX_PROXY_CONFIG_BYTES = 1024 * 1024
_PROXY_NAMES = (
    "nginx.conf",
    "default.conf",
    "caddyfile",
    "haproxy.cfg",
    "traefik.yml",
    "traefik.yaml",
    "traefik.toml",
    "envoy.yaml",
    "envoy.yml",
    "dynamic.yml",
)


class DockerfileCache(Struct):
    overlay: dict[str, str] = field(default_factory=dict)
    parsed: dict[str, tuple[Source | None, Dockerfile | None, list[Diagnostic]]] = field(
        default_factory=dict
    )

    def get(self, path: str) -> tuple[Source | None, Dockerfile | None, list[Diagnostic]]:
        found = self.parsed.get(path)
        if found is None:
            diagnostics: list[Diagnostic] = []
            source = read_source(path, diagnostics, self.overlay)
            dockerfile = None
            if source is not None:
                from composelint.dockerfile.parser import parse_dockerfile

                dockerfile = parse_dockerfile(source)
                diagnostics.extend(dockerfile.diagnostics)
            found = (source, dockerfile, diagnostics)
            self.parsed[path] = found
        return found


def build_paths(build: Build, compose_path: str) -> tuple[str, str] | None:
    """(context directory, Dockerfile path) of a local ``build:``, else None."""
    if build.context is None or build.dockerfile_inline or is_remote(build.context):
        return None
    context = resolve_relative(compose_path, build.context)
    dockerfile = build.dockerfile or "Dockerfile"
    path = dockerfile if os.path.isabs(dockerfile) else os.path.join(context, dockerfile)
    return context, os.path.normpath(path)


def project_context(
    loaded: LoadedProject,
    dockerfiles: DockerfileCache,
    options: RuleOptions,
    daemon_loopback: LoopbackDefault | None = None,
    host_commands: tuple[HostCommand, ...] = (),
    local_images: frozenset[str] = frozenset(),
) -> ProjectContext:
    built: dict[str, BuiltDockerfile] = {}
    proxies: list[MountedProxyConfig] = []
    for service in loaded.project.services.values():
        build = service.build
        if build is not None and build.origin is not None and not build.origin.depends_on_env:
            paths = build_paths(build, build.origin.path)
            if paths is not None and os.path.isfile(paths[1]):
                _source, dockerfile, _diags = dockerfiles.get(paths[1])
                if dockerfile is not None:
                    built[service.name] = BuiltDockerfile(paths[1], dockerfile)
        proxies.extend(_proxy_configs(service))
    return ProjectContext(
        loaded.project,
        built,
        tuple(proxies),
        options,
        daemon_loopback,
        host_commands,
        local_images=local_images,
    )


def _proxy_configs(service: Service) -> list[MountedProxyConfig]:
    found = []
    for mount in service.volumes:
        if mount.type != "bind" or not mount.source or mount.origin is None:
            continue
        host = resolve_relative(mount.origin.path, mount.source)
        for path in _candidate_files(host, mount.target or ""):
            try:
                text = read_bytes(path, MAX_PROXY_CONFIG_BYTES).decode("utf-8", errors="replace")
            except (OSError, DecodeError):  # unreadable, too large, a FIFO or a device
                continue
            from composelint.proxies import scan_proxy_config  # only when a file is mounted

            config = scan_proxy_config(path, text)
            if config.kind != "unknown" and config.upstreams:
                found.append(MountedProxyConfig(service.name, path, config))
    return found


def _candidate_files(host: str, target: str) -> list[str]:
    if os.path.isfile(host):
        return [host]
    if not os.path.isdir(host):
        return []
    looks_like_proxy = any(
        word in target
        for word in ("nginx", "caddy", "traefik", "haproxy", "envoy", "conf.d", "sites-")
    )
    if not looks_like_proxy:
        return []
    out = []
    try:
        for entry in sorted(os.scandir(host), key=lambda e: e.name)[:50]:
            name = entry.name.lower()
            if entry.is_file() and (
                name.endswith((".conf", ".yml", ".yaml", ".toml", ".cfg")) or name in _PROXY_NAMES
            ):
                out.append(entry.path)
    except OSError:
        return []
    return out
