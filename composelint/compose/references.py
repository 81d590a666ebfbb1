"""CL006 for what a service uses and the project never defines.

``docker compose up`` refuses a service on a network, or using a named volume, a
secret or a config, that no top-level section defines, and a ``depends_on``,
``links`` or ``network_mode: service:…`` naming a service the project does not
have.  Checked on the project's merged document (overrides, ``include`` and
``extends`` applied), so a definition from any of those counts.  The implicit
``default`` network needs no definition; external definitions are definitions.
A name that depends on an unset variable is skipped.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from msgspec import Struct

from composelint.compose.items import parse_mount_item
from composelint.compose.tree import Path, Tree
from composelint.diagnostics import Diagnostic, make


class Undefined(Struct, frozen=True):
    """A name a service uses that the project never defines, and its CL006 finding."""

    section: str  # "networks", "volumes", "secrets", "configs" or "services"
    name: str
    diagnostic: Diagnostic


def check_references(tree: Tree) -> list[Undefined]:
    data = tree.data
    if not isinstance(data, dict) or not isinstance(data.get("services"), dict):
        return []
    defined = {
        section: set(value) if isinstance(value, dict) else set()
        for section in ("networks", "volumes", "secrets", "configs")
        for value in (data.get(section),)
    }
    defined["networks"].add("default")
    defined["services"] = set(data["services"])
    out: list[Undefined] = []
    for name, body in data["services"].items():
        if not isinstance(body, dict):
            continue
        extends = body.get("extends")
        if isinstance(extends, dict) and extends.get("file"):
            continue  # what it uses may be defined in the file it extends
        base: Path = ("services", name)
        for section, ref, path, at_key in _uses(body, base, tree):
            if ref in defined[section]:
                continue
            origin = tree.origin(path)
            if origin is None or origin.depends_on_env:
                continue
            kind = section.removesuffix("s")
            message = (
                f"service '{name}' uses the {kind} '{ref}', which the project never defines "
                f"(no entry under the top-level '{section}:'): docker compose refuses it"
                if section != "services"
                else f"service '{name}' names the service '{ref}', which the project does "
                "not define: docker compose refuses it"
            )
            found = make("CL006", message, origin.key_span if at_key else origin.span)
            out.append(Undefined(section, ref, found))
    return out


def _uses(body: dict[str, Any], base: Path, tree: Tree) -> Iterator[tuple[str, str, Path, bool]]:
    """(section, name, where it is written, whether at a mapping key) of each use."""
    yield from _names(body.get("networks"), "networks", (*base, "networks"))
    yield from _names(body.get("secrets"), "secrets", (*base, "secrets"))
    yield from _names(body.get("configs"), "configs", (*base, "configs"))
    depends = body.get("depends_on")
    if isinstance(depends, dict):
        for key, value in depends.items():
            optional = isinstance(value, dict) and value.get("required") is False
            if isinstance(key, str) and not optional:
                yield "services", key, (*base, "depends_on", key), True
    else:
        yield from _names(depends, "services", (*base, "depends_on"))
    links = body.get("links")
    if isinstance(links, list):
        for index, item in enumerate(links):
            if isinstance(item, str) and item:
                yield "services", item.split(":", 1)[0], (*base, "links", index), False
    mode = body.get("network_mode")
    if isinstance(mode, str) and mode.startswith("service:"):
        yield "services", mode.removeprefix("service:"), (*base, "network_mode"), False
    volumes = body.get("volumes")
    if isinstance(volumes, list):
        for index, item in enumerate(volumes):
            path = (*base, "volumes", index)
            mount = parse_mount_item(item, path, tree.origin(path))
            if mount is None or mount.type != "volume" or not mount.source:
                continue
            if isinstance(item, dict):
                yield "volumes", mount.source, (*path, "source"), False
            else:
                yield "volumes", mount.source, path, False


def _names(value: Any, section: str, path: Path) -> Iterator[tuple[str, str, Path, bool]]:
    """Names in the list form (``[a, b]``, or ``- source: a`` items) or as mapping keys."""
    if isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, str) and item:
                yield section, item, (*path, index), False
            elif isinstance(item, dict) and isinstance(item.get("source"), str):
                yield section, item["source"], (*path, index, "source"), False
    elif isinstance(value, dict):
        for key in value:
            if isinstance(key, str):
                yield section, key, (*path, key), True
