"""What the daemon rules share: a finding on an option's value, or on the brace when unset."""

from __future__ import annotations

from composelint.diagnostics import Diagnostic, Fix, make
from composelint.model.daemon import DaemonConfig, DaemonOption


def on_option(
    code: str,
    message: str,
    daemon: DaemonConfig,
    option: DaemonOption | None,
    fix: Fix | None = None,
) -> Diagnostic:
    """A finding on ``option``'s value, or on the object's opening brace when it is unset."""
    span = option.origin.span if option is not None else daemon.brace
    return make(code, message, span, fix=fix)
