"""CL505 daemon-no-new-privileges-off: ``"no-new-privileges"`` not true (opt-in)."""

from __future__ import annotations

from collections.abc import Iterator

from composelint.diagnostics import Diagnostic
from composelint.rules.base import HARDENING, Rule
from composelint.rules.context import DaemonContext
from composelint.rules.daemon.options import on_option


def check(ctx: DaemonContext) -> Iterator[Diagnostic]:
    option = ctx.daemon.get("no-new-privileges")
    if option is not None and option.value is True:
        return
    what = '"no-new-privileges" is not set' if option is None else '"no-new-privileges" is not true'
    yield on_option(
        "CL505",
        f"{what}: a process in a container can gain privileges through setuid and setgid "
        'programs; set "no-new-privileges": true to make it the default of every container',
        ctx.daemon,
        option,
    )


RULE = Rule(
    "CL505",
    "daemon-no-new-privileges-off",
    '"no-new-privileges" not true in daemon.json',
    check_daemon=check,
    group=HARDENING,
    docs="CL505.md",
)
