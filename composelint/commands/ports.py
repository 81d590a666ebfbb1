"""``-p`` / ``--publish`` values as the model's ``PortMapping``.

``[ip:][host:]container[/proto]`` with ranges and ``[v6]`` addresses; a part that is
a variable stays as written (``$PORT``), so ``-p $PORT:8080`` still publishes on
every interface.  An address that is a variable takes its default when it has one
(as compose does with an unset variable), else it depends on the environment.
``docker service create --publish published=8080,target=80`` has no address at all.
"""

from __future__ import annotations

import re

from composelint.commands.argv import Option
from composelint.commands.located import ValueNode, expansions, value_node
from composelint.commands.words import VARIABLE, var_use
from composelint.model.container import PortMapping
from composelint.model.origin import Origin, Path
from composelint.source import Source, lazy_pattern

_PORT = lazy_pattern(r"^(\d+(-\d+)?|\$\w+|\$\{[^}]*\})$")
_ONE_VARIABLE = lazy_pattern(r"^\$(\w+|\{[^}]*\})$")


def split_fields(text: str) -> list[str]:
    """``text`` split at colons outside ``${...}``, ``$(...)`` and ``[...]``."""
    parts: list[str] = []
    depth = 0
    current: list[str] = []
    for char in text:
        if char in "{([":
            depth += 1
        elif char in "})]" and depth:
            depth -= 1
        if char == ":" and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def publish(source: Source, option: Option, path: Path, form: str = "container") -> PortMapping:
    """The mapping of one ``-p`` value (short syntax)."""
    node = value_node(option, form)
    text = node.text if node is not None else ""
    ip_text, published, target = _fields(text)
    protocol = None
    if target is not None and "/" in target:
        target, _slash, protocol = target.partition("/")
    host_ip = _address(ip_text)
    error = None
    if target is None or not _PORT.match(target) or (published and not _PORT.match(published)):
        error = f"'{text}' is not a port mapping"
    interpolated = None
    if node is not None and ip_text:
        variables = tuple(
            var_use(p)
            for p in node.word.pieces_in(node.offset, node.offset + len(ip_text))
            if p.kind == VARIABLE
        )
        interpolated = expansions(variables)
    origin = Origin(source, node or option.flag, option.flag, (), interpolated)
    return PortMapping(path, origin, False, host_ip, published or None, target, protocol, error)


def _fields(text: str) -> tuple[str, str | None, str | None]:
    """(address as written, host port, container port[/proto])."""
    if text.startswith("["):
        close = text.find("]")
        if close != -1 and text[close + 1 : close + 2] == ":":
            rest = split_fields(text[close + 2 :])
            if len(rest) == 2:
                return text[: close + 1], rest[0], rest[1]
            return text[: close + 1], None, rest[-1]
    parts = split_fields(text)
    if len(parts) == 1:
        return "", None, parts[0]
    if len(parts) == 2:
        return "", parts[0], parts[1]
    return ":".join(parts[:-2]), parts[-2], parts[-1]


def _address(written: str) -> str | None:
    """The host address: as written, a variable's default, or None for a variable
    without one (then it depends on the environment)."""
    if not written:
        return None
    if _ONE_VARIABLE.match(written):
        if written.startswith("${"):
            inner = written[2:-1]
            for op in (":-", "-", ":=", "="):
                name, found, default = inner.partition(op)
                if found and re.fullmatch(r"\w+", name):
                    return default
        return None
    return written


# -- docker service create --publish ---------------------------------------------------


def service_publish(
    source: Source, option: Option, path: Path, form: str = "service"
) -> PortMapping:
    """A swarm service's publish: ``published=8080,target=80`` or ``8080:80``; the
    routing mesh listens on every node's interfaces and there is no address to set."""
    found = value_node(option, "service")
    text = found.text if found is not None else ""
    node: ValueNode | None = found
    long_syntax = "=" in text
    if long_syntax:
        fields = dict(item.partition("=")[::2] for item in text.split(",") if item)
        published = fields.get("published") or fields.get("src") or None
        target = fields.get("target") or fields.get("dst") or None
        protocol = fields.get("protocol") or None
    else:
        _ip, published, target = _fields(text)
        protocol = None
        if target is not None and "/" in target:
            target, _slash, protocol = target.partition("/")
    error = None if target and _PORT.match(target) else f"'{text}' is not a port mapping"
    origin = Origin(source, node or option.flag, option.flag)
    return PortMapping(path, origin, long_syntax, None, published, target, protocol, error)
