"""``--statistics``: how many findings of each code, as ruff counts them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from composelint.diagnostics.report import Tally
from composelint.diagnostics.rule_info import RuleInfo


def rows(tally: Tally, rules: Mapping[str, RuleInfo] | None) -> list[dict[str, Any]]:
    """One row per code found, most findings first (then by code)."""
    ordered = sorted(tally.by_code.items(), key=lambda item: (-item[1][0], item[0]))
    out = []
    for code, (count, fixable, unsafe) in ordered:
        info = (rules or {}).get(code)
        out.append(
            {
                "code": code,
                "name": info.name if info is not None else code.lower(),
                "count": count,
                "fixable": fixable,
                "unsafe_fixable": unsafe,
            }
        )
    return out


def text_lines(tally: Tally, rules: Mapping[str, RuleInfo] | None) -> list[str]:
    """``  12  CL102  [*] port-published-on-all-interfaces``: the count, the code, and a fix
    marker as ruff shows one: ``[*]`` when ``--fix`` fixes some of them, ``[~]`` when only
    ``--unsafe-fixes`` does."""
    found = rows(tally, rules)
    width = max((len(str(row["count"])) for row in found), default=1)
    lines = []
    for row in found:
        mark = "[*]" if row["fixable"] else "[~]" if row["unsafe_fixable"] else "   "
        lines.append(f"{row['count']:>{width}}  {row['code']:<7} {mark} {row['name']}")
    return lines
