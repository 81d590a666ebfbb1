"""Which codes a run reports: ``--select``/``--ignore`` by code, prefix, group or ALL."""

from __future__ import annotations

from typing import TYPE_CHECKING

from msgspec import Struct

from composelint.diagnostics import CODES, did_you_mean
from composelint.diagnostics import HARDENING as _RESERVED_HARDENING

if TYPE_CHECKING:
    from composelint.rules.base import Rule

# Meta codes that are always available (syntax, schema, internal errors).
META = frozenset({"CL000", "CL001", "CL002", "CL003", "CL004", "CL005", "CL006"})


class SelectionError(ValueError):
    pass


def is_opt_in(code: str) -> bool:
    """Whether ``code`` is in the opt-in "hardening" group (design §3), on only when
    selected: a rule says so (``group="hardening"``); the group's codes that no rule
    implements yet are reserved in ``diagnostics.HARDENING``."""
    if code in _RESERVED_HARDENING:
        return True
    from composelint.rules.base import HARDENING
    from composelint.rules.registry import all_rules

    rule = all_rules().get(code)
    return rule is not None and rule.group == HARDENING


def matches(code: str, selector: str) -> bool:
    """Whether ``selector`` (a code, a prefix, ``hardening`` or ``ALL``) takes ``code``."""
    if selector == "ALL":
        return True
    if selector.lower() == "hardening":
        return is_opt_in(code)
    return code.startswith(selector)


def validate_selectors(selectors: tuple[str, ...], known: set[str]) -> None:
    for selector in selectors:
        if selector == "ALL" or selector.lower() == "hardening":
            continue
        if not any(code.startswith(selector) for code in known):
            raise SelectionError(
                f"unknown rule code or prefix '{selector}'{did_you_mean(selector, known)} "
                "(see 'composelint rules')"
            )


class Selection(Struct, frozen=True):
    select: tuple[str, ...] = ()  # empty: the default set
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    always: tuple[str, ...] = ()  # codes kept whatever the user selected (the fix loop's)

    def wants(self, code: str) -> bool:
        if code == "CL000" or code in self.always:
            return True  # an internal error is never hidden
        if any(matches(code, s) for s in self.ignore):
            return False
        if self.select:
            return any(matches(code, s) for s in self.select)
        if any(matches(code, s) for s in self.extend_select):
            return True
        return not is_opt_in(code)

    def rules(self) -> list[Rule]:
        from composelint.rules.registry import all_rules

        return [rule for code, rule in all_rules().items() if self.wants(code)]


def known_codes() -> set[str]:
    from composelint.rules.registry import all_rules

    return set(CODES) | set(all_rules())
