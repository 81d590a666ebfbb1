"""The container model: what a rule reads, whatever file started the container.

A compose service fills it today; a ``docker run`` line or a Docker SDK call can
fill the same classes later (``kind`` says which).  Every value is *located*:
it carries the ``Origin`` of the text that produced it, so a diagnostic points
at that text and a fix's editor knows whether it can edit it in place
(``Origin.editable``).  A group of containers started together (a compose
project; later a script) is a ``Project``: its networks and the links between
its containers (``depends_on``, ``links``, ``network_mode: service:…``).
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from msgspec import Struct, field

from composelint.model.origin import Origin, Path

T = TypeVar("T")


class Located(Struct, Generic[T], frozen=True):
    value: T
    origin: Origin | None
    path: Path = ()

    @property
    def depends_on_env(self) -> bool:
        return self.origin is not None and self.origin.depends_on_env


class PortMapping(Struct, frozen=True):
    """One published port: short (``"127.0.0.1:8080:80/tcp"``) or long syntax."""

    path: Path
    origin: Origin | None
    long_syntax: bool
    host_ip: str | None
    published: str | None
    target: str | None
    protocol: str | None
    error: str | None  # why it could not be parsed (CL005 reports it; rules skip it)
    # The comments written with it in a compose file: on its own lines, and the comment
    # lines just above it (above the ``ports:`` key for the first item), "#" removed.
    comment: str | None = None

    @property
    def depends_on_env(self) -> bool:
        return self.origin is not None and self.origin.depends_on_env


WILDCARDS = frozenset({"", "0.0.0.0", "::", "[::]"})


class Binding(Struct, frozen=True):
    """Where a publish listens on the host."""

    wildcard: bool  # reachable on every host interface
    ipv6: bool  # the wildcard is IPv6 ("::")
    depends_on_env: bool  # the address comes from a variable that is not set
    describe: str  # "all interfaces", "0.0.0.0", ...


def binding(mapping: PortMapping) -> Binding:
    ip = (mapping.host_ip or "").strip()
    env = _address_from_unset_variable(mapping)
    if ip in WILDCARDS:
        return Binding(True, ip in ("::", "[::]"), env, ip or "all interfaces")
    return Binding(False, ":" in ip, env, ip)


def _address_from_unset_variable(mapping: PortMapping) -> bool:
    """Whether the host address of a short-syntax publish is written with a variable the
    environment leaves unset (``${BIND_IP}:8080:80``).  A variable in the host port
    (``${APP_PORT}:80``) leaves the address as written: it is not one."""
    origin = mapping.origin
    interpolated = origin.interpolated if origin is not None else None
    if interpolated is None:
        return False
    unset = [
        ref
        for ref in interpolated.variables
        if not ref.is_set and ref.operator in (None, ":?", "?", ":+", "+")
    ]
    if not unset:
        return False
    raw = getattr(interpolated, "raw", None)  # a command line's expansions are the address's
    address_end = _address_end(raw, interpolated.variables) if raw is not None else None
    if address_end is None:  # not the short syntax: where the variable sits is not known
        return True
    return any(ref.start < address_end for ref in unset)


def host_port_from_variable(mapping: PortMapping) -> bool:
    """Whether the host port of a short-syntax publish is written with a variable
    (``${APP_PORT}:80``): whoever deploys the stack chooses where it is published."""
    origin = mapping.origin
    interpolated = origin.interpolated if origin is not None else None
    raw = getattr(interpolated, "raw", None)
    if interpolated is None or raw is None or not interpolated.variables:
        return False
    address_end = _address_end(raw, interpolated.variables)
    if address_end is None:
        return False
    flat = raw.split("/", 1)[0]
    port_end = flat.rfind(":")
    if port_end <= address_end:  # "80" or "${PORT}" alone: a container port
        return False
    return any(address_end <= ref.start < port_end for ref in interpolated.variables)


def _address_end(raw: str, variables: tuple[Any, ...]) -> int | None:
    """Where the host address of a short-syntax publish ends in ``raw`` (0 when it has
    none), with each variable read as one opaque word; None when ``raw`` is no short
    syntax."""
    text = list(raw)
    for ref in variables:  # a default such as ${IP:-0.0.0.0} holds colons of its own
        for index in range(ref.start, min(ref.end, len(text))):
            text[index] = "v"
    flat = "".join(text).split("/", 1)[0]
    if flat.startswith("["):  # [::1]:8080:80
        close = flat.find("]")
        return close + 1 if close != -1 else None
    colons = [i for i, char in enumerate(flat) if char == ":"]
    if len(colons) > 2 or ("\n" in flat):
        return None
    return colons[0] if len(colons) == 2 else 0


class Mount(Struct, frozen=True):
    """A volume, bind mount or tmpfs given to a container."""

    path: Path
    origin: Origin | None
    long_syntax: bool
    type: str  # "bind" | "volume" | "tmpfs" | "npipe" | "image" | "cluster"
    source: str | None
    target: str | None
    read_only: bool
    options: tuple[str, ...] = ()  # short-syntax mode flags: "ro", "rw", "z", "Z", ...
    # Bind propagation ("shared", "rslave", ...) as written, short or long syntax.
    propagation: str | None = None
    # tmpfs: its options ("noexec", "size=64m", "mode=1777") as written.
    tmpfs_options: tuple[str, ...] = ()
    # Writable in so many words beyond a short-syntax ":rw" (which ``options`` holds):
    # ``read_only: false``, ``readonly=false``, ``Mount(..., read_only=False)``.
    writable_written: bool = False


class NetworkAttachment(Struct, frozen=True):
    """A network a container joins, with the names other containers reach it by."""

    name: str
    aliases: tuple[str, ...] = ()


class NetworkDefinition(Struct, frozen=True):
    """A network a group of containers defines (compose's top-level ``networks:``)."""

    name: str
    internal: bool = False  # no route out of the host
    external: bool = False  # made outside the project
    origin: Origin | None = None


class Limits(Struct, frozen=True):
    """Resource limits of a container (``mem_limit``, ``deploy.resources.limits``...)."""

    memory: Located[Any] | None = None
    pids: Located[Any] | None = None
    cpus: Located[Any] | None = None


class Build(Struct, frozen=True):
    context: str | None
    dockerfile: str | None
    dockerfile_inline: bool
    origin: Origin | None
    path: Path
    # ``args:`` with a value (``KEY=VALUE`` or ``KEY: VALUE``), after interpolation; a
    # bare ``KEY`` (its value taken from the environment at build time) is left out.
    args: tuple[tuple[str, str], ...] = ()


class Launched(Struct, frozen=True):
    """How a command line starts its container (a compose service has none): what
    decides whether it holds its host ports while the lines after it run."""

    # "container" (run/create), "compose" (``docker compose run``), "service" (``docker
    # service create``), "job" (a CI job's service container, started by the runner)
    form: str
    starts: bool  # it starts the container (``run``), not only creates it
    detached: bool  # ``-d``: the script goes on while the container runs
    remove: bool  # ``--rm``: the container is removed when it exits
    opaque: bool = False  # a variable stood for options: some may be unseen


class Service(Struct, frozen=True):
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
    networks: tuple[NetworkAttachment, ...] = ()
    profiles: tuple[str, ...] = ()
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
    device_cgroup_rules: tuple[Located[Any], ...] = ()
    tmpfs: tuple[Mount, ...] = ()
    limits: Limits = Limits()
    logging_driver: Located[Any] | None = None
    runtime: Located[Any] | None = None
    platform: Located[Any] | None = None
    extends: Located[Any] | None = None
    launched: Launched | None = None  # the command line's own terms (None: compose, SDK)
    # Every key of the service, located: what a rule (or a plugin) reads beyond the above.
    fields: dict[str, Located[Any]] = field(default_factory=dict)


class Project(Struct, frozen=True):
    """Compose files that docker compose would load together."""

    name: str
    files: tuple[str, ...]  # base first, then overrides/includes, as paths
    directory: str
    services: dict[str, Service]
    v1_layout: bool = False
    data: dict[str, Any] = field(default_factory=dict)
    networks: dict[str, NetworkDefinition] = field(default_factory=dict)
    # Containers a script starts one after another: the pairs (earlier, later) known to
    # run at the same time.  Compose services start together (profiles aside) and need
    # none; a pair not listed here is not known to overlap.
    alive_together: frozenset[tuple[str, str]] = frozenset()

    def links_of(self, name: str) -> frozenset[str]:
        """The containers ``name`` is tied to by its own definition: ``depends_on``,
        ``links`` and a ``network_mode`` of ``service:other``."""
        service = self.services.get(name)
        if service is None:
            return frozenset()
        tied = set(service.depends_on) | set(service.links)
        mode = str(service.network_mode.value) if service.network_mode else ""
        if mode.startswith("service:"):
            tied.add(mode.removeprefix("service:"))
        return frozenset(tied & set(self.services))
