"""The container model: what a rule reads, whatever file started the container.

A compose service fills it today; a ``docker run`` line or a Docker SDK call can
fill the same classes later (``kind`` says which).  Every value is *located*:
it carries the ``Origin`` of the text that produced it, so a diagnostic points
at that text and a fix knows whether it can edit it in place.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from composelint.compose.tree import Origin, Path
from composelint.compose.values import PortError, PortSpec
from composelint.records import field, frozen_record

T = TypeVar("T")


@frozen_record
class Located(Generic[T]):
    value: T
    origin: Origin | None
    path: Path = ()

    @property
    def depends_on_env(self) -> bool:
        return self.origin is not None and self.origin.depends_on_env


@frozen_record
class PortMapping:
    """One published port: short (``"127.0.0.1:8080:80/tcp"``) or long syntax."""

    path: Path
    origin: Origin | None
    long_syntax: bool
    host_ip: str | None
    published: str | None
    target: str | None
    protocol: str | None
    spec: PortSpec | None  # parsed short syntax (offsets into the resolved text)
    error: str | None  # why it could not be parsed (CL005 reports it; rules skip it)

    @property
    def depends_on_env(self) -> bool:
        return self.origin is not None and self.origin.depends_on_env


@frozen_record
class Mount:
    """A volume, bind mount or tmpfs given to a container."""

    path: Path
    origin: Origin | None
    long_syntax: bool
    type: str  # "bind" | "volume" | "tmpfs" | "npipe" | "image" | "cluster"
    source: str | None
    target: str | None
    read_only: bool
    options: tuple[str, ...] = ()  # short-syntax mode flags: "ro", "rw", "z", "Z", ...


@frozen_record
class Build:
    context: str | None
    dockerfile: str | None
    dockerfile_inline: bool
    origin: Origin | None
    path: Path


@frozen_record
class Service:
    """One container definition."""

    name: str
    kind: str  # "compose" (later also "run", "sdk")
    origin: Origin | None
    path: Path
    data: dict[str, Any]
    image: Located[str] | None = None
    build: Build | None = None
    user: Located[str] | None = None
    ports: tuple[PortMapping, ...] = ()
    expose: tuple[Located[str], ...] = ()
    volumes: tuple[Mount, ...] = ()
    environment: dict[str, Located[str | None]] = field(default_factory=dict)
    labels: dict[str, Located[str]] = field(default_factory=dict)
    command: Located[Any] | None = None
    entrypoint: Located[Any] | None = None
    depends_on: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    networks: tuple[str, ...] = ()
    network_mode: Located[str] | None = None
    privileged: Located[Any] | None = None
    cap_add: tuple[Located[str], ...] = ()
    cap_drop: tuple[Located[str], ...] = ()
    security_opt: tuple[Located[str], ...] = ()
    pid: Located[str] | None = None
    ipc: Located[str] | None = None
    uts: Located[str] | None = None
    userns_mode: Located[str] | None = None
    read_only: Located[Any] | None = None
    devices: tuple[Located[Any], ...] = ()
    extends: Located[Any] | None = None
    # Every key of the service, located: what a rule (or a plugin) reads beyond the above.
    fields: dict[str, Located[Any]] = field(default_factory=dict)


@frozen_record
class Project:
    """Compose files that docker compose would load together."""

    name: str
    files: tuple[str, ...]  # base first, then overrides/includes, as paths
    directory: str
    services: dict[str, Service]
    v1_layout: bool = False
    data: dict[str, Any] = field(default_factory=dict)


def parse_port_item(item: Any, path: Path, origin: Origin | None) -> PortMapping:
    from composelint.compose.values import parse_port

    if isinstance(item, dict):
        host_ip = item.get("host_ip")
        published = item.get("published")
        target = item.get("target")
        return PortMapping(
            path,
            origin,
            True,
            None if host_ip is None else str(host_ip),
            None if published is None else str(published),
            None if target is None else str(target),
            None if item.get("protocol") is None else str(item.get("protocol")),
            None,
            None,
        )
    text = str(item)
    parsed = parse_port(text)
    if isinstance(parsed, PortError):
        return PortMapping(path, origin, False, None, None, None, None, None, parsed.message)
    return PortMapping(
        path,
        origin,
        False,
        parsed.host_ip,
        parsed.published,
        parsed.target,
        parsed.protocol,
        parsed,
        None,
    )


_MOUNT_FLAGS = frozenset(
    {
        "ro",
        "rw",
        "z",
        "Z",
        "shared",
        "rshared",
        "slave",
        "rslave",
        "private",
        "rprivate",
        "nocopy",
        "consistent",
        "cached",
        "delegated",
    }
)


def parse_mount_item(item: Any, path: Path, origin: Origin | None) -> Mount | None:
    if isinstance(item, dict):
        kind = str(item.get("type") or "volume")
        read_only = item.get("read_only") in (True, "true", "True")
        source = item.get("source")
        target = item.get("target")
        return Mount(
            path,
            origin,
            True,
            kind,
            None if source is None else str(source),
            None if target is None else str(target),
            read_only,
        )
    if not isinstance(item, str):
        return None
    source, target, options = split_volume(item)
    if target is None:  # anonymous volume: "/data"
        return Mount(path, origin, False, "volume", None, source, False)
    kind = "bind" if _looks_like_path(source) else "volume"
    return Mount(path, origin, False, kind, source, target, "ro" in options, options)


def split_volume(text: str) -> tuple[str, str | None, tuple[str, ...]]:
    """``src:dst[:opts]`` as docker compose splits it (Windows drive letters kept)."""
    parts = text.split(":")
    # Rejoin a Windows drive letter ("C:\\x:/y") with its path.
    if len(parts) > 1 and len(parts[0]) == 1 and parts[0].isalpha() and parts[1][:1] in "\\/":
        parts = [parts[0] + ":" + parts[1], *parts[2:]]
    if len(parts) == 1:
        return parts[0], None, ()
    if len(parts) >= 3 and all(o in _MOUNT_FLAGS for o in parts[-1].split(",")):
        return parts[0], ":".join(parts[1:-1]), tuple(parts[-1].split(","))
    return parts[0], ":".join(parts[1:]), ()


def _looks_like_path(source: str) -> bool:
    return source.startswith(("/", ".", "~", "$")) or (
        len(source) > 1 and source[1] == ":" and source[0].isalpha()
    )
