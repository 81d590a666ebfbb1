"""A launch's options as the one container model: a ``Service`` the rules read as they
read a compose service, with the same value paths (``("services", name, "ports", 0)``)
and a compose-shaped ``data`` dict."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from composelint.commands import mounts, ports
from composelint.commands.argv import Option
from composelint.commands.located import TextSpan, located
from composelint.commands.words import Word
from composelint.model.container import (
    Limits,
    Located,
    Mount,
    NetworkAttachment,
    PortMapping,
    Service,
)
from composelint.model.origin import Origin
from composelint.source import Source

# option -> compose key, for options whose value is one string
_SINGLE = {
    "user": "user",
    "pid": "pid",
    "ipc": "ipc",
    "uts": "uts",
    "userns": "userns_mode",
    "restart": "restart",
    "hostname": "hostname",
    "entrypoint": "entrypoint",
    "runtime": "runtime",
    "platform": "platform",
    "log-driver": "logging_driver",
    "workdir": "working_dir",
}
_LISTS = {
    "cap-add": "cap_add",
    "cap-drop": "cap_drop",
    "security-opt": "security_opt",
    "device": "devices",
    "device-cgroup-rule": "device_cgroup_rules",
    "expose": "expose",
    "link": "links",
    "env-file": "env_file",
    "dns": "dns",
}
_NETWORK_ALIASES = {"net": "network", "net-alias": "network-alias"}
_NOT_ATTACHMENTS = frozenset({"host", "none", "bridge", "default"})


def build_service(
    source: Source,
    name: str,
    kind: str,
    options: Sequence[Option],
    image: Word | None,
    command: Sequence[Word],
    origin: Origin,
    form: str = "container",
) -> Service:
    """The service a launch describes."""
    base = ("services", name)
    data: dict[str, Any] = {}
    fields: dict[str, Located[Any]] = {}
    values: dict[str, Any] = {}
    port_list: list[PortMapping] = []
    volume_list: list[Mount] = []
    tmpfs_list: list[Mount] = []
    environment: dict[str, Located[str | None]] = {}
    labels: dict[str, Located[str]] = {}
    networks: list[str] = []
    aliases: list[str] = []

    def put(key: str, option: Option, value: Any, *, many: bool = False) -> Located[Any]:
        if many:
            items = data.setdefault(key, [])
            item = located(source, option, value, (*base, key, len(items)), form)
            items.append(value)
            values.setdefault(key, []).append(item)
        else:
            item = located(source, option, value, (*base, key), form)
            data[key] = value
            values[key] = item
        fields[key] = Located(data[key], item.origin, (*base, key))
        return item

    for option in options:
        name_ = _NETWORK_ALIASES.get(option.name, option.name)
        text = option.text
        if name_ == "publish":
            path = (*base, "ports", len(port_list))
            publish = ports.service_publish if kind == "service" else ports.publish
            port_list.append(publish(source, option, path, form))
            data.setdefault("ports", []).append(text)
        elif name_ in ("volume", "mount"):
            path = (*base, "volumes", len(volume_list))
            mount = mounts.volume if name_ == "volume" else mounts.mount
            volume_list.append(mount(source, option, path, form))
            data.setdefault("volumes", []).append(text)
        elif name_ == "tmpfs":
            tmpfs_list.append(mounts.tmpfs(source, option, (*base, "tmpfs", len(tmpfs_list)), form))
            data.setdefault("tmpfs", []).append(text)
        elif name_ in ("env", "label") and text is not None:
            key, eq, value = text.partition("=")
            target = environment if name_ == "env" else labels
            compose_key = "environment" if name_ == "env" else "labels"
            target[key] = located(
                source, option, value if eq else None, (*base, compose_key, key), form
            )
            data.setdefault(compose_key, {})[key] = value if eq else None
        elif name_ == "network" and text is not None:
            if text in _NOT_ATTACHMENTS or ":" in text:
                put("network_mode", option, text)
            else:
                networks.append(text)
        elif name_ == "network-alias" and text is not None:
            aliases.append(text)
        elif name_ == "name" and text is not None:
            put("container_name", option, text)
        elif name_ in ("privileged", "read-only", "publish-all", "init") and option.switch_on:
            put(name_.replace("-", "_"), option, True)
        elif name_ in _SINGLE and text is not None:
            put(_SINGLE[name_], option, text)
        elif name_ in _LISTS and text is not None:
            put(_LISTS[name_], option, text, many=True)
        elif name_ in ("memory", "pids-limit", "cpus") and text is not None:
            put({"memory": "mem_limit", "pids-limit": "pids_limit"}.get(name_, name_), option, text)
    if networks:
        data["networks"] = {n: ({"aliases": list(aliases)} if aliases else None) for n in networks}
    attachments = tuple(NetworkAttachment(n, tuple(aliases)) for n in networks)
    image_value = None
    if image is not None:
        image_value = Located(image.text, Origin(source, image), (*base, "image"))
        data["image"] = image.text
        fields["image"] = image_value
    command_value = None
    if command:
        words = [w.text for w in command]
        node = TextSpan(command[0].start, command[-1].end)
        command_value = Located(words, Origin(source, node), (*base, "command"))
        data["command"] = words
        fields["command"] = command_value
    return Service(
        name=name,
        kind=kind,
        origin=origin,
        path=base,
        data=data,
        image=image_value,
        user=values.get("user"),
        ports=tuple(port_list),
        expose=tuple(values.get("expose", ())),
        volumes=tuple(volume_list),
        environment=environment,
        labels=labels,
        command=command_value,
        entrypoint=values.get("entrypoint"),
        links=tuple(str(v).split(":")[0] for v in data.get("links", ())),
        networks=attachments,
        network_mode=values.get("network_mode"),
        privileged=values.get("privileged"),
        cap_add=tuple(values.get("cap_add", ())),
        cap_drop=tuple(values.get("cap_drop", ())),
        security_opt=tuple(values.get("security_opt", ())),
        pid=values.get("pid"),
        ipc=values.get("ipc"),
        uts=values.get("uts"),
        userns_mode=values.get("userns_mode"),
        read_only=values.get("read_only"),
        devices=tuple(values.get("devices", ())),
        device_cgroup_rules=tuple(values.get("device_cgroup_rules", ())),
        tmpfs=tuple(tmpfs_list),
        logging_driver=values.get("logging_driver"),
        runtime=values.get("runtime"),
        platform=values.get("platform"),
        limits=Limits(values.get("mem_limit"), values.get("pids_limit"), values.get("cpus")),
        fields=fields,
    )
