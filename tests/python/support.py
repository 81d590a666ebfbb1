"""Helpers for the Python reader's tests."""

from __future__ import annotations

from composelint.model.container import Service
from composelint.python import PythonFile, read_python
from composelint.source import Source


def read(text: str, path: str = "conftest.py") -> PythonFile:
    return read_python(Source.from_text(path, text))


def containers(text: str) -> list[Service]:
    return list(read(text).containers)


def only(text: str) -> Service:
    found = containers(text)
    assert len(found) == 1, [s.name for s in found]
    return found[0]


def ports(text: str) -> list[tuple[str | None, str | None, str | None, str | None, str]]:
    """(host_ip, published, target, protocol, text pointed at) of each publish."""
    return [
        (p.host_ip, p.published, p.target, p.protocol, p.origin.raw if p.origin else "")
        for p in only(text).ports
    ]


def mounts(text: str) -> list[tuple[str, str | None, str | None, bool, str]]:
    """(type, source, target, read_only, text pointed at) of each mount."""
    return [
        (m.type, m.source, m.target, m.read_only, m.origin.raw if m.origin else "")
        for m in only(text).volumes
    ]
