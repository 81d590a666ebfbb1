"""Fill the container model from a merged compose tree."""

from __future__ import annotations

from typing import Any

from msgspec.structs import replace

from composelint.compose.comments import port_comment
from composelint.compose.items import parse_mount_item, parse_port_item, parse_tmpfs_item
from composelint.compose.tree import Origin, Path, Tree
from composelint.model.container import (
    Build,
    Limits,
    Located,
    Mount,
    NetworkAttachment,
    NetworkDefinition,
    PortMapping,
    Service,
)

_SCALAR_FIELDS = ("network_mode", "pid", "ipc", "uts", "userns_mode")


def build_services(tree: Tree, v1_layout: bool = False) -> dict[str, Service]:
    data = tree.data if isinstance(tree.data, dict) else {}
    services: object
    if v1_layout:
        prefix: Path = ()
        services = {k: v for k, v in data.items() if isinstance(v, dict) and not k.startswith("x-")}
    else:
        prefix = ("services",)
        services = data.get("services")
        if not isinstance(services, dict):
            return {}
    out: dict[str, Service] = {}
    for name, body in services.items():
        if isinstance(body, dict):
            out[name] = _service(tree, str(name), body, (*prefix, name))
    return out


def _located_list(
    tree: Tree, body: dict[str, Any], path: Path, key: str
) -> tuple[Located[Any], ...]:
    value = body.get(key)
    if not isinstance(value, list):
        return ()
    return tuple(
        Located(item, tree.origins.get((*path, key, i)), (*path, key, i))
        for i, item in enumerate(value)
    )


def _mapping_or_list(
    tree: Tree, body: dict[str, Any], path: Path, key: str
) -> dict[str, Located[Any]]:
    """``environment``/``labels``: a mapping, or a list of ``KEY=VALUE`` strings."""
    value = body.get(key)
    out: dict[str, Located[Any]] = {}
    if isinstance(value, dict):
        for name, item in value.items():
            item_path = (*path, key, name)
            text = (
                None
                if item is None
                else str(item)
                if not isinstance(item, bool)
                else str(item).lower()
            )
            out[str(name)] = Located(text, tree.origins.get(item_path), item_path)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            item_path = (*path, key, index)
            name, sep, rest = str(item).partition("=")
            out[name] = Located(rest if sep else None, tree.origins.get(item_path), item_path)
    return out


def _names(value: Any) -> tuple[str, ...]:
    if isinstance(value, dict):
        return tuple(str(k) for k in value)
    if isinstance(value, list):
        return tuple(str(v).split(":", 1)[0] for v in value if isinstance(v, (str, int)))
    return ()


def _networks(body: dict[str, Any]) -> tuple[NetworkAttachment, ...]:
    """``networks:`` as a list of names or a mapping of names to their settings."""
    value = body.get("networks")
    if isinstance(value, list):
        return tuple(NetworkAttachment(str(v)) for v in value if isinstance(v, (str, int)))
    if not isinstance(value, dict):
        return ()
    out = []
    for name, settings in value.items():
        aliases = settings.get("aliases") if isinstance(settings, dict) else None
        names = tuple(str(a) for a in aliases) if isinstance(aliases, list) else ()
        out.append(NetworkAttachment(str(name), names))
    return tuple(out)


def network_definitions(tree: Tree, data: Any) -> dict[str, NetworkDefinition]:
    """The project's top-level ``networks:``, each with its ``internal`` flag."""
    value = data.get("networks") if isinstance(data, dict) else None
    if not isinstance(value, dict):
        return {}
    out = {}
    for name, body in value.items():
        body = body if isinstance(body, dict) else {}
        out[str(name)] = NetworkDefinition(
            str(name),
            internal=body.get("internal") in (True, "true", "True"),
            external=bool(body.get("external")),
            origin=tree.origins.get(("networks", name)),
        )
    return out


def _tmpfs(tree: Tree, body: dict[str, Any], path: Path) -> tuple[Mount, ...]:
    value = body.get("tmpfs")
    items = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    out = []
    for index, item in enumerate(items):
        item_path = (*path, "tmpfs") if isinstance(value, str) else (*path, "tmpfs", index)
        mount = parse_tmpfs_item(item, item_path, tree.origins.get(item_path))
        if mount is not None:
            out.append(mount)
    return tuple(out)


def _limits(
    tree: Tree, body: dict[str, Any], path: Path, fields: dict[str, Located[Any]]
) -> Limits:
    """``mem_limit``/``pids_limit``/``cpus``, else ``deploy.resources.limits``."""
    deploy_path = (*path, "deploy", "resources", "limits")
    deploy = body.get("deploy")
    resources = deploy.get("resources") if isinstance(deploy, dict) else None
    limits = resources.get("limits") if isinstance(resources, dict) else None
    limits = limits if isinstance(limits, dict) else {}

    def pick(own: str, nested: str) -> Located[Any] | None:
        if own in fields:
            return fields[own]
        if nested in limits:
            item_path = (*deploy_path, nested)
            return Located(limits[nested], tree.origins.get(item_path), item_path)
        return None

    return Limits(pick("mem_limit", "memory"), pick("pids_limit", "pids"), pick("cpus", "cpus"))


