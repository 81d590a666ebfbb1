"""CL207 no-new-privileges-not-set: a container whose processes may gain privileges
through setuid programs (opt-in)."""

from __future__ import annotations

from collections.abc import Iterator

from composelint.diagnostics import Applicability, Diagnostic, Fix, FixLevel
from composelint.model.container import Service
from composelint.model.intents import NO_NEW_PRIVILEGES, AddSetting
from composelint.rules.base import HARDENING, NOT_IN_PLACE, Rule, container
from composelint.rules.context import ProjectContext
from composelint.rules.missing import judged, on_container


def no_new_privileges(service: Service) -> bool | None:
    """True when ``security_opt`` turns no-new-privileges on, False when it turns it off
    (CL206's finding), None when it does not say."""
    for option in service.security_opt:
        if not isinstance(option.value, str):
            continue
        text = option.value.replace(" ", "").lower()
        name, _sep, value = text.replace(":", "=", 1).partition("=")
        if name == "no-new-privileges":
            return value in ("", "true", "1")
    return None


def check(ctx: ProjectContext) -> Iterator[Diagnostic]:
    for service in ctx.services.values():
        if not judged(service) or no_new_privileges(service) is not None:
            continue
        fix = Fix(
            "Add no-new-privileges:true to security_opt",
            Applicability.UNSAFE,
            intent=AddSetting(service, NO_NEW_PRIVILEGES),
        )
        found = on_container(
            "CL207",
            f"{container(service)} does not set no-new-privileges: a process in it can gain "
            "privileges through a setuid program (sudo, su, a setuid binary left in the "
            "image); add no-new-privileges:true to security_opt",
            service,
            "security_opt: [no-new-privileges:true]",
            fix=fix,
        )
        if found:
            yield found


RULE = Rule(
    "CL207",
    "no-new-privileges-not-set",
    "no-new-privileges not set",
    check_project=check,
    fixes=(
        FixLevel(
            Applicability.UNSAFE,
            "always: setuid programs in the image, such as ping or sudo, stop gaining privileges",
        ),
        NOT_IN_PLACE,
    ),
    group=HARDENING,
    docs="CL207.md",
)
