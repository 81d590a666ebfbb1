"""CL201 dockerfile-runs-as-root: the final stage has no non-root USER."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator

from msgspec.structs import replace

from composelint.diagnostics import Diagnostic, Severity, make
from composelint.rules.base import Rule, container
from composelint.rules.context import BuildingService, DockerfileContext
from composelint.rules.privilege.root import RootStage, final_stage_root, root_capabilities

ESCAPE = "a process that escapes the application owns the container"


def check(ctx: DockerfileContext) -> Iterator[Diagnostic]:
    found = final_stage_root(ctx.dockerfile)
    if found is not None and "$" in found.base and ctx.built_by:
        # FROM ${BASE_IMAGE}: the services that build it say which image that is
        decided = {_with_args(ctx, b) for b in ctx.built_by}
        if len(decided) == 1:
            found = decided.pop()
    if found is not None:
        diagnostic = make("CL201", message(found), found.span)
        if found.drops:
            diagnostic = replace(diagnostic, severity=Severity.INFORMATION)
        else:
            needs = _needs_root_for_capabilities(found, ctx.built_by, ctx.path)
            if needs is not None:
                diagnostic = replace(diagnostic, message=needs, severity=Severity.INFORMATION)
        yield diagnostic


def _with_args(ctx: DockerfileContext, building: BuildingService) -> RootStage | None:
    build = building.service.build
    return final_stage_root(ctx.dockerfile, build.args if build is not None else ())


def _needs_root_for_capabilities(
    found: RootStage, built_by: tuple[BuildingService, ...], path: str
) -> str | None:
    """The message for a root image that every service building it (without a ``user:``
    of its own) gives capabilities beyond Docker's defaults: those work only for root,
    so root is what the service needs.  None when a service runs it without them."""
    users = [b for b in built_by if b.service.user is None]
    if not users:
        return None
    given: list[tuple[BuildingService, list[str]]] = []
    for building in users:
        added = root_capabilities(building.service)
        if not added:
            return None
        given.append((building, added))
    who = ", ".join(
        f"{container(b.service)} ({_relative(b.compose_path, path)}) is given {', '.join(added)}"
        for b, added in given
    )
    return (
        f"{found.reason}: {who}, capabilities that only root can use (a non-root process "
        "gets none from cap_add), so running as root is what the service needs; the "
        "risk of the capabilities is reported on cap_add (CL204)"
    )


def message(found: RootStage) -> str:
    """What CL201 says of a final stage that runs as root, and what to do."""
    row = found.image
    if found.dropper is not None:
        return (
            f"{found.reason.removesuffix(', so it runs as root')}: the container starts as "
            f"root, and the image drops privileges itself ({found.dropper}); make sure every "
            "long-running process it starts runs as a non-root user"
        )
    if found.drops and row is not None:
        text = (
            f"{found.reason.removesuffix(', so it runs as root')}: the container starts as "
            f"root, and the entrypoint of {found.base} switches to {row.drops_to} before it "
            "runs the application"
        )
        if row.non_root:
            text += f"; to start it non-root: {row.non_root}"
        return text
    if found.explicit:
        text = (
            f"{found.reason}: {ESCAPE}; replace it with a non-root USER (or add one after "
            "it, once the steps that need root are done)"
        )
        if row is not None and row.root:
            text += f" ({row.root}" + (f"; {row.non_root})" if row.non_root else ")")
        return text
    advice = "add 'USER <non-root user>' after the last FROM"
    if row is not None and row.root:
        return f"{found.reason}: {ESCAPE} ({row.root}); {row.non_root or advice}"
    return f"{found.reason}: {ESCAPE}; {advice}"


def _relative(compose_path: str, dockerfile_path: str) -> str:
    """The compose file as seen from the Dockerfile's directory."""
    directory = posixpath.dirname(dockerfile_path)
    if posixpath.isabs(compose_path) == posixpath.isabs(dockerfile_path):
        return posixpath.relpath(compose_path, directory or ".")
    return compose_path


RULE = Rule(
    "CL201",
    "dockerfile-runs-as-root",
    "Dockerfile final stage runs as root",
    check_dockerfile=check,
    docs="CL201.md",
)
