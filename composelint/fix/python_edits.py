"""The Python editor: fix intents as text edits on the literals that wrote the values.

The reader's spans are exact, so a fix replaces or inserts text at them and nothing
else of the file moves: comments, blank lines and quoting stay.  A host port gains
its address (``8080`` -> ``("127.0.0.1", 8080)``; ``("0.0.0.0", 8080)`` gets the
address replaced), a mode becomes ``"ro"``, a volume string gains ``:ro`` and a
``Mount(...)`` ``read_only=True``.  The file with the edits applied must compile,
else there is no fix.  Each function returns None when no literal can carry the
intent (a computed value, a string with escapes, testcontainers' ``with_bind_ports``,
which takes no address).
"""

from __future__ import annotations

import re
import warnings

from composelint.diagnostics import Edit
from composelint.fix.carry import Resolved, carry
from composelint.model.container import WILDCARDS, Mount, PortMapping, Service
from composelint.model.intents import BindLoopback, Intent, MakeReadOnly, RemovePorts
from composelint.model.origin import Origin
from composelint.python.literals import BOOL, DICT, INT, NONE, STR, TUPLE, Lit
from composelint.python.nodes import (
    MOUNT_CALL,
    SDK_PORT,
    VOLUME_DICT,
    VOLUME_MAPPING,
    VOLUME_STRING,
    VOLUME_TUPLE,
    CallNode,
    MountNode,
    PortNode,
)
from composelint.source import Source

_INDENT = re.compile(r"[ \t]*")


def python_edits(intent: Intent) -> Resolved | None:
    """The edits carrying ``intent`` and the data paths they may change; None when the
    values are not a Python file's or no literal can carry it.  (``MoveToExpose`` has
    no Python form: a port is not published by leaving it out.)"""
    resolved = carry(
        intent, loopback=loopback_edits, read_only=read_only_edits, remove_ports=remove_ports
    )
    if resolved is None:
        return None
    edits = resolved[0]
    if isinstance(intent, BindLoopback):
        origin = intent.port.origin
    elif isinstance(intent, RemovePorts):
        origin = intent.container.ports[0].origin
    else:
        assert isinstance(intent, MakeReadOnly)  # the only other intent carried here
        origin = intent.mount.origin
    if origin is None or not compiles(origin.source, edits):
        return None
    return resolved


# -- bind a publish to loopback ------------------------------------------------------


def loopback_edits(mapping: PortMapping, v4: str, v6: str) -> tuple[Edit, ...] | None:
    origin = mapping.origin
    node = origin.node if origin is not None else None
    if origin is None or not isinstance(node, PortNode) or node.form != SDK_PORT:
        return None
    path, text = origin.path, origin.source.text
    address, value = node.address, node.value
    if address is not None:
        written = address.value.strip()
        if written not in WILDCARDS:
            return None  # already bound to an address
        new = v6.strip("[]") if written in ("::", "[::]") else v4
        if address.content is None:
            return (Edit(path, address.start, address.end, _quoted(new, origin)),)
        return (Edit(path, address.content[0], address.content[1], new),)
    if value is None:
        return None
    if value.kind == TUPLE and len(value.items) == 1 and value.items[0].kind == INT:
        port = value.items[0]
        raw = text[port.start : port.end]
    elif value.kind in (INT, STR, NONE):
        raw = text[value.start : value.end]
    else:
        return None
    return (Edit(path, value.start, value.end, f"({_quoted(v4, origin)}, {raw})"),)


def _quoted(text: str, origin: Origin) -> str:
    """``text`` as a string literal in the quotes of the key beside it."""
    key = origin.key
    raw = origin.source.text[key.start : key.end] if isinstance(key, Lit) else ""
    quote = "'" if raw.startswith("'") else '"'
    return f"{quote}{text}{quote}"


# -- stop publishing ----------------------------------------------------------------


