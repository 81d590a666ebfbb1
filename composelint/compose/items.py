"""Compose's spellings of a publish and a mount, read into the container model."""

from __future__ import annotations

from typing import Any

from composelint.compose.values import PortError, parse_port
from composelint.model.container import Mount, PortMapping
from composelint.model.origin import Origin, Path


def parse_port_item(item: Any, path: Path, origin: Origin | None) -> PortMapping:
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
        )
    text = str(item)
    parsed = parse_port(text)
    if isinstance(parsed, PortError):
        return PortMapping(path, origin, False, None, None, None, None, parsed.message)
    return PortMapping(
        path,
        origin,
        False,
        parsed.host_ip,
        parsed.published,
        parsed.target,
        parsed.protocol,
        None,
    )


_PROPAGATION = frozenset({"shared", "rshared", "slave", "rslave", "private", "rprivate"})
_MOUNT_FLAGS = _PROPAGATION | {"ro", "rw", "z", "Z", "nocopy", "consistent", "cached", "delegated"}


_FALSE_WORDS = frozenset({"false", "no", "off", "n"})


def parse_mount_item(item: Any, path: Path, origin: Origin | None) -> Mount | None:
    if isinstance(item, dict):
        kind = str(item.get("type") or "volume")
        read_only = item.get("read_only") in (True, "true", "True")
        flag = item.get("read_only")
        written = flag is False or (isinstance(flag, str) and flag.lower() in _FALSE_WORDS)
        source = item.get("source")
        target = item.get("target")
        bind = item.get("bind")
        propagation = bind.get("propagation") if isinstance(bind, dict) else None
        tmpfs = item.get("tmpfs")
        return Mount(
            path,
            origin,
            True,
            kind,
            None if source is None else str(source),
            None if target is None else str(target),
            read_only,
            propagation=None if propagation is None else str(propagation),
            tmpfs_options=tuple(f"{k}={v}" for k, v in tmpfs.items())
            if isinstance(tmpfs, dict)
            else (),
            writable_written=written,
        )
    if not isinstance(item, str):
        return None
    source, target, options = split_volume(item)
    if target is None:  # anonymous volume: "/data"
        return Mount(path, origin, False, "volume", None, source, False)
    kind = "bind" if _looks_like_path(source) else "volume"
    propagation = next((o for o in options if o in _PROPAGATION), None)
    return Mount(path, origin, False, kind, source, target, "ro" in options, options, propagation)


def parse_tmpfs_item(item: Any, path: Path, origin: Origin | None) -> Mount | None:
    """One entry of compose's ``tmpfs:`` (``/run`` or ``/run:rw,noexec,size=64m``)."""
    if not isinstance(item, str):
        return None
    target, _sep, options = item.partition(":")
    flags = tuple(o for o in options.split(",") if o)
    return Mount(path, origin, False, "tmpfs", None, target, "ro" in flags, tmpfs_options=flags)


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
