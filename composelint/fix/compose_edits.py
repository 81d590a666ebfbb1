"""The compose editor: fix intents as text edits on the YAML that wrote the values.

YAML is never re-emitted.  Short syntax is edited inside the scalar's quotes so
the file's quoting stays; interpolated parts are edited where the literal is
(``${BIND:-0.0.0.0}`` gets a new default, ``"${PORT:-8080}:80"`` gets an address in
front).  Long syntax gets a key after its last key, in its own indentation or flow
style.  Each function returns None when no literal can carry the intent.
"""

from __future__ import annotations

import re

from composelint.diagnostics import Edit
from composelint.fix.carry import Resolved, carry
from composelint.model.container import WILDCARDS, Mount, PortMapping, Service, binding
from composelint.model.intents import NO_NEW_PRIVILEGES, READ_ONLY, Intent
from composelint.model.origin import Origin
from composelint.source import Source, lazy_pattern
from composelint.yaml.comments import Comment, find_comments
from composelint.yaml.edit import (
    add_mapping_key,
    append_sequence_item,
    content_range,
    indent_of,
    line_end,
    line_start,
    remove_flow_entry,
    remove_lines,
    remove_sequence_item,
)
from composelint.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode, deref
from composelint.yaml.resolve import is_merge_key, resolve_plain


def compose_edits(intent: Intent) -> Resolved | None:
    """The edits carrying ``intent`` and the data paths they may change."""
    return carry(
        intent,
        loopback=loopback_edits,
        expose=move_to_expose,
        read_only=read_only_edits,
        setting=setting_edits,
        remove_ports=remove_ports,
    )


# -- bind a publish to loopback ------------------------------------------------------


def loopback_edits(mapping: PortMapping, v4: str, v6: str) -> tuple[Edit, ...] | None:
    """Edits that bind ``mapping`` to loopback, or None when no literal can carry it."""
    origin = mapping.origin
    if origin is None:
        return None
    node = origin.node
    ipv6 = binding(mapping).ipv6
    if isinstance(node, MappingNode):
        return _long_syntax(origin.source, node, v6 if ipv6 else v4)
    if not isinstance(node, ScalarNode) or node.style not in ("", "'", '"'):
        return None
    return _short_syntax(origin, node, mapping, v4, v6)


def _long_syntax(source: Source, node: MappingNode, address: str) -> tuple[Edit, ...] | None:
    for key, value in node.pairs:
        if isinstance(key, ScalarNode) and key.value == "host_ip":
            if not isinstance(value, ScalarNode):
                return None
            if value.end == value.start:  # "host_ip:" with no value
                return (Edit(source.path, value.start, value.start, f" {address}"),)
            start, end = content_range(value)
            return (Edit(source.path, start, end, address),)
    return (add_mapping_key(source, node, "host_ip", address),)


def _short_syntax(
    origin: Origin, node: ScalarNode, mapping: PortMapping, v4: str, v6: str
) -> tuple[Edit, ...] | None:
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
        if isinstance(resolve_plain(raw), int) or raw[:1] in "[{&*!|>'\"%@`":
            return (Edit(path, node.start, node.end, f'"{prefix}{raw}"'),)
    return (Edit(path, start, start, prefix),)


# -- move a publish to expose: ------------------------------------------------------


