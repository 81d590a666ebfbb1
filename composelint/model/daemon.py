"""The Docker daemon's configuration (``daemon.json``) as the rules read it.

Each option keeps its origin: the value's text and the key in front of it.  A finding
about an option that is not set sits on the object's opening brace (:attr:`brace`).
"""

from __future__ import annotations

from typing import Any

from msgspec import Struct, field

from composelint.model.origin import Origin
from composelint.source import Span


class DaemonOption(Struct, frozen=True):
    """One top-level option as dockerd reads it (the last one written, for a repeated key)."""

    name: str
    value: Any  # as JSON gives it: str, int, float, bool, None, list or dict
    origin: Origin  # node: the value; key: the key in front of it


class DaemonConfig(Struct, frozen=True):
    """A ``daemon.json`` whose keys are dockerd's."""

    path: str
    origin: Origin  # node: the top-level object
    options: dict[str, DaemonOption] = field(default_factory=dict)

    @property
    def brace(self) -> Span:
        """The object's opening brace: where a finding about a missing option sits."""
        start = self.origin.node.start
        return self.origin.source.span(start, start + 1)

    def get(self, name: str) -> DaemonOption | None:
        return self.options.get(name)

    @property
    def data(self) -> dict[str, Any]:
        """Every option's value, as ``json.loads`` gives the file."""
        return {name: option.value for name, option in self.options.items()}


class LoopbackDefault(Struct, frozen=True):
    """A dockerd ``daemon.json`` whose ``"ip"`` binds every publish without an address
    to loopback on the hosts that get it."""

    path: str
    address: str  # as written: "127.0.0.1", "::1"
