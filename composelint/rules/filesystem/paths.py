"""Host and container paths that matter to the filesystem rules."""

from __future__ import annotations

import posixpath
from typing import Any

from composelint.model.container import Mount, Project
from composelint.source import lazy_pattern

# The API sockets of container engines, by file name: whoever can write to one
# starts privileged containers on the host.
SOCKET_FILES = {
    "docker.sock": "Docker",
    "podman.sock": "Podman",
    "containerd.sock": "containerd",
    "crio.sock": "CRI-O",
    "cri-dockerd.sock": "cri-dockerd",
}
# Directories holding one of them: mounting the directory mounts the socket.
SOCKET_PARENTS = (
    "/var/run",
    "/run",
    "/var/run/docker",
    "/run/docker",
    "/run/podman",
    "/var/run/podman",
    "/run/containerd",
    "/var/run/containerd",
    "/run/crio",
    "/var/run/crio",
)
# Rootless engines keep theirs in the user's runtime directory.
_ROOTLESS_PARENT = lazy_pattern(r"^/(?:var/)?run/user/[^/]+/podman$")

SENSITIVE_EXACT = frozenset(
    {
        "/",
        "/etc",
        "/proc",
        "/sys",
        "/root",
        "/boot",
        "/dev",
        "/usr",
        "/bin",
        "/sbin",
        "/lib",
        "/lib64",
        "/home",
        "/var",
        "/var/lib",
        "/var/lib/docker",
        "/var/lib/containerd",
        "/var/lib/containers",
        "/var/lib/kubelet",
        "/lib/modules",
        "/etc/ssh",
        "/root/.ssh",
        "/etc/shadow",
        "/etc/sudoers",
        "/etc/sudoers.d",
        "/etc/passwd",
        "/etc/group",
        "/etc/systemd",
        "/etc/cron.d",
        "/dev/mem",
        "/dev/kmem",
        "/sys/kernel",
        "/proc/sys",
        "/etc/kubernetes",
        # systemd's private socket (/run/systemd/private) drives the host's init.
        "/run/systemd",
        "/run/systemd/private",
        # The host's shared memory: other processes' segments, readable and writable.
        "/dev/shm",
        # A user's whole home directory (``~`` is expanded by compose).
        "~",
    }
)
# Credential directories, with everything below them: keys, cloud and cluster access.
_CREDENTIALS = lazy_pattern(r"^(?:~|/root|/home/[^/]+)/\.(?:ssh|aws|gnupg|kube|azure)(?:/|$)")
_HOME = lazy_pattern(r"^(?:~|\$HOME|\$\{HOME\})(?=/|$)")
# What some of them hold, for the message.
WHAT_IT_HOLDS = {
    "/": "the host's root filesystem",
    "/var/lib/docker": "Docker's data directory: every container's filesystem, volumes and "
    "image layers",
    "/var/lib/containerd": "containerd's data directory: every container's filesystem and "
    "image layers",
    "/var/lib/containers": "Podman's data directory: every container's filesystem and image layers",
    "/run/systemd": "systemd's runtime directory, with the private socket that drives the "
    "host's init",
    "/run/systemd/private": "systemd's private socket, which drives the host's init",
    "/dev/shm": "the host's shared memory, with other processes' segments (for a larger "
    "/dev/shm of its own, set shm_size: instead)",
    "~": "a user's whole home directory: keys, tokens and shell startup files",
}

# Monitoring and log agents whose documented setup reads host paths (``/proc``, ``/sys``,
# ``/``, ``/var/log``, ``/var/lib/docker``): read-only, that is what they are for.
MONITORING_IMAGES = frozenset(
    {
        "node-exporter",
        "cadvisor",
        "netdata",
        "promtail",
        "alloy",
        "grafana-agent",
        "metricbeat",
        "filebeat",
        "auditbeat",
        "telegraf",
        "glances",
        "fluent-bit",
        "vector",
        "beszel-agent",
        "otel-collector",
        "opentelemetry-collector-contrib",
        "scrutiny",
        "docker-bench-security",
        "falco",
        "trivy",
    }
)
_MONITORING_VENDORS = ("datadog/agent", "datadoghq/agent", "newrelic/infrastructure")

# Agents whose rebuilds for another platform keep the agent's name, with words for the
# platform around it (braingamer/cadvisor-arm, rpi-node-exporter, node_exporter-arm64):
# names no other kind of image uses.  Generic words (vector, alloy) and agents with
# look-alike companions (falco's falcosidekick) are matched by their exact name only.
_REBUILT_AGENTS = frozenset(
    {
        "cadvisor",
        "node-exporter",
        "netdata",
        "promtail",
        "telegraf",
        "fluent-bit",
        "grafana-agent",
        "metricbeat",
        "filebeat",
        "auditbeat",
        "beszel-agent",
    }
)
_PLATFORM_WORDS = frozenset(
    {
        "arm",
        "armhf",
        "armel",
        "arm32",
        "arm32v6",
        "arm32v7",
        "armv6",
        "armv7",
        "armv7l",
        "arm64",
        "arm64v8",
        "aarch64",
        "amd64",
        "x86",
        "x64",
        "i386",
        "rpi",
        "raspberrypi",
        "pi",
        "multiarch",
    }
)

