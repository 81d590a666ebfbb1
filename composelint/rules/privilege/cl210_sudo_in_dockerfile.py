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


def _grants(command: ShellCommand) -> bool:
    """``echo 'app ALL=(ALL) NOPASSWD: ALL' >> /etc/sudoers``, ``tee /etc/sudoers.d/app``."""
    if command.name not in _WRITERS:
        return False
    texts = [w.text for w in command.args]
    targets = [w.text for w in command.redirects] + texts
    return any("NOPASSWD" in t for t in texts) and any(
        t.startswith("/etc/sudoers") for t in targets
    )


def check(ctx: DockerfileContext) -> Iterator[Diagnostic]:
    dockerfile = ctx.dockerfile
    escape = dockerfile.escape
    shipped = {id(s) for s in image_stages(dockerfile)}
    for stage in dockerfile.stages:
        for instruction in stage.instructions:
            keyword = instruction.keyword
            if keyword not in ("RUN", "CMD", "ENTRYPOINT"):
                continue
            seen: set[int] = set()
            for run in run_commands(instruction, escape):
                sudo = _sudo(run)
                if sudo is not None:
                    span = run.span(sudo.words[0])
                    if span.start.offset in seen:
                        continue
                    seen.add(span.start.offset)
                    why = _RUN_WHY if keyword == "RUN" else _START_WHY
                    yield make("CL210", f"{keyword} runs sudo: {why}", span)
                elif keyword == "RUN" and id(stage) in shipped and _grants(run.command):
                    span = run.span(run.command.words[0])
                    yield make(
                        "CL210",
                        f"the image grants passwordless sudo (NOPASSWD): {_GRANT_WHY}",
                        span,
                    )


RULE = Rule(
    "CL210",
    "sudo-in-dockerfile",
    "Dockerfile runs sudo",
    check_dockerfile=check,
    docs="CL210.md",
)
