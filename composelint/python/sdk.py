"""The Docker SDK's container options (``containers.run(...)``, ``create_host_config(...)``,
testcontainers' ``with_kwargs(...)``) read into a container.

Only literals are judged: an option whose value is computed (``ports=build_ports()``,
``{"80/tcp": port}``) is left out, since it may hold anything, an address included.
Where the structure is literal and only a part is computed, the literal part still
decides: ``("0.0.0.0", port)`` is a publish on all interfaces whatever ``port`` is.
"""

from __future__ import annotations

import ast

from composelint.python.container import ContainerBuilder, split_volume
from composelint.python.literals import (
    BOOL,
    DICT,
    INT,
    LIST,
    NONE,
    STR,
    TUPLE,
    Lit,
    lit,
    scalar_text,
)
from composelint.python.nodes import (
    MOUNT_CALL,
    SDK_PORT,
    VOLUME_DICT,
    VOLUME_STRING,
    CallNode,
    MountNode,
    PortNode,
)
from composelint.python.offsets import Offsets

# keyword -> compose key, for options holding one string (or number)
_SCALARS = {
    "user": "user",
    "network_mode": "network_mode",
    "pid_mode": "pid",
    "ipc_mode": "ipc",
    "uts_mode": "uts",
    "userns_mode": "userns_mode",
    "hostname": "hostname",
    "name": "container_name",
    "image": "image",
    "mem_limit": "mem_limit",
    "pids_limit": "pids_limit",
    "runtime": "runtime",
    "platform": "platform",
    "working_dir": "working_dir",
}
_SWITCHES = {
    "privileged": "privileged",
    "publish_all_ports": "publish_all",
    "read_only": "read_only",
}
_LISTS = {
    "cap_add": "cap_add",
    "cap_drop": "cap_drop",
    "security_opt": "security_opt",
    "devices": "devices",
    "device_cgroup_rules": "device_cgroup_rules",
}


def keyword_name(keyword: ast.keyword, offsets: Offsets) -> Lit:
    """The ``name`` of ``name=value``, located (a diagnostic's key span)."""
    start = offsets.start(keyword)
    return Lit(start, start + len(keyword.arg or ""), STR, keyword.arg)


def read_options(b: ContainerBuilder, keywords: list[ast.keyword], offsets: Offsets) -> None:
    """Every container option of ``keywords`` that is written as a literal."""
    for keyword in keywords:
        name = keyword.arg
        if name is None:  # **options: not guessed at
            continue
        key = keyword_name(keyword, offsets)
        if name in ("ports", "port_bindings"):
            read_ports(b, lit(keyword.value, offsets), key)
        elif name in ("volumes", "binds"):
            read_volumes(b, lit(keyword.value, offsets))
        elif name == "mounts":
            read_mounts(b, keyword.value, offsets)
        elif name == "log_config":
            read_log_config(b, keyword.value, offsets)
        else:
            read_option(b, name, lit(keyword.value, offsets), key)


def read_option(b: ContainerBuilder, name: str, item: Lit, key: Lit | None = None) -> None:
    """One option other than ports and mounts."""
    if name in _SCALARS:
        text = scalar_text(item)
        if text is not None:
            b.scalar(_SCALARS[name], item, text, key)
    elif name in _SWITCHES:
        if item.kind == BOOL:
            b.scalar(_SWITCHES[name], item, item.value, key)
    elif name in _LISTS:
        for entry in item.items:
            if entry.kind == STR:
                b.append(_LISTS[name], entry, entry.value)
    elif name in ("environment", "env"):
        read_environment(b, item)
    elif name == "network" and item.kind == STR:
        b.network(item.value, item)
    elif name == "tmpfs" and item.kind == DICT:
        for target, options in item.pairs:
            if target is not None and target.kind == STR and options.kind == STR:
                b.tmpfs(target, target.value, options.value)
    elif name in ("command", "entrypoint") and item.literal:
        if item.kind == STR:
            b.scalar(name, item, item.value, key)
        elif item.kind == LIST and all(i.kind == STR for i in item.items):
            b.scalar(name, item, [i.value for i in item.items], key)


def read_log_config(b: ContainerBuilder, value: ast.expr, offsets: Offsets) -> None:
    """``log_config=LogConfig(type="none")`` or ``{"type": "none"}``: the driver."""
    driver: Lit | None = None
    if isinstance(value, ast.Call) and callee_name(value.func) == "LogConfig":
        for keyword in value.keywords:
            if keyword.arg == "type":
                driver = lit(keyword.value, offsets)
    else:
        item = lit(value, offsets)
        for key, entry in item.pairs:
            if key is not None and key.kind == STR and str(key.value).lower() == "type":
                driver = entry
    if driver is not None and driver.kind == STR:
        b.scalar("logging_driver", driver, driver.value)


def read_environment(b: ContainerBuilder, item: Lit) -> None:
    if item.kind == DICT:
        for key, value in item.pairs:
            if key is None or key.kind != STR:
                continue
            if value.kind == NONE:
                b.env(key.value, value, None)
            elif value.kind == BOOL:
                b.env(key.value, value, str(value.value).lower())
            elif (text := scalar_text(value)) is not None:
                b.env(key.value, value, text)
    elif item.kind == LIST:
        for entry in item.items:
            if entry.kind == STR:
                name, eq, value = entry.value.partition("=")
                b.env(name, entry, value if eq else None)