# Images whose whole job is to hold the socket and pass a filtered API on.
SOCKET_PROXY_IMAGES = (
    "tecnativa/docker-socket-proxy",
    "linuxserver/socket-proxy",
    "lscr.io/linuxserver/socket-proxy",
    "ghcr.io/linuxserver/socket-proxy",
    "wollomatic/socket-proxy",
    "ghcr.io/tecnativa/docker-socket-proxy",
    "11notes/socket-proxy",
)


def normalize(path: str) -> str:
    """``path`` with ``.``, ``..`` and repeated slashes resolved: ``//``, ``/.`` and
    ``/./`` are all ``/``."""
    home = _HOME.match(path)
    if home is not None:  # ``~/x``, ``$HOME/x``: the home directory compose expands
        rest = path[home.end() :].strip("/")
        return "~" + ("/" + posixpath.normpath(rest) if rest else "")
    if not path.startswith("/"):
        return path
    return posixpath.normpath("/" + path.lstrip("/"))


def socket_kind(source: str) -> str | None:
    """Which engine socket (or the directory holding one) a host path gives access to."""
    path = normalize(source)
    if not path.startswith("/"):
        return None
    engine = SOCKET_FILES.get(posixpath.basename(path))
    if engine is not None:
        return f"{path} ({engine})"
    if path in SOCKET_PARENTS or _ROOTLESS_PARENT.match(path):
        return f"{path} (the directory holding the engine's socket)"
    return None


def is_sensitive(source: str) -> bool:
    path = normalize(source)
    return path in SENSITIVE_EXACT or _CREDENTIALS.match(path) is not None


def what_it_holds(source: str) -> str:
    """A few words on a sensitive host path, for the message."""
    path = normalize(source)
    if _CREDENTIALS.match(path):
        return "a user's credentials (SSH or GPG keys, cloud or cluster access)"
    return WHAT_IT_HOLDS.get(path, "the host's system files")


def host_path(mount: Mount, project: Project) -> str | None:
    """The host path a mount gives the container: a bind mount's source, or the device
    of a named volume whose ``driver_opts`` bind it (``type: none``, ``o: bind``)."""
    if mount.type == "bind":
        return mount.source or None
    if mount.type != "volume" or not mount.source:
        return None
    volumes = project.data.get("volumes")
    definition = volumes.get(mount.source) if isinstance(volumes, dict) else None
    if not isinstance(definition, dict):
        return None
    return bound_device(definition.get("driver_opts"), definition.get("driver"))


def bound_device(options: Any, driver: Any = None) -> str | None:
    """The host path the local driver's options bind, else None."""
    if not isinstance(options, dict) or driver not in (None, "local"):
        return None
    binds = "bind" in [o.strip() for o in str(options.get("o", "")).split(",")]
    device = options.get("device")
    if binds and isinstance(device, str) and device.startswith("/"):
        return device
    return None


def is_socket_proxy(image: str | None) -> bool:
    if not image:
        return False
    ref = image.split("@", 1)[0].lower()
    repository = ref.rsplit(":", 1)[0] if ":" in ref.rsplit("/", 1)[-1] else ref
    repository = repository.removeprefix("docker.io/").removeprefix("library/")
    return repository in SOCKET_PROXY_IMAGES or repository.endswith("/docker-socket-proxy")


def is_monitoring_agent(image: str | None) -> bool:
    """Whether ``image`` is a monitoring or log agent that reads host paths by design."""
    if not image:
        return False
    ref = image.split("@", 1)[0].lower()
    last = ref.rsplit("/", 1)[-1].split(":", 1)[0]
    if last in MONITORING_IMAGES or any(v in ref for v in _MONITORING_VENDORS):
        return True
    return _rebuilt_agent(last) is not None


def _rebuilt_agent(name: str) -> str | None:
    """The agent a rebuild's name stands for: ``cadvisor-arm`` -> ``cadvisor``,
    ``node_exporter`` -> ``node-exporter``; None for any other name."""
    words = name.replace("_", "-").split("-")
    while words and words[0] in _PLATFORM_WORDS:
        words.pop(0)
    while words and words[-1] in _PLATFORM_WORDS:
        words.pop()
    agent = "-".join(words)
    return agent if agent in _REBUILT_AGENTS else None