def _logging_driver(tree: Tree, body: dict[str, Any], path: Path) -> Located[Any] | None:
    value = body.get("logging")
    if not isinstance(value, dict) or "driver" not in value:
        return None
    item_path = (*path, "logging", "driver")
    return Located(value["driver"], tree.origins.get(item_path), item_path)


def _ports(tree: Tree, body: dict[str, Any], path: Path) -> tuple[PortMapping, ...]:
    value = body.get("ports")
    if not isinstance(value, list):
        return ()
    out = []
    key = tree.origins.get((*path, "ports"))
    previous: Origin | None = None
    for index, item in enumerate(value):
        item_path = (*path, "ports", index)
        origin = tree.origins.get(item_path)
        if isinstance(item, (str, int, dict)) and not isinstance(item, bool):
            mapping = parse_port_item(item, item_path, origin)
            note = port_comment(origin, key if index == 0 else None, previous)
            out.append(replace(mapping, comment=note) if note else mapping)
        previous = origin
    return tuple(out)


def _volumes(tree: Tree, body: dict[str, Any], path: Path) -> tuple[Mount, ...]:
    value = body.get("volumes")
    if not isinstance(value, list):
        return ()
    out = []
    for index, item in enumerate(value):
        item_path = (*path, "volumes", index)
        mount = parse_mount_item(item, item_path, tree.origins.get(item_path))
        if mount is not None:
            out.append(mount)
    return tuple(out)


def _build(tree: Tree, body: dict[str, Any], path: Path) -> Build | None:
    value = body.get("build")
    build_path = (*path, "build")
    origin = tree.origins.get(build_path)
    if isinstance(value, str):
        return Build(value, None, False, origin, build_path)
    if isinstance(value, dict):
        context = value.get("context")
        dockerfile = value.get("dockerfile")
        return Build(
            "." if context is None else str(context),
            None if dockerfile is None else str(dockerfile),
            "dockerfile_inline" in value,
            origin,
            build_path,
            _build_args(value.get("args")),
        )
    return None


def _build_args(value: Any) -> tuple[tuple[str, str], ...]:
    """``build.args`` with a value, as a mapping or a list of ``KEY=VALUE``."""
    pairs: list[tuple[str, str]] = []
    if isinstance(value, dict):
        for name, item in value.items():
            if item is not None:
                text = str(item).lower() if isinstance(item, bool) else str(item)
                pairs.append((str(name), text))
    elif isinstance(value, list):
        for item in value:
            name, sep, rest = str(item).partition("=")
            if sep:
                pairs.append((name, rest))
    return tuple(pairs)


def _service(tree: Tree, name: str, body: dict[str, Any], path: Path) -> Service:
    origins = tree.origins
    # Every key located once; the single-value fields below are the same objects.
    fields = {str(k): Located(v, origins.get((*path, k)), (*path, k)) for k, v in body.items()}
    scalars: dict[str, Any] = {key: fields.get(key) for key in _SCALAR_FIELDS}
    return Service(
        name=name,
        kind="compose",
        origin=origins.get(path),
        path=path,
        data=body,
        image=fields.get("image"),
        build=_build(tree, body, path),
        user=fields.get("user"),
        ports=_ports(tree, body, path),
        expose=_located_list(tree, body, path, "expose"),
        volumes=_volumes(tree, body, path),
        environment=_mapping_or_list(tree, body, path, "environment"),
        labels=_mapping_or_list(tree, body, path, "labels"),
        command=fields.get("command"),
        entrypoint=fields.get("entrypoint"),
        depends_on=_names(body.get("depends_on")),
        links=_names(body.get("links")),
        networks=_networks(body),
        profiles=tuple(str(p) for p in body.get("profiles") or () if isinstance(p, str)),
        privileged=fields.get("privileged"),
        cap_add=_located_list(tree, body, path, "cap_add"),
        cap_drop=_located_list(tree, body, path, "cap_drop"),
        security_opt=_located_list(tree, body, path, "security_opt"),
        read_only=fields.get("read_only"),
        devices=_located_list(tree, body, path, "devices"),
        device_cgroup_rules=_located_list(tree, body, path, "device_cgroup_rules"),
        tmpfs=_tmpfs(tree, body, path),
        limits=_limits(tree, body, path, fields),
        logging_driver=_logging_driver(tree, body, path),
        runtime=fields.get("runtime"),
        platform=fields.get("platform"),
        extends=fields.get("extends"),
        fields=fields,
        **scalars,
    )
