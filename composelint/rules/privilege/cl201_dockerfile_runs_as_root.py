"""CL201 dockerfile-runs-as-root: the final stage has no non-root USER."""

from __future__ import annotations

from collections.abc import Iterator

from msgspec.structs import replace

from composelint.diagnostics import Diagnostic, Severity, make
from composelint.rules.base import Rule
from composelint.rules.context import DockerfileContext
from composelint.rules.privilege.root import RootStage, final_stage_root

ESCAPE = "a process that escapes the application owns the container"


def check(ctx: DockerfileContext) -> Iterator[Diagnostic]:
    found = final_stage_root(ctx.dockerfile)
    if found is not None:
        diagnostic = make("CL201", message(found), found.span)
        if found.drops:
            diagnostic = replace(diagnostic, severity=Severity.INFORMATION)
        yield diagnostic


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


RULE = Rule(
    "CL201",
    "dockerfile-runs-as-root",
    "Dockerfile final stage runs as root",
    check_dockerfile=check,
    docs="CL201.md",
)