def move_to_expose(service: Service, mapping: PortMapping) -> tuple[Edit, ...] | None:
    """Edits taking ``mapping`` out of ``ports:`` and its container port into ``expose:``."""
    origin = mapping.origin
    service_origin = service.origin
    if origin is None or service_origin is None or origin.via or service_origin.via:
        return None
    service_node = service_origin.node
    if not isinstance(service_node, MappingNode):
        return None
    ports_key, ports_node = _key_and_value(service_node, "ports")
    if ports_key is None or not isinstance(ports_node, SequenceNode):
        return None
    if len(ports_node.items) == 1 and _merges_key(service_node, "ports"):
        return None  # without its own ports: the service would take a merge key's
    item = origin.node
    source = origin.source
    target = mapping.target or ""
    protocol = f"/{mapping.protocol}" if mapping.protocol and mapping.protocol != "tcp" else ""
    value = f'"{target}{protocol}"'
    expose_key, expose_node = _key_and_value(service_node, "expose")
    if len(ports_node.items) == 1 and expose_key is None and isinstance(item, ScalarNode):
        # Rename the key and rewrite the item in place: every comment stays where it is.
        start, end = content_range(item)
        quoted = item.style in ("'", '"')
        return (
            Edit(source.path, ports_key.start, ports_key.end, "expose"),
            Edit(source.path, start, end, f"{target}{protocol}")
            if quoted
            else Edit(source.path, item.start, item.end, value),
        )
    edits = [remove_sequence_item(source, ports_node, item)]
    # An empty edit at the key claims the list: fixes that take items out of one list
    # then apply one per pass, so together they never leave "ports:" empty.
    claim = [Edit(source.path, ports_key.start, ports_key.start, "")]
    if len(ports_node.items) == 1:
        edits, claim = [_remove_entry(source, service_node, ports_key, ports_node)], []
    exposed = _already_exposed(service, target, protocol)
    # A comment cannot follow one entry of a flow list: it stays where it is then.
    flow = isinstance(expose_node, SequenceNode) and expose_node.flow
    comment = None if exposed or flow else _trailing_comment(source, ports_node, item)
    if comment is not None:  # the comment goes with the port to its expose: entry
        edits[0] = _without_kept_comment(source, edits[0], comment)
    after = f"  {comment.text}" if comment is not None else ""
    if exposed:
        pass  # expose already lists it: leaving ports is the whole fix
    elif isinstance(expose_node, SequenceNode) and expose_node.items:
        edits.append(append_sequence_item(source, expose_node, value + after))
    elif expose_key is None:
        add = add_mapping_key(source, service_node, "expose", f"[{value}]{after}")
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


# -- stop publishing ----------------------------------------------------------------


def remove_ports(service: Service) -> tuple[Edit, ...] | None:
    """The service's ``ports:`` key taken out with its items (their comments stay, each
    on its own line); None when a publish is written elsewhere (an override, an anchor)
    or the list carries an anchor that another place may use."""
    service_origin = service.origin
    if service_origin is None or service_origin.via or not service.ports:
        return None
    service_node = service_origin.node
    if not isinstance(service_node, MappingNode):
        return None
    key, value = _key_and_value(service_node, "ports")
    if key is None or not isinstance(value, SequenceNode) or value.anchor is not None:
        return None
    items = {id(item) for item in value.items}
    for mapping in service.ports:
        origin = mapping.origin
        if origin is None or origin.via or id(origin.node) not in items:
            return None
        if origin.path != service_origin.path:
            return None
    if any(item.anchor is not None for item in value.items):
        return None
    if _merges_key(service_node, "ports"):
        return None  # without its own ports: the service would take a merge key's
    return (_remove_entry(service_origin.source, service_node, key, value),)


def _merges_key(mapping: MappingNode, name: str, depth: int = 0) -> bool:
    """Whether a merge key (``<<: *defaults``) of ``mapping`` brings ``name`` along."""
    if depth > 16:
        return True  # merges nested this deep: assume it does
    for key, value in mapping.pairs:
        if not isinstance(key, ScalarNode) or not is_merge_key(key):
            continue
        target = deref(value)
        for source in target.items if isinstance(target, SequenceNode) else [target]:
            merged = deref(source)
            if isinstance(merged, MappingNode) and (
                _key_and_value(merged, name)[0] is not None or _merges_key(merged, name, depth + 1)
            ):
                return True
    return False


def _trailing_comment(source: Source, ports: SequenceNode, item: object) -> Comment | None:
    """The comment after a block list item on its last line (``- 5432:5432  # psql``)."""
    if ports.flow or not isinstance(item, Node):
        return None
    text = source.text
    start = line_start(text, max(item.end - 1, item.start))
    end = line_end(text, max(item.end - 1, item.start))
    found = find_comments(text, [item], start, end)
    return found[0] if found and not found[0].own_line else None


def _without_kept_comment(source: Source, edit: Edit, comment: Comment) -> Edit:
    """``edit`` (lines removed, their comments kept) without keeping ``comment``."""
    kept = f"{indent_of(source.text, comment.start)}{comment.text}{source.newline}"
    if kept not in edit.new_text:
        return edit
    return Edit(edit.path, edit.start, edit.end, edit.new_text.replace(kept, "", 1))


def _already_exposed(service: Service, target: str, protocol: str) -> bool:
    wanted = f"{target}{protocol}"
    return any(str(item.value).strip() == wanted for item in service.expose)


def _remove_entry(
    source: Source, mapping: MappingNode, key: ScalarNode, value: SequenceNode
) -> Edit:
    """Remove ``key: value`` from ``mapping``: its lines in block style, the pair in flow."""
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


