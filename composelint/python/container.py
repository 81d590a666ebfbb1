"""One container a Python file starts, as the one model: a ``Service`` of kind "sdk"
with compose's value paths (``("services", name, "ports", 0)``) and a compose-shaped
``data`` dict, so every rule reads it as it reads a compose service."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from composelint.model.container import (
    Limits,
    Located,
    Mount,
    NetworkAttachment,
    PortMapping,
    Service,
)
from composelint.model.origin import Origin, Written
from composelint.python.literals import Lit
from composelint.python.nodes import MountNode, PortNode
from composelint.source import Source, lazy_pattern

KIND = "sdk"
PROPAGATION = frozenset({"shared", "rshared", "slave", "rslave", "private", "rprivate"})
_PORT = lazy_pattern(r"^\d+(-\d+)?$")


class ContainerBuilder:
    """Collects one container's values, each located, then makes its ``Service``."""

    def __init__(
        self, source: Source, name: str, origin: Origin, refused: str | None = None
    ) -> None:
        self.source = source
        self.refused = refused  # why the Python editor will not rewrite the file, if so
        self.name = name
        self.origin = origin
        self.base = ("services", name)
        self.data: dict[str, Any] = {}
        self.fields: dict[str, Located[Any]] = {}
        self.lists: dict[str, list[Located[Any]]] = {}
        self.ports: list[PortMapping] = []
        self.volumes: list[Mount] = []
        self.tmpfs_mounts: list[Mount] = []
        self.environment: dict[str, Located[str | None]] = {}
        self.networks: list[NetworkAttachment] = []
        # testcontainers: with_network and with_network_aliases, in either order
        self.pending_network: str | None = None
        self.pending_aliases: tuple[str, ...] = ()

    def _origin(self, node: Written, key: Written | None = None) -> Origin:
        return Origin(self.source, node, key)

    def scalar(self, key: str, item: Lit, value: Any, keyword: Written | None = None) -> None:
        located = Located(value, self._origin(item, keyword), (*self.base, key))
        self.data[key] = value
        self.fields[key] = located

    def append(self, key: str, item: Lit, value: Any) -> None:
        items = self.data.setdefault(key, [])
        path = (*self.base, key, len(items))
        items.append(value)
        self.lists.setdefault(key, []).append(Located(value, self._origin(item), path))
        self.fields[key] = Located(items, self._origin(item), (*self.base, key))

    def env(self, key: str, item: Lit, value: str | None) -> None:
        self.data.setdefault("environment", {})[key] = value
        path = (*self.base, "environment", key)
        self.environment[key] = Located(value, self._origin(item), path)

    def network(self, name: str, item: Lit, aliases: tuple[str, ...] = ()) -> None:
        self.data.setdefault("networks", {})[name] = {"aliases": list(aliases)} if aliases else None
        self.networks = [n for n in self.networks if n.name != name]
        self.networks.append(NetworkAttachment(name, aliases))
        self.fields["networks"] = Located(self.data["networks"], self._origin(item))

    def port(
        self,
        node: PortNode,
        target: str | None,
        protocol: str | None,
        published: str | None,
        host_ip: str | None,
        key: Written | None = None,
    ) -> None:
        """One publish; ``target``/``published`` None where the text does not say."""
        path = (*self.base, "ports", len(self.ports))
        if self.refused is not None:
            node = replace(node, refused=self.refused)
        error = None
        if target is not None and not _PORT.match(target):
            error = f"'{target}' is not a container port"
        elif published is not None and published != "" and not _PORT.match(published):
            error = f"'{published}' is not a host port"
        self.ports.append(
            PortMapping(
                path,
                self._origin(node, key),
                False,
                host_ip,
                published or None,
                target,
                protocol,
                error,
            )
        )
        text = f"{target or '?'}/{protocol}" if protocol else (target or "?")
        if published:
            text = f"{published}:{text}"
        if host_ip is not None:
            address = f"[{host_ip}]" if ":" in host_ip else host_ip
            text = f"{address}:{text}" if published else f"{address}::{text}"
        self.data.setdefault("ports", []).append(text)

    def mount(
        self,
        node: MountNode,
        source: str | None,
        target: str | None,
        options: tuple[str, ...],
        *,
        kind: str | None = None,
        read_only: bool | None = None,
    ) -> None:
        """One mount: a bind mount when ``source`` is a path, else a named volume."""
        path = (*self.base, "volumes", len(self.volumes))
        if self.refused is not None:
            node = replace(node, refused=self.refused)
        if kind is None:
            kind = "bind" if source is not None and is_host_path(source) else "volume"
        written = read_only is False
        if read_only is None:
            read_only = "ro" in options or "readonly" in options
        propagation = next((o for o in options if o in PROPAGATION), None)
        self.volumes.append(
            Mount(
                path,
                self._origin(node),
                False,
                kind,
                source,
                target,
                read_only,
                options,
                propagation,
                writable_written=written,
            )
        )
        mode = ",".join(options)
        text = f"{source}:{target}" if source is not None else str(target)
        self.data.setdefault("volumes", []).append(f"{text}:{mode}" if mode else text)

    def tmpfs(self, item: Lit, target: str, options: str) -> None:
        """``tmpfs={"/tmp": "size=64m,exec"}``: one tmpfs and its options."""
        path = (*self.base, "tmpfs", len(self.tmpfs_mounts))
        flags = tuple(o.strip() for o in options.split(",") if o.strip())
        origin = self._origin(item)
        self.tmpfs_mounts.append(
            Mount(path, origin, False, "tmpfs", None, target, "ro" in flags, tmpfs_options=flags)
        )
        self.data.setdefault("tmpfs", []).append(f"{target}:{options}" if options else target)

    def service(self) -> Service:
        lists = self.lists
        fields = self.fields
        return Service(
            name=self.name,
            kind=KIND,
            origin=self.origin,
            path=self.base,
            data=self.data,
            image=fields.get("image"),
            user=fields.get("user"),
            ports=tuple(self.ports),
            volumes=tuple(self.volumes),
            environment=self.environment,
            command=fields.get("command"),
            entrypoint=fields.get("entrypoint"),
            networks=tuple(self.networks),
            network_mode=fields.get("network_mode"),
            privileged=fields.get("privileged"),
            cap_add=tuple(lists.get("cap_add", ())),
            cap_drop=tuple(lists.get("cap_drop", ())),
            security_opt=tuple(lists.get("security_opt", ())),
            pid=fields.get("pid"),
            ipc=fields.get("ipc"),
            uts=fields.get("uts"),
            userns_mode=fields.get("userns_mode"),
            read_only=fields.get("read_only"),
            devices=tuple(lists.get("devices", ())),
            device_cgroup_rules=tuple(lists.get("device_cgroup_rules", ())),
            tmpfs=tuple(self.tmpfs_mounts),
            logging_driver=fields.get("logging_driver"),
            limits=Limits(fields.get("mem_limit"), fields.get("pids_limit")),
            runtime=fields.get("runtime"),
            platform=fields.get("platform"),
            fields=dict(fields),
        )


def is_host_path(source: str) -> bool:
    """A mount source that is a host path, not a named volume."""
    return source[:1] in ("/", ".", "~", "$", "\\") or (len(source) > 1 and source[1] == ":")


def split_volume(text: str) -> tuple[str | None, str | None, tuple[str, ...]]:
    """``"host:container[:mode]"`` (or ``"/container"``) as (source, target, options)."""
    parts = text.split(":")
    if len(parts) > 2 and len(parts[0]) == 1 and parts[0].isalpha():
        parts = [f"{parts[0]}:{parts[1]}", *parts[2:]]  # a Windows drive: C:\data:/data
    if len(parts) == 1:
        return None, parts[0], ()
    if len(parts) == 2:
        return parts[0], parts[1], ()
    return ":".join(parts[:-2]), parts[-2], tuple(o for o in parts[-1].split(",") if o)


def image_stem(image: str) -> str:
    last = image.rsplit("/", 1)[-1]
    return last.split("@", 1)[0].split(":", 1)[0] or "container"
