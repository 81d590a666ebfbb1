"""testcontainers: a ``DockerContainer(image)`` and the ``with_*`` calls made on it.

What testcontainers 4.x does with them (``core/testcontainers/core/container.py``):
``with_bind_ports(container, host)`` publishes on a fixed host port of every
interface; ``host`` must be an int or a string of one (an address tuple fails), so
no address can be given there.  ``with_exposed_ports(*ports)`` and ``ports=``
publish on a random host port, of every interface too.  ``with_volume_mapping(host,
container, mode="ro")`` mounts read-only unless told otherwise; ``with_kwargs(...)``
and the constructor's extra keywords go to the SDK's ``containers.run``.
"""

from __future__ import annotations

import ast

from composelint.python.container import ContainerBuilder
from composelint.python.literals import NONE, STR, TUPLE, Lit, lit, scalar_text
from composelint.python.nodes import (
    TC_BIND,
    TC_EXPOSED,
    VOLUME_MAPPING,
    VOLUME_TUPLE,
    CallNode,
    MountNode,
    PortNode,
)
from composelint.python.offsets import Offsets
from composelint.python.sdk import call_node, container_port, read_option, read_options

# What a CL102 message can say about with_bind_ports, where no fix can add an address.
LOOPBACK_HINT = (
    "testcontainers' with_bind_ports takes no address: set the Docker daemon's default "
    'bind address ("ip": "127.0.0.1" in daemon.json), or start the container with the '
    'Docker SDK and ports={"5432/tcp": ("127.0.0.1", 5432)}'
)
# The constructor's own keywords; the others go to containers.run.
_OWN = frozenset(
    {
        "image",
        "docker_client_kw",
        "command",
        "env",
        "name",
        "ports",
        "volumes",
        "network",
        "network_aliases",
        "transferables",
    }
)


def read_constructor(b: ContainerBuilder, call: ast.Call, offsets: Offsets) -> None:
    image = call.args[0] if call.args else _keyword(call, "image")
    if image is not None:
        read_option(b, "image", lit(image, offsets))
    for keyword in call.keywords:
        value = lit(keyword.value, offsets)
        if keyword.arg in ("name", "command"):
            read_option(b, keyword.arg, value)
        elif keyword.arg == "env":
            read_option(b, "environment", value)
        elif keyword.arg == "ports":
            for port in value.items:
                _exposed(b, port)
        elif keyword.arg == "volumes":
            for entry in value.items:
                _volume_tuple(b, entry)
    read_options(b, [k for k in call.keywords if k.arg not in _OWN], offsets)


def read_method(b: ContainerBuilder, call: ast.Call, offsets: Offsets) -> None:
    """One ``with_*`` call on the container."""
    method = call.func.attr  # type: ignore[attr-defined]
    args = [lit(a, offsets) for a in call.args if not isinstance(a, ast.Starred)]
    if method == "with_bind_ports":
        _bind(b, call, args, offsets)
    elif method == "with_exposed_ports":
        for port in args:
            _exposed(b, port)
    elif method == "with_volume_mapping":
        _volume_mapping(b, call, args, offsets)
    elif method == "with_kwargs":
        read_options(b, call.keywords, offsets)
    elif method == "with_name" and args:
        read_option(b, "name", args[0])
    elif method == "with_command" and args:
        read_option(b, "command", args[0])
    elif method in ("with_network", "with_network_aliases"):
        _network(b, method, call, args, offsets)
    elif method == "with_env" and len(args) == 2 and args[0].kind == STR:
        text = scalar_text(args[1])
        if text is not None:
            b.env(args[0].value, args[1], text)


def _network(
    b: ContainerBuilder, method: str, call: ast.Call, args: list[Lit], offsets: Offsets
) -> None:
    """A network object is computed: containers given the same expression (``network``)
    share it, and reach each other by their aliases there."""
    if method == "with_network" and call.args:
        b.pending_network = offsets.text[args[0].start : args[0].end]
    elif method == "with_network_aliases":
        b.pending_aliases = tuple(a.value for a in args if a.kind == STR)
    if b.pending_network is not None:
        b.network(b.pending_network, args[0] if args else Lit(0, 0, STR), b.pending_aliases)


def _bind(b: ContainerBuilder, call: ast.Call, args: list[Lit], offsets: Offsets) -> None:
    container = args[0] if args else _keyword_lit(call, "container", offsets)
    host = args[1] if len(args) > 1 else _keyword_lit(call, "host", offsets)
    if container is None:
        return
    target, protocol = container_port(container)
    if host is None or host.kind == NONE:
        _exposed(b, container)  # no host port: a random one, as with_exposed_ports
        return
    published = scalar_text(host)
    if published is not None and "/" in published:
        published, _slash, protocol = published.partition("/")
    if target is None and published is None:
        return  # nothing of it is written as a literal
    # The host port may be computed: with no address possible, it is all interfaces.
    b.port(PortNode(host.start, host.end, TC_BIND), target, protocol, published, None)


def _exposed(b: ContainerBuilder, port: Lit) -> None:
    target, protocol = container_port(port)
    if target is not None:
        b.port(PortNode(port.start, port.end, TC_EXPOSED), target, protocol, None, None)


def _volume_mapping(b: ContainerBuilder, call: ast.Call, args: list[Lit], offsets: Offsets) -> None:
    host = args[0] if args else _keyword_lit(call, "host", offsets)
    container = args[1] if len(args) > 1 else _keyword_lit(call, "container", offsets)
    mode = args[2] if len(args) > 2 else _keyword_lit(call, "mode", offsets)
    _mount(b, host, container, mode, VOLUME_MAPPING, call_node(call, offsets))


def _volume_tuple(b: ContainerBuilder, entry: Lit) -> None:
    if entry.kind != TUPLE or not 2 <= len(entry.items) <= 3:
        return
    host, container, *rest = entry.items
    _mount(b, host, container, rest[0] if rest else None, VOLUME_TUPLE, entry)


def _mount(
    b: ContainerBuilder,
    host: Lit | None,
    container: Lit | None,
    mode: Lit | None,
    form: str,
    holder: Lit | CallNode,
) -> None:
    if host is None or host.kind != STR or container is None:
        return
    if mode is not None and mode.kind != STR:
        return  # a mode only the running program knows
    options = tuple(o for o in mode.value.split(",") if o) if mode is not None else ("ro",)
    start = host.start if form == VOLUME_MAPPING else holder.start
    end = (mode or container).end if form == VOLUME_MAPPING else holder.end
    node = MountNode(start, end, form, mode, holder)
    b.mount(node, host.value, container.text(), options)


def _keyword(call: ast.Call, name: str) -> ast.expr | None:
    return next((k.value for k in call.keywords if k.arg == name), None)


def _keyword_lit(call: ast.Call, name: str, offsets: Offsets) -> Lit | None:
    value = _keyword(call, name)
    return None if value is None else lit(value, offsets)