def _key_and_value(mapping: MappingNode, name: str) -> tuple[ScalarNode | None, Node | None]:
    for key, value in mapping.pairs:
        if isinstance(key, ScalarNode) and key.value == name:
            return key, value
    return None, None


# -- mount read-only -----------------------------------------------------------------


def read_only_edits(mount: Mount) -> tuple[Edit, ...] | None:
    """``:ro`` on short syntax (``:rw`` -> ``:ro``, ``:z`` -> ``:ro,z``), else
    ``read_only: true`` on long syntax."""
    origin = mount.origin
    if origin is None:
        return None
    node = origin.node
    if isinstance(node, MappingNode):
        edit = _set_read_only(origin.source, node)
        return None if edit is None else (edit,)
    if not isinstance(node, ScalarNode) or node.style not in ("", "'", '"'):
        return None
    start, end = content_range(node)
    if mount.options:
        # Replace the options field: ":rw" -> ":ro", ":z" -> ":ro,z".
        colon = origin.source.text[start:end].rfind(":")
        options = [o for o in mount.options if o not in ("rw", "ro")]
        return (Edit(origin.path, start + colon, end, ":" + ",".join(["ro", *options])),)
    return (Edit(origin.path, end, end, ":ro"),)


def _set_read_only(source: Source, node: MappingNode) -> Edit | None:
    """``read_only: true``: the existing key's value replaced (``read_only: false``), else added."""
    for key, value in node.pairs:
        if isinstance(key, ScalarNode) and key.value == "read_only":
            if not isinstance(value, ScalarNode) or value.start == value.end:
                return None
            return Edit(source.path, value.start, value.end, "true")
    return add_mapping_key(source, node, "read_only", "true")


# -- turn a protection on ------------------------------------------------------------

NO_NEW_PRIVILEGES_OPTION = "no-new-privileges:true"
# A key whose value is a block list on the next line: how far its dashes are indented.
_BLOCK_LIST = lazy_pattern(r"^( *)[^\s#-][^\n]*:[ \t]*\r?\n( *)- ", re.MULTILINE)
_FLOW_LIST = lazy_pattern(r"^ *[^\s#-][^\n]*: *\[", re.MULTILINE)


def setting_edits(service: Service, setting: str) -> tuple[Edit, ...] | None:
    """``read_only: true`` (a ``false`` replaced, else the key added), or
    ``no-new-privileges:true`` appended to ``security_opt`` (the key added after the
    service's last key, in the file's list style, when it has none)."""
    origin = service.origin
    if origin is None or origin.via or not isinstance(origin.node, MappingNode):
        return None
    node, source = origin.node, origin.source
    if not node.pairs and not node.flow:
        return None
    if setting == READ_ONLY:
        edit = _set_read_only(source, node)
        return None if edit is None else (edit,)
    if setting != NO_NEW_PRIVILEGES:
        return None
    key, value = _key_and_value(node, "security_opt")
    if key is not None:
        if not isinstance(value, SequenceNode) or not (value.items or value.flow):
            return None
        return (append_sequence_item(source, value, _list_item(value)),)
    if node.flow or _flow_lists(source.text):
        return (add_mapping_key(source, node, "security_opt", f'["{NO_NEW_PRIVILEGES_OPTION}"]'),)
    added = add_mapping_key(source, node, "security_opt", "\0")
    indent = " " * node.pairs[0][0].column
    dashes = indent + " " * _dash_offset(source.text)
    item = f":{source.newline}{dashes}- {NO_NEW_PRIVILEGES_OPTION}"
    return (Edit(added.path, added.start, added.end, added.new_text.replace(": \0", item)),)


def _list_item(sequence: SequenceNode) -> str:
    """The option as an item of ``sequence``, quoted as its first item is (always
    quoted in a flow list, where a plain ``:`` reads badly)."""
    first = sequence.items[0] if sequence.items else None
    quote = first.style if isinstance(first, ScalarNode) and first.style in ("'", '"') else ""
    if sequence.flow and not quote:
        quote = '"'
    return f"{quote}{NO_NEW_PRIVILEGES_OPTION}{quote}"


def _flow_lists(text: str) -> bool:
    """Whether the file writes its lists in flow style (``key: [a, b]``) and never as
    block lists."""
    return _BLOCK_LIST.search(text) is None and _FLOW_LIST.search(text) is not None


def _dash_offset(text: str) -> int:
    """How far the file indents a block list's dashes past its key (0 or 2 mostly)."""
    found = _BLOCK_LIST.search(text)
    if found is None:
        return 2
    return max(0, len(found.group(2)) - len(found.group(1)))
