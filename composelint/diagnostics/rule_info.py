"""What the formatters may say about a rule, as plain data.

Formatters import only the core, never :mod:`composelint.rules`: the caller builds
these records from the registry and the specs (``composelint.rules.catalog``) and
hands them over.
"""

from __future__ import annotations

from msgspec import Struct

from composelint.diagnostics import FixLevel, Severity


class RuleInfo(Struct, frozen=True):
    code: str
    name: str
    severity: Severity  # the default one
    summary: str  # one sentence
    description: str = ""  # the spec's "What it does", Markdown
    help_markdown: str = ""  # the whole spec, Markdown
    help_uri: str | None = None  # where its documentation is
    fixes: tuple[FixLevel, ...] = ()  # the levels its fixes can have, with their conditions
    group: str | None = None  # "hardening" for an opt-in rule
    precision: str = "high"  # SARIF's: very-high, high, medium or low
    security: bool = True  # False for the meta codes (syntax, schema, references)
