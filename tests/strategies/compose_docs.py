"""Whole compose files in varied styles, with the data compose reads from each.

``compose_files()`` draws a :class:`ComposeFile`: its text, its bytes (UTF-8,
UTF-8 with a BOM, now and then UTF-16), and the data it must load to.  Services
reach each other by name (evidence for CL101), publish on all interfaces (CL102),
mount config writable (CL301), run as root or privileged; x- templates are merged
with ``<<: *defaults`` and values are shared through anchors.
"""

from __future__ import annotations

import codecs
import dataclasses
from dataclasses import dataclass

from hypothesis import strategies as st

from tests.strategies import compose_values as values
from tests.strategies.styles import maybe_comment, merge_entry, styled
from tests.strategies.yaml_nodes import (
    Alias,
    Entry,
    Layout,
    Map,
    Scalar,
    comments_of,
    data_of,
    render,
)

SERVICE_NAMES = ("web", "app", "api", "db", "cache", "proxy", "worker")
ENCODINGS = ("utf-8",) * 6 + ("utf-8-sig", "utf-8-sig", "utf-16-le", "utf-16-be")
_BOMS = {"utf-8": b"", "utf-8-sig": codecs.BOM_UTF8}
_BOMS.update({"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE})


@dataclass(frozen=True, slots=True)
class ComposeFile:
    text: str
    encoding: str
    expected: object  # the data docker compose reads, variables unset
    comments: tuple[str, ...]  # every comment, in order

    @property
    def data(self) -> bytes:
        codec = "utf-8" if self.encoding == "utf-8-sig" else self.encoding
        return _BOMS[self.encoding] + self.text.encode(codec)

    def __repr__(self) -> str:  # what hypothesis prints for a failing example
        return f"ComposeFile(encoding={self.encoding!r}, text=\n{self.text})"


@st.composite
def service_data(draw: st.DrawFn, name: str, targets: dict[str, int], build: bool) -> dict:
    """One service as plain data; ``targets`` gives each service's container port."""
    service: dict[str, object] = {}
    if build:
        service["build"] = draw(st.sampled_from(["./app", {"context": "./app"}]))
    else:
        service["image"] = draw(st.sampled_from(values.IMAGES))
    target = targets[name]
    if draw(st.integers(0, 3)) > 0:
        service["ports"] = draw(values.port_lists(target))
    if draw(st.integers(0, 4)) == 4:
        service["expose"] = [draw(st.sampled_from([str(target), target, "9100"]))]
    if draw(st.booleans()):
        service["volumes"] = draw(values.volume_lists())
    others = [other for other in targets if other != name]
    if others and draw(st.booleans()):
        other = draw(st.sampled_from(others))
        pairs = draw(st.lists(values.address_values(other, targets[other]), max_size=2))
        pairs.append(("TZ", "UTC"))
        env = dict(pairs)
        as_list = draw(st.booleans())
        service["environment"] = [f"{k}={v}" for k, v in env.items()] if as_list else env
        if draw(st.booleans()):
            service["depends_on"] = [other]
    if draw(st.integers(0, 3)) == 3:
        service["user"] = draw(st.sampled_from(values.USERS))
    if draw(st.integers(0, 4)) == 4:
        service["privileged"] = draw(st.booleans())
    if draw(st.integers(0, 4)) == 4:
        capabilities = st.sampled_from(values.CAPABILITIES)
        service["cap_add"] = draw(st.lists(capabilities, min_size=1, max_size=3, unique=True))
    if draw(st.integers(0, 4)) == 4:
        command = draw(st.sampled_from(values.COMMANDS))
        service["command"] = command + "\n" if draw(st.booleans()) else command
    keys = draw(st.permutations(list(service)))
    return {key: service[key] for key in keys}


@st.composite
def layouts(draw: st.DrawFn) -> Layout:
    return Layout(
        step=draw(st.sampled_from([2, 1, 3, 4])),
        zero_indent=draw(st.booleans()),
        newline="\r\n" if draw(st.booleans()) else "\n",
        document_start=draw(st.integers(0, 4)) == 4,
        final_newline=draw(st.integers(0, 4)) != 4,
    )


@st.composite
def compose_files(draw: st.DrawFn, build: bool = False) -> ComposeFile:
    """A compose file; with ``build``, its first service builds ``./app``."""
    names = draw(st.lists(st.sampled_from(SERVICE_NAMES), min_size=1, max_size=4, unique=True))
    targets = {name: draw(st.sampled_from(values.CONTAINER_PORTS)) for name in names}
    services = {
        name: draw(service_data(name, targets, build and index == 0))
        for index, name in enumerate(names)
    }
    root = Map()
    if draw(st.integers(0, 3)) == 3:
        root.entries.append(Entry(Scalar("3.8", '"'), key=Scalar("version")))
    templated = _add_defaults(draw, root, services)
    body = styled(draw, services)
    assert isinstance(body, Map)
    for entry in body.entries:
        if entry.key is not None and entry.key.value in templated and not body.flow:
            assert isinstance(entry.node, Map)
            if not entry.node.flow:
                at = draw(st.integers(0, len(entry.node.entries)))
                entry.node.entries.insert(at, merge_entry("defaults"))
            else:
                entry.node.entries.append(merge_entry("defaults"))
    if not body.flow:
        _share_a_value(draw, body)
    root.entries.append(Entry(body, key=Scalar("services"), before=maybe_comment(draw)))
    used = values.named_volumes(
        [item for s in services.values() for item in s.get("volumes", [])]  # type: ignore[union-attr]
    )
    if used:
        declared = {name: draw(st.sampled_from([None, {}])) for name in sorted(used)}
        root.entries.append(Entry(styled(draw, declared), key=Scalar("volumes")))
    if root.entries and draw(st.booleans()):
        root.entries[0].before = maybe_comment(draw)
    layout = draw(layouts())
    if "|" in render(root, layout):
        # A literal block scalar keeps its last line break only when the file has one.
        layout = dataclasses.replace(layout, final_newline=True)
    text = render(root, layout)
    encoding = draw(st.sampled_from(ENCODINGS))
    return ComposeFile(text, encoding, data_of(root), tuple(comments_of(root)))


def _add_defaults(draw: st.DrawFn, root: Map, services: dict[str, dict]) -> set[str]:
    """Maybe an ``x-defaults: &defaults`` template; returns the services that merge it."""
    if draw(st.integers(0, 2)) != 2:
        return set()
    template: dict[str, object] = {"restart": "unless-stopped"}
    if draw(st.booleans()):
        template["user"] = draw(st.sampled_from(values.USERS))
    if draw(st.booleans()):
        template["privileged"] = True
    if draw(st.booleans()):
        template["ports"] = [draw(values.port_item(8000, 8080))]
    node = styled(draw, template)
    assert isinstance(node, Map)
    node.anchor = "defaults"
    root.entries.append(Entry(node, key=Scalar("x-defaults"), after=maybe_comment(draw)))
    return set(draw(st.lists(st.sampled_from(sorted(services)), min_size=1, unique=True)))


def _share_a_value(draw: st.DrawFn, services: Map) -> None:
    """Maybe anchor one service's value and use it by alias in a later service."""
    if len(services.entries) < 2 or draw(st.integers(0, 2)) != 2:
        return
    first, later = draw(st.permutations(services.entries))[:2]
    if services.entries.index(first) > services.entries.index(later):
        first, later = later, first
    source, user = first.node, later.node
    if not isinstance(source, Map) or not isinstance(user, Map):
        return
    shareable = [
        e
        for e in source.entries
        if e.key is not None and e.key.value in ("ports", "volumes", "user", "environment")
    ]
    if not shareable:
        return
    entry = draw(st.sampled_from(shareable))
    if isinstance(entry.node, Alias):
        return
    entry.node.anchor = f"shared_{entry.key.value}"  # type: ignore[union-attr]
    alias = Alias(entry.node.anchor)  # type: ignore[union-attr]
    mine = user.get(str(entry.key.value))  # type: ignore[union-attr]
    if mine is not None:
        mine.node = alias
    else:
        user.entries.append(Entry(alias, key=Scalar(entry.key.value)))  # type: ignore[union-attr]
