"""What a reverse-proxy config tells about its upstreams: which hosts it forwards to.

The proxy scanners (:mod:`composelint.proxies`) fill these from nginx, Caddy,
HAProxy, traefik and envoy configs; CL101 reads them as evidence that one
container reaches another by name.
"""

from __future__ import annotations

from msgspec import Struct


class Upstream(Struct, frozen=True):
    """One address a proxy config forwards to.

    ``text[start:end]`` is the ``host`` or ``host:port`` text as written (the port
    is left out of the span when it is not a literal number).  ``group`` names the
    block the address belongs to: the nginx ``upstream`` block, the haproxy backend,
    the traefik service or the envoy cluster.
    """

    host: str
    port: int | None
    scheme: str | None
    directive: str
    start: int
    end: int
    line: int
    group: str | None = None


class VariableRef(Struct, frozen=True):
    """A variable standing where an upstream address would be (``$FLASK_SERVER_ADDR``,
    ``${BACKEND}``, Caddy ``{$UPSTREAM}``); ``text[start:end]`` is the reference."""

    name: str
    directive: str
    start: int
    end: int
    line: int


class ProxyConfig(Struct, frozen=True):
    kind: str
    upstreams: tuple[Upstream, ...] = ()
    variables: tuple[VariableRef, ...] = ()

    @property
    def hosts(self) -> frozenset[str]:
        return frozenset(u.host for u in self.upstreams)

    def servers_of(self, name: str) -> tuple[Upstream, ...]:
        """The addresses grouped under ``name``: the servers of nginx ``upstream name``,
        of haproxy ``backend name``, of a traefik service or an envoy cluster."""
        return tuple(u for u in self.upstreams if u.group == name)
