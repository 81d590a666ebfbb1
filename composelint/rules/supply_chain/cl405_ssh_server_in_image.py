"""CL405 ssh-server-in-image: the image exposes port 22, installs an SSH server
(openssh-server, dropbear) or starts one.  Only the stages that end up in the image
count: a build stage that the final one merely copies from ships nothing."""

from __future__ import annotations

import re
from collections.abc import Iterator

from msgspec.structs import replace

from composelint.diagnostics import Diagnostic, Severity, make
from composelint.model.dockerfile import Dockerfile, Instruction
from composelint.rules.base import Rule
from composelint.rules.context import DockerfileContext
from composelint.rules.dockerfile_text import (
    RunCommand,
    arguments,
    dockerfile_words,
    image_stages,
    run_commands,
)
from composelint.rules.shell_words import ShellCommand, ShellWord
from composelint.source import Span, lazy_pattern

_WHY = (
    "an SSH server in a container is a second way in, with its own keys and passwords "
    "to leak, and it is not how containers are reached; use docker exec (or kubectl "
    "exec) to get a shell, and drop the server"
)
# Packages that are an SSH server, and the package managers that name them so.
_SERVERS = frozenset({"openssh-server", "openssh-server-pam", "dropbear", "dropbear-run"})
_SERVERS_BY_TOOL = {"apk": frozenset({"openssh"}), "pacman": frozenset({"openssh"})}
_INSTALL = {
    "apt-get": ("install",),
    "apt": ("install",),
    "aptitude": ("install",),
    "apk": ("add",),
    "yum": ("install",),
    "dnf": ("install",),
    "microdnf": ("install",),
    "tdnf": ("install",),
    "zypper": ("install", "in"),
}
_VERSION = lazy_pattern(r"[=<>~].*$")
_RPM_VERSION = lazy_pattern(r"-[0-9][^/]*$")
_SSH_SERVICES = frozenset({"ssh", "sshd", "dropbear", "ssh.service", "sshd.service"})


def _package(word: str, tool: str) -> str:
    name = _VERSION.sub("", word)
    if tool in ("yum", "dnf", "microdnf", "tdnf", "zypper"):
        name = _RPM_VERSION.sub("", name)
    return name.lower()


def _installed(command: ShellCommand) -> ShellWord | None:
    tool = command.name
    texts = [w.text for w in command.args]
    if tool == "pacman":
        if not any(re.fullmatch(r"-S[a-zA-Z]*", t) for t in texts):
            return None
    else:
        verbs = _INSTALL.get(tool)
        if verbs is None or not any(t in verbs for t in texts):
            return None
    servers = _SERVERS | _SERVERS_BY_TOOL.get(tool, frozenset())
    for word in command.args:
        if not word.text.startswith("-") and _package(word.text, tool) in servers:
            return word
    return None


def _starts_server(command: ShellCommand) -> ShellWord | None:
    """``sshd -D``, ``service ssh start``, ``systemctl enable ssh``, ``rc-update add sshd``."""
    name = command.name
    texts = [w.text for w in command.args]
    if name in ("sshd", "dropbear"):
        return command.words[0]
    if name == "service" and texts[:1] and texts[0] in _SSH_SERVICES:
        return command.words[0]
    if command.words and re.fullmatch(r"/etc/init\.d/(?:ssh|sshd|dropbear)", command.words[0].text):
        return command.words[0]
    if name == "systemctl" and "enable" in texts:
        return next((w for w in command.args if w.text in _SSH_SERVICES), None)
    if name == "rc-update" and "add" in texts:
        return next((w for w in command.args if w.text in _SSH_SERVICES), None)
    return None


def _exposed(instruction: Instruction, escape: str) -> Iterator[Span]:
    placed = arguments(instruction, escape)
    for word in dockerfile_words(placed.text, escape):
        port, _sep, protocol = word.text.partition("/")
        if port == "22" and protocol.lower() in ("", "tcp"):
            yield placed.span(word.start, word.end)


def _in_run(run: RunCommand, keyword: str) -> Iterator[Diagnostic]:
    command = run.command
    word = _installed(command) if keyword == "RUN" else None
    if word is not None:
        yield make(
            "CL405",
            f"the image installs the SSH server {_package(word.text, command.name)}: {_WHY}",
            run.span(word),
        )
        return
    word = _starts_server(command)
    if word is None:
        return
    if keyword == "RUN" and command.name not in ("systemctl", "rc-update"):
        return  # a server started while building is gone when the step ends
    what = "enables" if keyword == "RUN" else "starts"
    yield make("CL405", f"the image {what} an SSH server ({command.name}): {_WHY}", run.span(word))


# A git server's image: its SSH server is git's transport (``git push`` over SSH), what
# the image is for, not a shell way in.
_GIT_SERVER = lazy_pattern(r"\b(gitlab|gitea|gogs|forgejo|git-shell|soft-serve)\b", re.IGNORECASE)
_GIT_SSH = (
    "here it is the git server's transport (git over SSH), which is what the image is for: "
    "keep it key-only (no passwords, no root login) and publish port 22 only where clients "
    "push"
)


def check(ctx: DockerfileContext) -> Iterator[Diagnostic]:
    git_server = _git_server(ctx.dockerfile)
    for found in _check(ctx):
        if git_server is not None:
            message = found.message.split(": ", 1)[0] + f" ({git_server}): {_GIT_SSH}"
            found = replace(found, message=message, severity=Severity.INFORMATION)
        yield found


def _git_server(dockerfile: Dockerfile) -> str | None:
    """The git server the image runs, when its instructions name one."""
    for stage in image_stages(dockerfile):
        for instruction in stage.instructions:
            named = _GIT_SERVER.search(instruction.args_text)
            if named:
                return named.group(1).lower()
    return None


def _check(ctx: DockerfileContext) -> Iterator[Diagnostic]:
    escape = ctx.dockerfile.escape
    for stage in image_stages(ctx.dockerfile):
        for instruction in stage.instructions:
            keyword = instruction.keyword
            if keyword == "EXPOSE":
                for span in _exposed(instruction, escape):
                    yield make("CL405", f"the image exposes port 22, the SSH port: {_WHY}", span)
            elif keyword in ("RUN", "CMD", "ENTRYPOINT", "ONBUILD"):
                keyword = "RUN" if keyword == "ONBUILD" else keyword
                seen: set[int] = set()
                for run in run_commands(instruction, escape):
                    for found in _in_run(run, keyword):
                        if found.span.start.offset not in seen:
                            seen.add(found.span.start.offset)
                            yield found


RULE = Rule(
    "CL405",
    "ssh-server-in-image",
    "Dockerfile exposes or installs an SSH server",
    check_dockerfile=check,
    docs="CL405.md",
)
