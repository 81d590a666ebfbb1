"""How a published port is bound, and the text edits that bind it to loopback.

Short syntax is edited inside the scalar's quotes so the file's quoting stays;
interpolated parts are edited where the literal is (``${BIND:-0.0.0.0}`` gets a
new default, ``"${PORT:-8080}:80"`` gets an address in front).  Long syntax gets
``host_ip:`` after its last key, in its own indentation or flow style.
"""

from __future__ import annotations

from composelint.diagnostics import Edit
from composelint.model.container import PortMapping
from composelint.records import frozen_record
from composelint.yaml.edit import add_mapping_key, content_range
from composelint.yaml.nodes import MappingNode, ScalarNode

WILDCARDS = frozenset({"", "0.0.0.0", "::", "[::]"})


@frozen_record
class Binding:
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
    origin = mapping.origin
    interpolated = origin.interpolated if origin is not None else None
    if interpolated is None:
        return False
    for ref in interpolated.variables:
        if not ref.is_set and ref.operator in (None, ":?", "?", ":+", "+"):
            return True
    return False


def loopback_edits(mapping: PortMapping, v4: str, v6: str) -> tuple[Edit, ...] | None:
    """Edits that bind ``mapping`` to loopback, or None when no literal can carry it."""
    origin = mapping.origin
    if origin is None:
        return None
    node = origin.node
    ipv6 = binding(mapping).ipv6
    if isinstance(node, MappingNode):
        return _long_syntax(origin.source, node, mapping, v6 if ipv6 else v4)
    if not isinstance(node, ScalarNode) or node.style not in ("", "'", '"'):
        return None
    return _short_syntax(origin, node, mapping, v4, v6)


def _long_syntax(source, node: MappingNode, mapping: PortMapping, address: str):  # noqa: ANN001
    for key, value in node.pairs:
        if isinstance(key, ScalarNode) and key.value == "host_ip":
            if not isinstance(value, ScalarNode):
                return None
            if value.end == value.start:  # "host_ip:" with no value
                return (Edit(source.path, value.start, value.start, f" {address}"),)
            start, end = content_range(value)
            return (Edit(source.path, start, end, address),)
    return (add_mapping_key(source, node, "host_ip", address),)


def _short_syntax(origin, node: ScalarNode, mapping: PortMapping, v4: str, v6: str):  # noqa: ANN001
    source = origin.source
    start, end = content_range(node)
    raw = source.text[start:end]
    interpolated = origin.interpolated
    if interpolated is not None:
        for ref in interpolated.variables:
            if ref.operator not in (":-", "-") or ref.is_set:
                continue
            if ref.start == 0 and ref.argument in WILDCARDS and raw[ref.end : ref.end + 1] == ":":
                # An address that is a variable's default: give the variable a new default.
                new = f"[{v6}]" if ref.argument in ("::", "[::]") else v4
                return (
                    Edit(source.path, start + ref.argument_start, start + ref.argument_end, new),
                )
            if ref.start == 0 and ref.end == len(raw):
                # The whole mapping is a default ("${PORT-:2283:2283}"): bind inside it.
                offset = start + ref.argument_start
                return _bind_text(source.path, ref.argument, offset, mapping, v4, v6, quoted=True)
    return _bind_text(source.path, raw, start, mapping, v4, v6, quoted=node.style != "", node=node)


def _bind_text(
    path: str,
    raw: str,
    start: int,
    mapping: PortMapping,
    v4: str,
    v6: str,
    *,
    quoted: bool,
    node: ScalarNode | None = None,
) -> tuple[Edit, ...] | None:
    """Edits binding the port written as ``raw`` (at ``start``) to loopback."""
    for wildcard, new in (("0.0.0.0:", f"{v4}:"), ("[::]:", f"[{v6}]:"), ("::", f"[{v6}]")):
        if raw.startswith(wildcard):
            return (Edit(path, start, start + len(wildcard), new),)
    if raw.startswith(":"):  # an empty address: ":8080:80"
        return (Edit(path, start, start, v4),)
    if mapping.host_ip:
        return None  # an address we did not write and cannot see in the text
    prefix = f"{v4}::" if mapping.published is None and ":" not in raw else f"{v4}:"
    if not quoted and node is not None:
        if isinstance(_plain_value(raw), int) or raw[:1] in "[{&*!|>'\"%@`":
            return (Edit(path, node.start, node.end, f'"{prefix}{raw}"'),)
    return (Edit(path, start, start, prefix),)


def _plain_value(raw: str) -> object:
    from composelint.yaml.resolve import resolve_plain

    return resolve_plain(raw)
