"""Host and container paths that matter to the filesystem rules."""

from __future__ import annotations

import posixpath

SOCKETS = (
    "/var/run/docker.sock",
    "/run/docker.sock",
    "/var/run/docker",
    "/run/docker",
    "/run/podman/podman.sock",
    "/var/run/podman/podman.sock",
    "/run/containerd/containerd.sock",
    "/var/run/containerd/containerd.sock",
)
# Directories that hold a container engine's API socket: mounting them mounts the socket.
SOCKET_PARENTS = ("/var/run", "/run", "/run/podman", "/var/run/podman", "/run/containerd")

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
    }
)


def normalize(path: str) -> str:
    if not path.startswith("/"):
        return path
    return posixpath.normpath(path) if path != "/" else "/"


def socket_kind(source: str) -> str | None:
    """Which engine socket (or parent directory) a host path gives access to."""
    path = normalize(source)
    if path.endswith((".sock", "/docker")) and (
        "docker" in path or "podman" in path or "containerd" in path
    ):
        return path
    if path in SOCKETS:
        return path
    if path in SOCKET_PARENTS:
        return f"{path} (the directory holding the engine's socket)"
    return None


def is_sensitive(source: str) -> bool:
    return normalize(source) in SENSITIVE_EXACT
