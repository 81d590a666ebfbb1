"""Rules: the built-ins, and plugins from the entry-point group ``composelint.rules``.

A third-party package registers ``MYP001 = "mypkg.rules:RULE"`` (a ``Rule`` or a
list of them) under that group.  Codes must be 2-4 capital letters and 3 digits,
and a code registered twice is a startup error naming both sources.

composelint declares its own rules in the same group with one entry point,
:data:`BUILTIN` (the list of :mod:`composelint.rules.builtin`); it is loaded from here
so that a check does not import ``importlib.metadata`` unless another distribution
registers rules (see :mod:`composelint.rules.installed`).
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from composelint.rules.base import Rule
from composelint.source import lazy_pattern

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

GROUP = "composelint.rules"
_CODE = lazy_pattern(r"[A-Z]{2,4}[0-9]{3}")

BUILTIN = {"composelint": "composelint.rules.builtin:RULES"}  # as pyproject.toml declares


class RegistryError(Exception):
    """A plugin that cannot be loaded, or two rules with one code."""


class BuiltinEntry:
    """The built-in rules, shaped like the entry point that declares them."""

    __slots__ = ("name", "value")

    def __init__(self, name: str, value: str) -> None:
        self.name = name
        self.value = value

    def load(self) -> Any:
        from importlib import import_module

        module, _sep, attribute = self.value.partition(":")
        return getattr(import_module(module), attribute)


def _entry_points() -> list[BuiltinEntry | EntryPoint]:
    """The built-in rules and every other distribution's entry points of the group."""
    from composelint.rules.installed import OWN_NAME, normalized, other_distributions_register

    found: list[BuiltinEntry | EntryPoint] = [BuiltinEntry(n, v) for n, v in BUILTIN.items()]
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
