"""CL210 sudo-in-dockerfile: a Dockerfile runs ``sudo`` (in ``RUN``, ``CMD`` or
``ENTRYPOINT``), or its image grants passwordless sudo (``NOPASSWD`` written into
``/etc/sudoers``).  Installing the sudo package alone grants nothing and is not
reported."""

from __future__ import annotations

from collections.abc import Iterator

from composelint.diagnostics import Diagnostic, make
from composelint.rules.base import Rule
from composelint.rules.context import DockerfileContext
from composelint.rules.dockerfile_text import RunCommand, image_stages, run_commands
from composelint.rules.shell_words import ShellCommand

_RUN_WHY = (
    "a build step runs as root until a USER line, so sudo is not needed before it, and "
    "after one it works only if the image lets its user become root at will; put the "
    "step before USER (or between USER root and USER <user>) instead"
)
_START_WHY = (
    "the container starts as a user that becomes root whenever it likes, so USER protects "
    "nothing; start as root and drop privileges (gosu, su-exec, setpriv), or do the root "
    "part in the image build"
)
_GRANT_WHY = (
    "any process running as that user, an attacker's included, becomes root with sudo, "
    "which undoes USER; give the image's user only the files it needs instead"
)
_WRITERS = frozenset({"echo", "printf", "tee", "sed", "cat"})


def _sudo(run: RunCommand) -> ShellCommand | None:
    """The ``sudo`` that runs this command (or the command itself when it is sudo)."""
    for wrapper in run.wrappers:
        if wrapper.name == "sudo":
            return wrapper
    return run.command if run.command.name == "sudo" else None


def _grant(runs: list[RunCommand]) -> RunCommand | None:
    """The command writing a ``NOPASSWD`` rule when the same ``RUN`` writes it into
    ``/etc/sudoers`` (``echo '... NOPASSWD: ALL' >> /etc/sudoers``, ``| tee
    /etc/sudoers.d/app``)."""
    writers = [r for r in runs if r.command.name in _WRITERS]
    rule = next((r for r in writers if any("NOPASSWD" in w.text for w in r.command.args)), None)
    if rule is None:
        return None
    for run in writers:
        targets = run.command.redirects + run.command.args
        if any(t.text.startswith("/etc/sudoers") for t in targets):
            return rule
    return None


def check(ctx: DockerfileContext) -> Iterator[Diagnostic]:
    dockerfile = ctx.dockerfile
    escape = dockerfile.escape
    shipped = {id(s) for s in image_stages(dockerfile)}
    for stage in dockerfile.stages:
        for instruction in stage.instructions:
            keyword = instruction.keyword
            if keyword not in ("RUN", "CMD", "ENTRYPOINT", "ONBUILD"):
                continue
            shown = "ONBUILD RUN" if keyword == "ONBUILD" else keyword
            keyword = "RUN" if keyword == "ONBUILD" else keyword
            seen: set[int] = set()
            runs = run_commands(instruction, escape)
            for run in runs:
                sudo = _sudo(run)
                if sudo is None:
                    continue
                span = run.span(sudo.words[0])
                if span.start.offset not in seen:
                    seen.add(span.start.offset)
                    why = _RUN_WHY if keyword == "RUN" else _START_WHY
                    yield make("CL210", f"{shown} runs sudo: {why}", span)
            grant = _grant(runs) if keyword == "RUN" and id(stage) in shipped else None
            if grant is not None:
                yield make(
                    "CL210",
                    f"the image grants passwordless sudo (NOPASSWD): {_GRANT_WHY}",
                    grant.span(grant.command.words[0]),
                )


RULE = Rule(
    "CL210",
    "sudo-in-dockerfile",
    "Dockerfile runs sudo",
    check_dockerfile=check,
    docs="CL210.md",
)