def remove_ports(service: Service) -> tuple[Edit, ...] | None:
    """The call's ``ports=`` keyword argument taken out with one comma and the blanks
    beside it.  An argument on a line of its own leaves the line empty: lines are never
    removed, since a container further down is named by its line."""
    arguments: set[tuple[int, int]] = set()
    origin = None
    for mapping in service.ports:
        origin = mapping.origin
        node = origin.node if origin is not None else None
        if not isinstance(node, PortNode) or node.form != SDK_PORT or node.argument is None:
            return None
        arguments.add(node.argument)
    if origin is None or len(arguments) != 1:
        return None
    (start, end), text, path = arguments.pop(), origin.source.text, origin.path
    if "\n" in text[start:end]:
        return None  # lines are never removed: a container further down keeps its name
    comma = re.compile(r"[ \t]*,[ \t]*").match(text, end)
    if comma is None:  # the last argument: the comma before it goes
        before = text[:start].rstrip(" \t")
        if not before.endswith(","):
            return None
        return (Edit(path, len(before) - 1, end, ""),)
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", comma.end())
    line_end = len(text) if line_end < 0 else line_end
    if text[line_end - 1 : line_end] == "\r":
        line_end -= 1
    if not text[line_start:start].strip() and not text[comma.end() : line_end].strip():
        return (Edit(path, line_start, line_end, ""),)  # the line stays, empty
    return (Edit(path, start, comma.end(), ""),)


# -- mount read-only -----------------------------------------------------------------


def read_only_edits(mount: Mount) -> tuple[Edit, ...] | None:
    origin = mount.origin
    node = origin.node if origin is not None else None
    if origin is None or not isinstance(node, MountNode):
        return None
    source = origin.source
    if node.form == VOLUME_STRING:
        return _volume_string(source, node.string, mount)
    if node.form in (VOLUME_DICT, VOLUME_MAPPING, VOLUME_TUPLE):
        if node.mode is not None:
            return _mode(source, node.mode, mount)
        if node.form == VOLUME_DICT and isinstance(node.holder, Lit) and node.holder.kind == DICT:
            return _append(source, node.holder, '"mode": "ro"')
        return None
    if node.form == MOUNT_CALL:
        if node.mode is not None:
            if node.mode.kind != BOOL:
                return None
            return (Edit(source.path, node.mode.start, node.mode.end, "True"),)
        if isinstance(node.holder, CallNode):
            return _append(source, node.holder, "read_only=True")
    return None


def _ro(options: tuple[str, ...]) -> str:
    return ",".join(["ro", *(o for o in options if o not in ("ro", "rw"))])


def _volume_string(source: Source, string: Lit | None, mount: Mount) -> tuple[Edit, ...] | None:
    if string is None or string.content is None:
        return None
    start, end = string.content
    if mount.options:  # replace the options field: ":rw" -> ":ro", ":z" -> ":ro,z"
        colon = source.text.rfind(":", start, end)
        return (Edit(source.path, colon + 1, end, _ro(mount.options)),)
    return (Edit(source.path, end, end, ":ro"),)


def _mode(source: Source, mode: Lit, mount: Mount) -> tuple[Edit, ...] | None:
    if mode.kind != STR or mode.content is None:
        return None
    return (Edit(source.path, mode.content[0], mode.content[1], _ro(mount.options)),)


def _append(source: Source, holder: Lit | CallNode, item: str) -> tuple[Edit, ...] | None:
    """``item`` after the last entry of a dict or call, in its style: on a line of its
    own when the closing bracket is on one, else after ``, ``."""
    text = source.text
    if isinstance(holder, CallNode):
        last, close = holder.last_arg_end, holder.close
    else:
        ends = [v.end for _k, v in holder.pairs]
        last, close = (max(ends) if ends else None), holder.end - 1
    if last is None:
        return (Edit(source.path, close, close, item),)
    line_start = text.rfind("\n", 0, close) + 1
    if text[line_start:close].strip():  # the bracket closes on a line with content
        return (Edit(source.path, last, last, f", {item}"),)
    # One entry a line: the new one on a line after the last, in the last one's indent.
    last_line = text.rfind("\n", 0, last) + 1
    indent = _INDENT.match(text, last_line).group()  # type: ignore[union-attr]
    line_end = text.find("\n", last)
    if line_end > 0 and text[line_end - 1] == "\r":
        line_end -= 1
    rest = text[last:line_end]
    comma = "" if rest.lstrip().startswith(",") else ","
    return (Edit(source.path, last, line_end, f"{comma}{rest}{source.newline}{indent}{item},"),)


# -- verification --------------------------------------------------------------------


def compiles(source: Source, edits: tuple[Edit, ...]) -> bool:
    """Whether ``source`` with ``edits`` applied is still Python that compiles."""
    text = source.text
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        text = text[: edit.start] + edit.new_text + text[edit.end :]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(text, source.path, "exec", dont_inherit=True)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True
