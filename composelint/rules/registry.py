"""Rules: the built-ins, and plugins from the entry-point group ``composelint.rules``.

A third-party package registers ``MYP001 = "mypkg.rules:RULE"`` (a ``Rule`` or a
list of them) under that group.  Codes must be 2-4 capital letters and 3 digits,
and a code registered twice is a startup error naming both sources.

composelint declares its own rules in the same group (``pyproject.toml``); they are
loaded from :data:`BUILTIN`, the same table (a test keeps the two equal), so that a
check does not import ``importlib.metadata`` unless another distribution registers
rules (see :mod:`composelint.rules.installed`).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from composelint.rules.base import Rule

GROUP = "composelint.rules"
_CODE = re.compile(r"[A-Z]{2,4}[0-9]{3}")

BUILTIN = {
    "CL101": "composelint.rules.exposure.cl101_port_used_only_between_containers:RULE",
    "CL102": "composelint.rules.exposure.cl102_port_published_on_all_interfaces:RULE",
    "CL103": "composelint.rules.exposure.cl103_host_network_mode:RULE",
    "CL201": "composelint.rules.privilege.cl201_dockerfile_runs_as_root:RULE",
    "CL202": "composelint.rules.privilege.cl202_service_runs_as_root:RULE",
    "CL203": "composelint.rules.privilege.cl203_privileged_container:RULE",
    "CL204": "composelint.rules.privilege.cl204_dangerous_capability:RULE",
    "CL205": "composelint.rules.privilege.cl205_host_namespace:RULE",
    "CL206": "composelint.rules.privilege.cl206_security_profile_disabled:RULE",
    "CL301": "composelint.rules.filesystem.cl301_writable_config_mount:RULE",
    "CL302": "composelint.rules.filesystem.cl302_docker_socket_mounted:RULE",
    "CL303": "composelint.rules.filesystem.cl303_sensitive_host_path:RULE",
}


class RegistryError(Exception):
    """A plugin that cannot be loaded, or two rules with one code."""


class BuiltinEntry:
    """A built-in rule, shaped like the entry point that declares it."""

    __slots__ = ("name", "value")

    def __init__(self, name: str, value: str) -> None:
        self.name = name
        self.value = value

    def load(self) -> Any:
        from importlib import import_module

        module, _sep, attribute = self.value.partition(":")
        return getattr(import_module(module), attribute)


def _entry_points() -> list:
    """The built-in rules and every other distribution's entry points of the group."""
    from composelint.rules.installed import OWN_NAME, normalized, other_distributions_register

    found: list = [BuiltinEntry(code, value) for code, value in BUILTIN.items()]
    if other_distributions_register(GROUP):
        from importlib.metadata import entry_points

        for entry in entry_points(group=GROUP):
            dist = getattr(entry, "dist", None)
            if dist is None or normalized(dist.name) != OWN_NAME:
                found.append(entry)
    return found


@cache
def all_rules() -> dict[str, Rule]:
    rules: dict[str, Rule] = {}
    origins: dict[str, str] = {}
    for entry in sorted(_entry_points(), key=lambda e: e.name):
        try:
            loaded = entry.load()
        except Exception as exc:  # a broken plugin must say which one
            raise RegistryError(f"rule plugin {entry.value!r} failed to load: {exc}") from exc
        for rule in loaded if isinstance(loaded, (list, tuple)) else [loaded]:
            if not isinstance(rule, Rule):
                raise RegistryError(f"entry point {entry.value!r} is not a composelint Rule")
            if not _CODE.fullmatch(rule.code):
                raise RegistryError(
                    f"rule code {rule.code!r} from {entry.value!r} is not 2-4 capital letters "
                    "and 3 digits"
                )
            if rule.code in rules:
                raise RegistryError(
                    f"rule code {rule.code} is registered twice: by {origins[rule.code]!r} "
                    f"and by {entry.value!r}"
                )
            rules[rule.code] = rule
            origins[rule.code] = entry.value
    return dict(sorted(rules.items()))
