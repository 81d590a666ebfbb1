"""Ports a script's own host-side commands reach on loopback.

``psql -h localhost -p 5432``, ``redis-cli -p 6379``, ``curl localhost:8080``,
``curl http://127.0.0.1:8080/health``, ``nc -z localhost 5432``, or an ``echo`` that
tells a person to open ``http://localhost:3000``: the host uses the published port,
so it is not a port only other containers use (CL101 leaves it to CL102's loopback
fix, which keeps that use working).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from composelint.rules.host_commands import HostCommand
from composelint.source import Span, lazy_pattern

_LOOPBACK = r"(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])"
_LOOPBACK_HOST = lazy_pattern(rf"^{_LOOPBACK}$", re.I)
# localhost:8080, http://127.0.0.1:8080/health, postgres://u:p@localhost/db
_URL = lazy_pattern(
    rf"(?:\b(?P<scheme>[a-z][a-z0-9+.-]*)://(?:[^@/\s]*@)?)?(?<![\w.-]){_LOOPBACK}"
    r"(?::(?P<port>\d{1,5}))?(?![\w.:$-])",
    re.I,
)
_SCHEME_PORTS = {
    "http": 80,
    "https": 443,
    "ws": 80,
    "wss": 443,
    "postgres": 5432,
    "postgresql": 5432,
    "redis": 6379,
    "mysql": 3306,
    "mongodb": 27017,
    "amqp": 5672,
}
# Clients that connect to a default port; the first ones also to a default host.
_CLIENT_PORTS = {
    "psql": 5432,
    "pg_isready": 5432,
    "pg_dump": 5432,
    "pg_restore": 5432,
    "redis-cli": 6379,
    "valkey-cli": 6379,
    "mysql": 3306,
    "mysqladmin": 3306,
    "mariadb": 3306,
    "mongosh": 27017,
    "mongo": 27017,
}
_LOOPBACK_BY_DEFAULT = frozenset({"redis-cli", "valkey-cli"})
# mysql's -p is the password; its port is -P.
_PORT_FLAGS = {"mysql": ("-P",), "mysqladmin": ("-P",), "mariadb": ("-P",)}
_HOST_FLAGS = ("-h", "--host", "--hostname")


@dataclass(frozen=True, slots=True)
class HostReach:
    """The host reaches ``port`` on loopback: ``command`` written at ``span``."""

    port: int
    command: str
    span: Span


def host_reaches(commands: tuple[HostCommand, ...]) -> list[HostReach]:
    found: list[HostReach] = []
    for command in commands:
        program = (command.words[0] or "").rsplit("/", 1)[-1] if command.words else ""
        ports = _from_words(command.words) | _from_client(program, command.words)
        found.extend(HostReach(port, program or "a command", command.span) for port in ports)
    return found


def _from_words(words: tuple[str | None, ...]) -> set[int]:
    """Loopback addresses written in the words: URLs, ``host:port``, ``localhost 5432``."""
    ports: set[int] = set()
    # A word may hold several: "nc -z localhost 5432" given to sh -c, an echo's text.
    tokens = [token for word in words if word for token in word.split()]
    for index, word in enumerate(tokens):
        for match in _URL.finditer(word):
            port, scheme = match.group("port"), (match.group("scheme") or "").lower()
            if port:
                ports.add(int(port))
            elif scheme in _SCHEME_PORTS:
                ports.add(_SCHEME_PORTS[scheme])
        if _LOOPBACK_HOST.match(word) and index + 1 < len(tokens):
            after = tokens[index + 1]
            if after.isdigit() and len(after) <= 5:  # nc -z localhost 5432, telnet 127.0.0.1 6379
                ports.add(int(after))
    return ports


def _from_client(program: str, words: tuple[str | None, ...]) -> set[int]:
    """A database client's ``-h``/``--host`` and ``-p``/``--port``, with its defaults."""
    default = _CLIENT_PORTS.get(program)
    if default is None:
        return set()
    host = _flag(words, _HOST_FLAGS)
    if host is None and program not in _LOOPBACK_BY_DEFAULT:
        return set()  # psql without -h uses a Unix socket, not the published port
    if host is not None and not _LOOPBACK_HOST.match(host):
        return set()
    port = _flag(words, (*_PORT_FLAGS.get(program, ("-p",)), "--port"))
    if port is None:
        return {default}
    return {int(port)} if port.isdigit() and len(port) <= 5 else set()


def _flag(words: tuple[str | None, ...], names: tuple[str, ...]) -> str | None:
    """The value of the last of ``names`` in ``words`` (``-p 5432``, ``-p5432``,
    ``--port=5432``), "" when it is not static, None when it is not given."""
    found: str | None = None
    for index, word in enumerate(words):
        if word is None:
            continue
        for name in names:
            if word == name:
                following = words[index + 1] if index + 1 < len(words) else None
                found = following or ""
            elif name.startswith("--") and word.startswith(f"{name}="):
                found = word[len(name) + 1 :]
            elif not name.startswith("--") and word.startswith(name) and len(word) > len(name):
                found = word[len(name) :]
    return found
