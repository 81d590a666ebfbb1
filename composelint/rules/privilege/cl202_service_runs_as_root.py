"""CL202 service-runs-as-root: ``user: root`` or a built image whose Dockerfile runs as root."""

from __future__ import annotations

from collections.abc import Iterator

from composelint.diagnostics import Diagnostic, Related
from composelint.rules.base import Rule, at_key, at_value, container
from composelint.rules.context import ProjectContext
from composelint.rules.privilege.root import final_stage_root, user_is_root


def check(ctx: ProjectContext) -> Iterator[Diagnostic]:
    for service in ctx.services.values():
        user = service.user
        if user is not None:
            if user.value is not None and user_is_root(str(user.value)):
                found = at_value(
                    "CL202",
                    f"{container(service)} runs as root (user: {user.value}): a process "
                    "that escapes the application owns the container",
                    user.origin,
                )
                if found:
                    yield found
            continue
        built = ctx.dockerfiles.get(service.name)
        if built is None:
            continue
        root = final_stage_root(built.dockerfile)
        if root is None:
            continue
        found = at_key(
            "CL202",
            f"{container(service)} runs as root: it builds {built.path}, where {root.reason}, "
            "and sets no 'user:'",
            service.origin,
            related=(Related(root.span, "the image's user is decided here"),),
        )
        if found:
            yield found


RULE = Rule(
    "CL202",
    "service-runs-as-root",
    "compose service runs as root",
    check_project=check,
    docs="CL202.md",
)
