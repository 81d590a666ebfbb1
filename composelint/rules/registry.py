"""Rules come from the entry-point group ``composelint.rules``; built-ins too.

A third-party package registers ``MYP001 = "mypkg.rules:RULE"`` (a ``Rule`` or a
list of them) under that group.  Codes must be 2-4 capital letters and 3 digits,
and a code registered twice is a startup error naming both sources.
"""

from __future__ import annotations

import re
from functools import cache

from composelint.rules.base import Rule

GROUP = "composelint.rules"
_CODE = re.compile(r"[A-Z]{2,4}[0-9]{3}")


class RegistryError(Exception):
    """A plugin that cannot be loaded, or two rules with one code."""


def _entry_points() -> list:
    from importlib.metadata import entry_points

    return list(entry_points(group=GROUP))


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
