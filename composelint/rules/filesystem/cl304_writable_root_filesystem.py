"""CL304 writable-root-filesystem: a container whose root filesystem is writable (opt-in)."""

from __future__ import annotations

from collections.abc import Iterator

from composelint.diagnostics import Applicability, Diagnostic, Fix, FixLevel
from composelint.model.intents import READ_ONLY, AddSetting
from composelint.rules.base import HARDENING, NOT_IN_PLACE, Rule, container, truthy
from composelint.rules.context import ProjectContext
from composelint.rules.missing import judged, on_container


def check(ctx: ProjectContext) -> Iterator[Diagnostic]:
    for service in ctx.services.values():
        if not judged(service):
            continue
        flag = service.read_only
        if flag is not None and (truthy(flag.value) or flag.depends_on_env):
            continue
        intent = AddSetting(service, READ_ONLY)
        fix = Fix("Add read_only: true", Applicability.UNSAFE, intent=intent)
        found = on_container(
            "CL304",
            f"{container(service)} has a writable root filesystem: an attacker in it can "
            "replace its programs and leave tools behind; set read_only: true and give "
            "the paths it writes a volume or a tmpfs",
            service,
            "read_only: true",
            fix=fix,
        )
        if found:
            yield found


RULE = Rule(
    "CL304",
    "writable-root-filesystem",
    "root filesystem writable",
    check_project=check,
    fixes=(
        FixLevel(
            Applicability.UNSAFE,
            "always: the image may write outside its volumes (a cache, a pid file, /tmp)",
        ),
        NOT_IN_PLACE,
    ),
    group=HARDENING,
    docs="CL304.md",
)
