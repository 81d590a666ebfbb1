"""CL101 port-used-only-between-containers: a publish that only other containers use.

Containers on one compose network reach each other by service name, so a port
that the project's own services use (``postgres://db:5432``, an nginx
``proxy_pass``) needs ``expose:``, not ``ports:``.
"""

from __future__ import annotations

from collections.abc import Iterator

from composelint.compose.model import PortMapping, Service
from composelint.diagnostics import Applicability, Diagnostic, Edit, Fix, FixLevel, Related
from composelint.rules.base import NOT_IN_PLACE, Rule, at_value
from composelint.rules.context import ProjectContext
from composelint.rules.exposure.evidence import (
    Reference,
    evidence_for,
    host_side_ports,
    published_port,
    references,
)
from composelint.rules.exposure.publish import binding
from composelint.rules.images import is_proxy_image
from composelint.yaml.edit import (
    add_mapping_key,
    append_sequence_item,
    content_range,
    remove_sequence_item,
)
from composelint.yaml.nodes import MappingNode, ScalarNode, SequenceNode


def check(ctx: ProjectContext) -> Iterator[Diagnostic]:
    refs = ctx.memo("references", lambda: references(ctx))
    outside = ctx.memo("host-side-ports", lambda: host_side_ports(ctx))
    for service in ctx.services.values():
        image = str(service.image.value) if service.image else None
        if is_proxy_image(image, ctx.options.proxy_images):
            continue  # a proxy's ports are its public face
        for mapping in service.ports:
            if mapping.error is not None or mapping.target is None:
                continue
            evidence = evidence_for(ctx, service, mapping, refs)
            if not evidence or published_port(mapping) in outside:
                continue
            found = _diagnostic(ctx, service, mapping, evidence)
            if found:
                yield found


def _describe(ref: Reference) -> str:
    port = f":{ref.port}" if ref.port else ""
    return f"service '{ref.by}' reaches {ref.host}{port} ({ref.what})"


def _diagnostic(
    ctx: ProjectContext, service: Service, mapping: PortMapping, evidence: list[Reference]
) -> Diagnostic | None:
    loopback = not binding(mapping).wildcard
    message = (
        f"port {mapping.target} of service '{service.name}' is published to the host, but only "
        f"other containers use it ({'; '.join(_describe(r) for r in evidence[:3])}); containers "
        "on the project's network reach it by name: use 'expose:' instead of 'ports:'"
    )
    related = tuple(
        Related(ref.span, f"used by service '{ref.by}' here") for ref in evidence if ref.span
    )
    level = ctx.fix_level(mapping.origin, "unsafe" if loopback else "safe")
    edits = move_to_expose(service, mapping)
    changes = ((*service.path, "ports"), (*service.path, "expose"))
    fix = Fix("Move to expose:", level, edits, changes) if edits else None
    return at_value("CL101", message, mapping.origin, fix=fix, related=related)


def move_to_expose(service: Service, mapping: PortMapping) -> tuple[Edit, ...] | None:
    """Edits taking ``mapping`` out of ``ports:`` and its container port into ``expose:``."""
    origin = mapping.origin
    service_origin = service.origin
    if origin is None or service_origin is None or origin.via or service_origin.via:
        return None
    ports_node = _parent_sequence(service_origin.node, "ports")
    service_node = service_origin.node
    if ports_node is None or not isinstance(service_node, MappingNode):
        return None
    item = origin.node
    source = origin.source
    target = mapping.target or ""
    protocol = f"/{mapping.protocol}" if mapping.protocol and mapping.protocol != "tcp" else ""
    value = f'"{target}{protocol}"'
    expose_key, expose_node = _key_and_value(service_node, "expose")
    if len(ports_node.items) == 1 and expose_key is None and isinstance(item, ScalarNode):
        # Rename the key and rewrite the item in place: every comment stays where it is.
        ports_key, _node = _key_and_value(service_node, "ports")
        assert ports_key is not None
        start, end = content_range(item)
        quoted = item.style in ("'", '"')
        return (
            Edit(source.path, ports_key.start, ports_key.end, "expose"),
            Edit(source.path, start, end, f"{target}{protocol}")
            if quoted
            else Edit(source.path, item.start, item.end, value),
        )
    ports_key, _node = _key_and_value(service_node, "ports")
    assert ports_key is not None
    edits = [remove_sequence_item(source, ports_node, item)]
    # An empty edit at the key claims the list: fixes that take items out of one list
    # then apply one per pass, so together they never leave "ports:" empty.
    claim = [Edit(source.path, ports_key.start, ports_key.start, "")]
    if len(ports_node.items) == 1:
        edits, claim = [_remove_entry(source, service_node, ports_key, ports_node)], []
    if _already_exposed(service, target, protocol):
        pass  # expose already lists it: leaving ports is the whole fix
    elif isinstance(expose_node, SequenceNode) and expose_node.items:
        edits.append(append_sequence_item(source, expose_node, value))
    elif expose_key is None:
        add = add_mapping_key(source, service_node, "expose", f"[{value}]")
        removed = edits[0]
        if removed.start <= add.start <= removed.end and add.new_text.startswith(source.newline):
            # The mapping's last lines are the ones removed: expose: takes their place.
            line = add.new_text[len(source.newline) :]
            ending = source.newline if source.text[removed.end - 1] == "\n" else ""
            new_text = removed.new_text + line + ending
            edits = [Edit(source.path, removed.start, removed.end, new_text)]
        else:
            edits.append(add)
    else:
        return None
    return tuple(sorted(claim + edits, key=lambda e: e.start))


def _already_exposed(service: Service, target: str, protocol: str) -> bool:
    wanted = f"{target}{protocol}"
    return any(str(item.value).strip() == wanted for item in service.expose)


def _remove_entry(source, mapping: MappingNode, key: ScalarNode, value: SequenceNode) -> Edit:  # noqa: ANN001
    """Remove ``key: value`` from ``mapping``: its lines in block style, the pair in flow."""
    from composelint.yaml.edit import line_end, line_start, remove_flow_entry, remove_lines

    if mapping.flow:  # "{image: x, ports: [...]}": the pair and one comma, nothing else
        entries = [(k.start, max(k.end, v.end)) for k, v in mapping.pairs]
        index = next(i for i, (k, _v) in enumerate(mapping.pairs) if k is key)
        return remove_flow_entry(source, entries, index)
    text = source.text
    start = line_start(text, key.start)
    end = line_end(text, max(value.end - 1, key.end))
    if text.startswith("\r\n", end):
        end += 2
    elif text.startswith("\n", end):
        end += 1
    return remove_lines(source, start, end, [key, value])


def _key_and_value(mapping: MappingNode, name: str):  # noqa: ANN202
    for key, value in mapping.pairs:
        if isinstance(key, ScalarNode) and key.value == name:
            return key, value
    return None, None


def _parent_sequence(service_node: object, key: str) -> SequenceNode | None:
    if not isinstance(service_node, MappingNode):
        return None
    _key, value = _key_and_value(service_node, key)
    return value if isinstance(value, SequenceNode) else None


RULE = Rule(
    "CL101",
    "port-used-only-between-containers",
    "port published but used only by other containers",
    check_project=check,
    fixes=(
        FixLevel(
            Applicability.SAFE,
            "when the publish is on all interfaces: the project's own files show the "
            "containers that connect, and they still reach the port by name",
        ),
        FixLevel(
            Applicability.UNSAFE,
            "when the publish is already on loopback or another specific address (that "
            "looks like deliberate access from the host)",
        ),
        NOT_IN_PLACE,
    ),
    docs="CL101.md",
)
