"""Ports that serve other machines on purpose: the curated table ``data/public_services.toml``.

A VPN endpoint, a DNS or DHCP server, a STUN/TURN relay, a mail server, a game server, a
media server's LAN discovery, a BitTorrent peer port: binding such a publish to loopback
breaks what the service is for.  A row names images and the container ports they serve,
or a port and protocol that is unambiguous alone (53/udp, 51820/udp, ...).
"""

from __future__ import annotations

import functools
from typing import Any

from msgspec import Struct

from composelint.model.container import PortMapping
from composelint.rules.images import image_name


class PortRange(Struct, frozen=True):
    low: int
    high: int
    protocol: str  # "tcp" | "udp"

    def __str__(self) -> str:
        ports = str(self.low) if self.low == self.high else f"{self.low}-{self.high}"
        return f"{ports}/{self.protocol}"


class ImageRow(Struct, frozen=True):
    images: tuple[str, ...]
    ports: tuple[PortRange, ...]
    why: str


class PortRow(Struct, frozen=True):
    port: PortRange
    why: str


class Table(Struct, frozen=True):
    images: tuple[ImageRow, ...]
    ports: tuple[PortRow, ...]


def parse_port(text: str) -> PortRange:
    """``"53/udp"`` or ``"32412-32414/udp"``."""
    ports, _slash, protocol = text.partition("/")
    low, _dash, high = ports.partition("-")
    if protocol not in ("tcp", "udp"):
        raise ValueError(f"{text!r}: the protocol must be tcp or udp")
    return PortRange(int(low), int(high or low), protocol)


@functools.cache
def table() -> Table:
    import tomllib
    from importlib.resources import files

    text = files("composelint.rules").joinpath("data/public_services.toml").read_text("utf-8")
    data: dict[str, Any] = tomllib.loads(text)
    return Table(
        tuple(
            ImageRow(
                tuple(name.lower() for name in row["images"]),
                tuple(parse_port(p) for p in row["ports"]),
                row["why"],
            )
            for row in data.get("image", ())
        ),
        tuple(PortRow(parse_port(row["port"]), row["why"]) for row in data.get("port", ())),
    )


def _range(text: str | None, protocol: str) -> PortRange | None:
    if not text:
        return None
    low, _dash, high = text.strip().partition("-")
    if not low.isdigit() or (high and not high.isdigit()):
        return None
    return PortRange(int(low), int(high or low), protocol)


def _overlaps(a: PortRange, b: PortRange) -> bool:
    return a.protocol == b.protocol and a.low <= b.high and b.low <= a.high


def public_service(image: str | None, mapping: PortMapping) -> tuple[PortRange, str] | None:
    """The served port and why other machines connect to it, when ``mapping`` publishes
    a port that the image (or the port and protocol alone) serves to other machines."""
    protocol = (mapping.protocol or "tcp").strip().lower()
    target = _range(mapping.target, protocol)
    published = _range(mapping.published, protocol)
    name = image_name(image)
    rows = table()
    if name and target is not None:
        for row in rows.images:
            if name in row.images:
                for port in row.ports:
                    if _overlaps(port, target):
                        return port, row.why
    for port_row in rows.ports:
        for side in (published, target):
            if side is not None and _overlaps(port_row.port, side):
                return port_row.port, port_row.why
    return None
