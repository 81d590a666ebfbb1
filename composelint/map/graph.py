"""The exposure graph of one run: per project, the host addresses that something binds,
the publishes from them to services, the services that reach each other, the networks,
and the risk marks the findings put on services.  Plain data: the JSON format is this,
encoded (its schema is ``schema.json`` beside this module)."""

from __future__ import annotations

from msgspec import Struct, field

VERSION = 1  # of the JSON shape; goes up only when a key is removed or changes meaning


class Location(Struct, frozen=True):
    """Where a node or an edge was written: 1-based line and column."""

    path: str
    line: int
    column: int


class HostAddress(Struct, frozen=True):
    """A host address that something binds: ``0.0.0.0``, ``127.0.0.1``, ``[::]``, a
    specific IP, or a variable (shown with its default)."""

    id: str
    address: str
    scope: str  # "all" | "loopback" | "specific" | "variable"


class Publish(Struct, frozen=True):
    host: str  # a HostAddress id
    host_port: str  # a port or a range; "" for a random one
    protocol: str
    service: str
    container_port: str
    reachable_from_network: bool  # bound to all interfaces: not filtered by ufw/firewalld
    intended: bool = False  # a public reverse proxy's 80/443, or a public service's port
    removed_by: str | None = None  # --after-fix: the fix that removes it
    location: Location | None = None


class Reach(Struct, frozen=True):
    """Service ``source`` reaches service ``target`` (on ``port``), as ``evidence`` says."""

    source: str
    target: str
    port: int | None
    evidence: str
    location: Location | None = None


class Mark(Struct, frozen=True):
    code: str
    label: str  # "root", "privileged", "Docker socket", ...


class ServiceNode(Struct, frozen=True):
    name: str
    networks: tuple[str, ...] = ()
    expose: tuple[str, ...] = ()  # ports only other containers reach
    backing: bool = False  # a database, cache or queue
    egress: bool = False  # on a network with a route out
    marks: tuple[Mark, ...] = ()
    location: Location | None = None


class NetworkNode(Struct, frozen=True):
    name: str
    internal: bool = False
    external: bool = False


class ProjectMap(Struct, frozen=True):
    name: str
    kind: str  # "compose", "shell", "python", ...
    files: tuple[str, ...]
    hosts: tuple[HostAddress, ...] = ()
    services: tuple[ServiceNode, ...] = ()
    networks: tuple[NetworkNode, ...] = ()
    publishes: tuple[Publish, ...] = ()
    reaches: tuple[Reach, ...] = ()


class Graph(Struct, frozen=True):
    version: int = VERSION
    after_fix: bool = False
    projects: tuple[ProjectMap, ...] = field(default_factory=tuple)
