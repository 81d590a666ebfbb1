"""ACME001 restart-always: ACME's on-call policy forbids ``restart: always``.

A plugin rule is a ``Rule`` with its own code prefix (2-4 capital letters), its
name, default severity and docs link, and a pure check over the model: here every
compose service.  See docs/plugins.md in the composelint repository.
"""

from __future__ import annotations

from collections.abc import Iterator

from composelint.diagnostics import Diagnostic, Severity
from composelint.rules.base import Rule, at_value
from composelint.rules.context import ProjectContext


def check(ctx: ProjectContext) -> Iterator[Diagnostic]:
    for service in ctx.services.values():
        restart = service.fields.get("restart")
        if restart is not None and restart.value == "always":
            found = at_value(
                "ACME001",
                f"service '{service.name}' restarts forever: use 'unless-stopped' so an "
                "operator can stop it",
                restart.origin,
            )
            if found:
                yield found


RULE = Rule(
    "ACME001",
    "restart-always",
    "restart: always",
    check_project=check,
    severity=Severity.ERROR,  # the policy is not negotiable
    docs="https://example.org/acme/composelint/ACME001",
)
