"""CL201 dockerfile-runs-as-root: the final stage has no non-root USER."""

from __future__ import annotations

from collections.abc import Iterator

from composelint.diagnostics import Diagnostic, make
from composelint.rules.base import Rule
from composelint.rules.context import DockerfileContext
from composelint.rules.privilege.root import final_stage_root


def check(ctx: DockerfileContext) -> Iterator[Diagnostic]:
    found = final_stage_root(ctx.dockerfile)
    if found is not None:
        yield make(
            "CL201",
            f"{found.reason}: a process that escapes the application owns the container; "
            "add 'USER <non-root user>' after the last FROM",
            found.span,
        )


RULE = Rule(
    "CL201",
    "dockerfile-runs-as-root",
    "Dockerfile final stage runs as root",
    check_dockerfile=check,
    docs="CL201.md",
)
