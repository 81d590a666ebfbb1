"""CL005: values the schema lets through but docker compose rejects.

The schema types ports, durations and byte sizes as plain strings, and its
boolean fields as "boolean or string"; compose parses them later in Go and
refuses the file.  Checked after interpolation, at the value as written; a value
that depends on an unset variable is skipped.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from composelint.compose.tree import Path, Tree
from composelint.compose.values import PortError, parse_byte_size, parse_duration, parse_port
from composelint.diagnostics import Diagnostic, make
from composelint.source import lazy_pattern

_DURATIONS = (
    ("healthcheck", "interval"),
    ("healthcheck", "timeout"),
    ("healthcheck", "start_period"),
    ("healthcheck", "start_interval"),
    ("stop_grace_period",),
)
_SIZES = (
    ("mem_limit",),
    ("memswap_limit",),
    ("mem_reservation",),
    ("shm_size",),
    ("deploy", "resources", "limits", "memory"),
    ("deploy", "resources", "reservations", "memory"),
    ("build", "shm_size"),
)


# Fields compose converts to a boolean (compose-go's interpolation casts): the
# schema lets any string through, compose takes only these spellings, in any case.
BOOLEAN_WORDS = frozenset({"true", "false", "yes", "no", "on", "off", "y", "n"})
# "*" is any key of a mapping, "[]" any item of a list.
_BOOLEANS: tuple[tuple[str, ...], ...] = (
    *(
        ("services", "*", *keys)
        for keys in (
            ("privileged",),
            ("read_only",),
            ("stdin_open",),
            ("tty",),
            ("init",),
            ("oom_kill_disable",),
            ("attach",),
            ("healthcheck", "disable"),
            ("build", "no_cache"),
            ("build", "pull"),
            ("build", "privileged"),
            ("depends_on", "*", "restart"),
            ("env_file", "[]", "required"),
            ("volumes", "[]", "read_only"),
            ("volumes", "[]", "bind", "create_host_path"),
            ("volumes", "[]", "volume", "nocopy"),
            ("pre_start", "[]", "privileged"),
            ("post_start", "[]", "privileged"),
            ("pre_stop", "[]", "privileged"),
            ("develop", "watch", "[]", "exec", "privileged"),
        )
    ),
    ("networks", "*", "internal"),
    ("networks", "*", "attachable"),
    ("networks", "*", "enable_ipv4"),
    ("networks", "*", "enable_ipv6"),
    ("networks", "*", "external"),
    ("volumes", "*", "external"),
    ("secrets", "*", "external"),
    ("configs", "*", "external"),
)


def check_values(tree: Tree) -> list[Diagnostic]:
    data = tree.data
    out: list[Diagnostic] = []
    if isinstance(data, dict):
        for path, value in _booleans(data):
            origin = tree.origin(path)
            if origin is not None and not origin.depends_on_env:
                message = (
                    f"{_where(path)}: {value!r} is not a boolean; compose takes true/false, "
                    "yes/no, on/off or y/n"
                )
                out.append(make("CL005", message, origin.span))
    services = data.get("services") if isinstance(data, dict) else None
    if not isinstance(services, dict):
        return out
    for name, body in services.items():
        if not isinstance(body, dict):
            continue
        base: Path = ("services", name)
        for path, message in _problems(body, base):
            origin = tree.origin(path)
            if origin is not None and not origin.depends_on_env:
                out.append(make("CL005", message, origin.span))
    out.extend(_container_names(tree, services))
    return out


# Docker's rule for container names (the schema's pattern is not anchored, so it lets
# "my app" through; the daemon refuses it).
_CONTAINER_NAME = lazy_pattern(r"/?[a-zA-Z0-9][a-zA-Z0-9_.-]+")


# Profile names that mark a template never meant to start (``extends:`` bases): a
# profile two services share only through such a name does not start them together.
_NEVER_PROFILES = frozenset(
    {"none", "never", "disabled", "donotstart", "do-not-start", "abstract", "template", "base"}
)


def _container_names(tree: Tree, services: dict[str, Any]) -> Iterator[Diagnostic]:
    """Two services given one ``container_name``: compose refuses the project (compose-go's
    container name unicity check), unless their profiles never start them together."""
    seen: dict[str, tuple[str, frozenset[str]]] = {}
    for name, body in services.items():
        given = body.get("container_name") if isinstance(body, dict) else None
        if not isinstance(given, str) or not given:
            continue
        origin = tree.origin(("services", name, "container_name"))
        if origin is None or origin.depends_on_env:
            continue
        if not _CONTAINER_NAME.fullmatch(given) and _CONTAINER_NAME.search(given):
            yield make(
                "CL005",
                f"services.{name}.container_name: {given!r} is not a name Docker takes: it "
                "must start with a letter or digit and hold only letters, digits, '_', '.' "
                "and '-'",
                origin.span,
            )
            continue
        profiles = body.get("profiles")
        mine = (
            frozenset(p for p in profiles if isinstance(p, str))
            if isinstance(profiles, list)
            else frozenset()
        )
        first = seen.get(given)
        if first is None:
            seen[given] = (name, mine)
            continue
        other, theirs = first
        if mine and theirs and not (mine & theirs) - _NEVER_PROFILES:
            continue  # profiles that are never enabled together
        message = (
            f"services.{name}.container_name: {given!r} is already the container name of "
            f"service {other!r}; compose refuses two containers with one name"
        )
        yield make("CL005", message, origin.span)


def _problems(body: dict[str, Any], base: Path) -> Iterator[tuple[Path, str]]:
    ports = body.get("ports")
    if isinstance(ports, list):
        for index, item in enumerate(ports):
            path = (*base, "ports", index)
            if isinstance(item, (str, int)) and not isinstance(item, bool):
                parsed = parse_port(str(item))
                if isinstance(parsed, PortError):
                    yield path, f"{_where(path)}: {parsed.message}"
            elif isinstance(item, dict):
                yield from _long_port(item, path)
    for fields, parse in ((_DURATIONS, parse_duration), (_SIZES, parse_byte_size)):
        for keys in fields:
            value = _dig(body, keys)
            if isinstance(value, str):
                result = parse(value)
                if isinstance(result, str):  # the parsers return a message for bad input
                    yield (*base, *keys), f"{_where((*base, *keys))}: {result}"


def _booleans(data: dict[str, Any]) -> Iterator[tuple[Path, str]]:
    """(path, value) of each string in a boolean field that compose does not take."""
    for pattern in _BOOLEANS:
        for path, value in _matching(data, pattern, ()):
            if isinstance(value, str) and value.lower() not in BOOLEAN_WORDS:
                yield path, value


def _matching(value: Any, pattern: tuple[str, ...], path: Path) -> Iterator[tuple[Path, Any]]:
    if not pattern:
        yield path, value
        return
    head, rest = pattern[0], pattern[1:]
    if head == "[]":
        if isinstance(value, list):
            for index, item in enumerate(value):
                yield from _matching(item, rest, (*path, index))
    elif isinstance(value, dict):
        keys = list(value) if head == "*" else [head] if head in value else []
        for key in keys:
            yield from _matching(value[key], rest, (*path, key))


def _long_port(item: dict[str, Any], path: Path) -> Iterator[tuple[Path, str]]:
    for key in ("target", "published"):
        value = item.get(key)
        if value is None or isinstance(value, bool):
            continue
        text = str(value)
        if key == "target" and not text.isdigit():
            yield (*path, key), f"{_where((*path, key))}: port {text!r} is not a number"
            continue
        low, _sep, high = text.partition("-")
        for part in (low, high) if high else (low,):
            if not part.isdigit() or int(part) > 65535:
                yield (*path, key), f"{_where((*path, key))}: port {text!r} is not in 0-65535"
                break


def _dig(body: dict[str, Any], keys: tuple[str, ...]) -> Any:
    value: Any = body
    for key in keys:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def _where(path: Path) -> str:
    from composelint.compose.schema import format_path

    return format_path(path)
