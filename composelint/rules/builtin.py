"""The built-in rules, found by their file names: ``<unit>/clNNN_<name>.py`` with a ``RULE``.

This list is composelint's one entry point of the group ``composelint.rules``
(``pyproject.toml``); adding a rule is adding its module (and its spec and tests).
"""

from __future__ import annotations

import os
from importlib import import_module

from composelint.rules.base import Rule
from composelint.source import lazy_pattern

_MODULE = lazy_pattern(r"cl[0-9]{3}_[a-z0-9_]+\.py")
_HERE = os.path.dirname(os.path.abspath(__file__))


def _rule_modules() -> list[str]:
    """``composelint.rules.<unit>.<module>`` of every rule module, in file-name order."""
    found: list[tuple[str, str]] = []
    with os.scandir(_HERE) as units:
        for unit in units:
            if not unit.is_dir() or unit.name.startswith(("_", ".")):
                continue
            for name in os.listdir(unit.path):
                if _MODULE.fullmatch(name):
                    found.append((name, f"{__package__}.{unit.name}.{name[:-3]}"))
    return [module for _name, module in sorted(found)]


RULES: list[Rule] = [import_module(module).RULE for module in _rule_modules()]