# -- ports ---------------------------------------------------------------------------


def read_ports(b: ContainerBuilder, item: Lit, key: Lit | None = None) -> None:
    """``{"5432/tcp": 5432}``: keys are container ports (``5432`` or ``"5432/udp"``);
    a value is a host port, ``None`` (a random one), a tuple with an address
    (``("127.0.0.1", 5432)``, ``("127.0.0.1",)``) or a list of those."""
    argument = None if key is None else (key.start, item.end)
    for port_key, value in item.pairs:
        if port_key is None:
            continue
        target, protocol = container_port(port_key)
        for bound in value.items if value.kind == LIST else (value,):
            host = host_side(bound)
            if host is None:
                continue
            published, address = host
            node = PortNode(bound.start, bound.end, SDK_PORT, bound, address, argument)
            host_ip = None if address is None else address.value
            b.port(node, target, protocol, published, host_ip, port_key)


def container_port(key: Lit) -> tuple[str | None, str | None]:
    text = scalar_text(key)
    if text is None:
        return None, None
    target, slash, protocol = text.partition("/")
    return target.strip(), (protocol.strip() or None) if slash else None


def host_side(value: Lit) -> tuple[str | None, Lit | None] | None:
    """(host port, address literal) of one binding, or None when it is computed."""
    if value.kind in (INT, STR):
        return scalar_text(value), None
    if value.kind == NONE:
        return None, None
    if value.kind != TUPLE or not value.items or len(value.items) > 2:
        return None
    first = value.items[0]
    if len(value.items) == 1:
        if first.kind == STR:
            return None, first
        return (scalar_text(first), None) if first.kind == INT else None
    if first.kind != STR:
        return None  # an address only the running program knows
    second = value.items[1]
    return (scalar_text(second) if second.kind in (INT, STR) else None), first


# -- mounts --------------------------------------------------------------------------


def read_volumes(b: ContainerBuilder, item: Lit) -> None:
    """``{"/host": {"bind": "/c", "mode": "ro"}}`` or ``["/host:/c:ro"]``."""
    if item.kind == LIST:
        for entry in item.items:
            if entry.kind == STR:
                source, target, options = split_volume(entry.value)
                node = MountNode(entry.start, entry.end, VOLUME_STRING, string=entry)
                b.mount(node, source, target, options)
        return
    for host, body in item.pairs:
        if host is None or host.kind != STR:
            continue
        if body.kind == STR:  # {"/host": "/c"}: the SDK reads a plain bind path too
            node = MountNode(host.start, body.end, VOLUME_DICT)
            b.mount(node, host.value, body.value, ())
            continue
        if body.kind != DICT:
            continue
        fields = {k.value: v for k, v in body.pairs if k is not None and k.kind == STR}
        bind, mode = fields.get("bind"), fields.get("mode")
        if mode is not None and mode.kind != STR:
            continue  # a mode only the running program knows
        target = bind.value if bind is not None and bind.kind == STR else None
        options = tuple(o for o in mode.value.split(",") if o) if mode is not None else ()
        node = MountNode(host.start, body.end, VOLUME_DICT, mode=mode, holder=body)
        b.mount(node, host.value, target, options)


def read_mounts(b: ContainerBuilder, value: ast.expr, offsets: Offsets) -> None:
    """``[docker.types.Mount("/c", "/host", type="bind", read_only=True)]``."""
    if not isinstance(value, (ast.List, ast.Tuple)):
        return
    for call in value.elts:
        if isinstance(call, ast.Call) and callee_name(call.func) == "Mount":
            read_mount_call(b, call, offsets)


_MOUNT_ARGS = ("target", "source", "type", "read_only")


def read_mount_call(b: ContainerBuilder, call: ast.Call, offsets: Offsets) -> None:
    args: dict[str, Lit] = {}
    for name, arg in zip(_MOUNT_ARGS, call.args, strict=False):
        args[name] = lit(arg, offsets)
    for keyword in call.keywords:
        if keyword.arg is None:
            return  # Mount(**spec): not guessed at
        args[keyword.arg] = lit(keyword.value, offsets)
    target, source = args.get("target"), args.get("source")
    kind = args.get("type")
    read_only = args.get("read_only")
    propagation = args.get("propagation")
    if kind is not None and kind.kind != STR:
        return
    if read_only is not None and read_only.kind != BOOL:
        return
    options = (propagation.value,) if propagation is not None and propagation.kind == STR else ()
    holder = call_node(call, offsets)
    node = MountNode(holder.start, holder.end, MOUNT_CALL, read_only, holder)
    b.mount(
        node,
        source.value if source is not None and source.kind == STR else None,
        target.value if target is not None and target.kind == STR else None,
        options,
        kind=kind.value if kind is not None else "volume",
        read_only=bool(read_only.value) if read_only is not None else None,
    )


def call_node(call: ast.Call, offsets: Offsets) -> CallNode:
    args = [*call.args, *call.keywords]
    last = max((offsets.end(a) for a in args), default=None)
    end = offsets.end(call)
    return CallNode(offsets.start(call), end, last, end - 1)


def callee_name(func: ast.expr) -> str | None:
    """``f`` of ``f(...)`` and of ``a.b.f(...)``."""
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None
