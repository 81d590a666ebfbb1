"""Read a ``daemon.json``: is it dockerd's, and what does it set?

A file named ``daemon.json`` is dockerd's configuration when its top-level keys are
dockerd's options: at least one option only dockerd has, or, in a file whose path ends
in ``docker/daemon.json``, any dockerd option.  Other programs use the name too (with
their own keys): such a file is not judged and not listed.

Text that is not JSON stops dockerd (it refuses to start).  Where the file is clearly
Docker's (a path ending in ``docker/daemon.json``, or dockerd keys read before the
error) that is CL001 at the error; otherwise it is one information-level note, since
the file may belong to another program.  Only whitespace is an empty configuration to
dockerd (no finding, nothing to judge).
"""

from __future__ import annotations

from msgspec import Struct, field

from composelint.daemon.scanner import JsonError, JsonObject, parse_json
from composelint.diagnostics import Diagnostic, make
from composelint.model.daemon import DaemonConfig, DaemonOption
from composelint.model.origin import Origin
from composelint.source import Source

# Options only dockerd has (``dockerd --help`` and its configuration file reference).
DOCKERD_OPTIONS = frozenset(
    {
        "allow-direct-routing", "allow-nondistributable-artifacts", "api-cors-header",
        "authorization-plugins", "bip", "bip6", "bridge", "bridge-accept-fwmark",
        "cdi-spec-dirs", "cgroup-parent", "cluster-advertise", "cluster-store",
        "cluster-store-opts", "containerd", "containerd-namespace",
        "containerd-plugin-namespace", "cpu-rt-period", "cpu-rt-runtime", "data-root",
        "default-address-pools", "default-cgroupns-mode", "default-gateway",
        "default-gateway-v6", "default-ipc-mode", "default-network-opts",
        "default-runtime", "default-shm-size", "default-ulimits", "disable-legacy-registry",
        "dns", "dns-opts", "dns-search", "exec-opts", "exec-root", "firewall-backend",
        "fixed-cidr", "fixed-cidr-v6", "graph", "host-gateway-ip", "host-gateway-ips",
        "icc", "init", "init-path", "insecure-registries", "ip", "ip-forward",
        "ip-forward-no-drop", "ip-masq", "ip6tables", "iptables", "ipv6", "live-restore",
        "log-driver", "log-format", "log-opts", "max-concurrent-downloads",
        "max-concurrent-uploads", "max-download-attempts", "metrics-addr",
        "min-api-version", "network-control-plane-mtu", "no-new-privileges",
        "node-generic-resources", "oom-score-adjust", "raw-logs", "registry-mirrors",
        "runtimes", "seccomp-profile", "selinux-enabled", "shutdown-timeout",
        "storage-driver", "storage-opts", "swarm-default-advertise-addr", "tlscacert",
        "tlscert", "tlskey", "tlsverify", "userland-proxy", "userland-proxy-path",
        "userns-remap",
    }
)  # fmt: skip
# dockerd options whose names other programs use as well: alone, they say nothing.
SHARED_OPTIONS = frozenset(
    {"builder", "debug", "experimental", "features", "group", "hosts", "labels",
     "log-level", "mtu", "pidfile", "proxies", "tls"}
)  # fmt: skip


def is_docker_path(path: str) -> bool:
    """Whether the path says the file is Docker's: ``.../docker/daemon.json``."""
    return path.replace("\\", "/").endswith("docker/daemon.json")


def is_dockerd_keys(keys: object, path: str) -> bool:
    """Whether these top-level keys are dockerd's (see the module's description)."""
    names = {key for key in keys if isinstance(key, str)}  # type: ignore[attr-defined]
    if names & DOCKERD_OPTIONS:
        return True
    return is_docker_path(path) and bool(names & SHARED_OPTIONS)


class DaemonRead(Struct):
    """What reading one ``daemon.json`` gave: ``judged`` files are listed and checked."""

    source: Source | None
    config: DaemonConfig | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    judged: bool = False


def read_daemon(source: Source) -> DaemonRead:
    """Decide whether ``source`` is dockerd's configuration and build its model."""
    path = source.path
    if not source.text.strip(" \t\r\n"):
        return DaemonRead(source)  # dockerd reads nothing: an empty configuration
    try:
        root = parse_json(source.text)
    except JsonError as exc:
        return DaemonRead(source, None, [_not_json(source, exc)], judged=True)
    if not isinstance(root, JsonObject):
        if not is_docker_path(path):
            return DaemonRead(source)
        where = source.span(root.start, root.end)
        message = "dockerd refuses to start: daemon.json must hold a JSON object"
        return DaemonRead(source, None, [make("CL001", message, where)], judged=True)
    if not is_dockerd_keys((m.key.value for m in root.members), path):
        return DaemonRead(source)
    options: dict[str, DaemonOption] = {}
    for member in root.members:  # a repeated key: the last one counts, as in Go
        name = member.key.value
        origin = Origin(source, member.value, member.key)
        options.pop(name, None)
        options[name] = DaemonOption(name, member.value.plain(), origin)
    config = DaemonConfig(path, Origin(source, root), options)
    return DaemonRead(source, config, [], judged=True)


def _not_json(source: Source, exc: JsonError) -> Diagnostic:
    where = source.span(exc.offset, min(exc.offset + 1, len(source.text)))
    if is_docker_path(source.path) or is_dockerd_keys(exc.keys, source.path):
        return make("CL001", f"not valid JSON, so dockerd refuses to start: {exc.message}", where)
    message = (
        f"not valid JSON ({exc.message}): if this is Docker's daemon.json, dockerd refuses "
        "to start; not checked"
    )
    return make("CL007", message, where)  # unparsed-file: a note, never an error
