"""CL206 security-profile-disabled: seccomp/apparmor unconfined, no-new-privileges off."""

from __future__ import annotations

from collections.abc import Iterator

from composelint.diagnostics import Diagnostic
from composelint.rules.base import Rule, at_value, container
from composelint.rules.context import ProjectContext


def _disables(option: str) -> str | None:
    text = option.replace(" ", "").lower()
    name, sep, value = text.replace(":", "=", 1).partition("=")
    if not sep:
        return None
    if name in ("seccomp", "apparmor", "systempaths") and value == "unconfined":
        return f"turns off the {name} profile that limits what the container can do"
    if name == "label" and value == "disable":
        return "turns off SELinux labelling"
    if name == "no-new-privileges" and value == "false":
        return "lets processes gain privileges through setuid binaries"
    return None


def check(ctx: ProjectContext) -> Iterator[Diagnostic]:
    for service in ctx.services.values():
        for option in service.security_opt:
            if not isinstance(option.value, str):
                continue
            why = _disables(option.value)
            if why:
                found = at_value(
                    "CL206",
                    f"{container(service)} sets security_opt '{option.value}': it {why}",
                    option.origin,
                )
                if found:
                    yield found


RULE = Rule(
    "CL206",
    "security-profile-disabled",
    "security_opt disabling a profile",
    check_project=check,
    docs="CL206.md",
)
