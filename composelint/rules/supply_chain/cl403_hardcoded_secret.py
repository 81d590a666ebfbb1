"""CL403 hardcoded-secret: a credential written as a literal where a container gets it.

Sources: a compose service's ``environment`` (mapping and list), ``docker run -e``
and ``--env``, the Docker SDK's ``environment=``, a Dockerfile's ``ARG`` and ``ENV``.
The message never contains the value: it is masked.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import NamedTuple

from composelint.diagnostics import Diagnostic, make
from composelint.model.container import Located, Service
from composelint.rules.base import Rule, at_value, container
from composelint.rules.context import DockerfileContext, ProjectContext
from composelint.rules.dockerfile_text import settings
from composelint.rules.supply_chain.secrets import (
    connection_password,
    credential_value,
    described,
    mask,
    names_credential,
)
from composelint.source import lazy_pattern

# ${NAME:-default} / ${NAME-default} with a written default and nothing around it.
_DEFAULT = lazy_pattern(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(:?-)([^${}]*)\}")
_VARIABLE = lazy_pattern(r"\$[{A-Za-z_(]")


class Written:
    """A value as its file writes it: the literal, or a variable's written default."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.literal: str | None = None  # the credential candidate
        self.default_of: str | None = None  # the variable whose default it is
        bare = text.strip()
        if len(bare) > 1 and bare[0] == bare[-1] and bare[0] in "'\"":
            bare = bare[1:-1]  # a Dockerfile's quotes
        match = _DEFAULT.fullmatch(bare)
        if match is not None:
            if match.group(3):
                self.literal, self.default_of = match.group(3), match.group(1)
        elif not _VARIABLE.search(text.replace("$$", "")):
            self.literal = text.replace("$$", "$")  # compose's escaped dollar


def _as_written(item: Located[str | None]) -> str | None:
    """The value's text before compose interpolated it (``${DB_PASSWORD}``)."""
    if item.value is None:
        return None
    origin = item.origin
    interpolated = origin.interpolated if origin is not None else None
    raw = getattr(interpolated, "raw", None)
    if isinstance(raw, str):  # compose: the scalar as written
        return raw.partition("=")[2] if item.path and isinstance(item.path[-1], int) else raw
    return str(item.value)


class Voice(NamedTuple):
    """How a message speaks of one source: who sets the value, who can read it, and
    what to do instead."""

    who: str  # "service 'db'", "ENV"
    literal: str  # "has {name} written in the file"
    exposure: str
    hint: str


def _voice(service: Service) -> Voice:
    who = container(service)
    exposure = "whoever reads the repository or inspects the container has it"
    if service.kind == "compose":
        hint = (
            "use a secret (top-level secrets:, mounted at /run/secrets, with the image's "
            "*_FILE variable) or take it from the environment"
        )
    elif service.launched is not None:
        hint = "pass it with --env-file, or as -e NAME with the value in the environment"
    else:
        hint = "read it from the environment or a secret store when the code runs"
    return Voice(who, "has {name} written in the file", exposure, hint)


_BUILD_HINT = (
    "pass it when the container starts, or give a build step a build secret "
    "(RUN --mount=type=secret)"
)
_VOICES = {
    "ENV": Voice(
        "ENV",
        "bakes {name} into the image",
        "anyone who pulls the image reads it (docker inspect)",
        _BUILD_HINT,
    ),
    "ARG": Voice(
        "ARG",
        "gives {name} a default",
        "build arguments are kept in the image's history (docker history)",
        _BUILD_HINT,
    ),
}


def _from_env_file(item: Located[str | None]) -> bool:
    origin = item.origin
    return origin is not None and os.path.basename(origin.path).endswith(".env")


def _service_findings(service: Service, seen: set[tuple[str, int]]) -> Iterator[Diagnostic]:
    voice = _voice(service)
    for name, item in service.environment.items():
        text = _as_written(item)
        if text is None or item.origin is None or _from_env_file(item):
            continue
        where = (item.origin.path, item.origin.span.start.offset)
        if where in seen:
            continue  # one literal shared by several services (an anchor, a merge key)
        message = _message(voice, name, Written(text))
        if message is not None:
            seen.add(where)
            found = at_value("CL403", message, item.origin)
            if found:
                yield found


def _message(voice: Voice, name: str, written: Written) -> str | None:
    literal = written.literal
    who, exposure, hint = voice.who, voice.exposure, voice.hint
    if names_credential(name) and literal is not None and credential_value(literal):
        if written.default_of is not None:
            variable = written.default_of
            return (
                f"{who} sets {name} from the default of ${{{variable}}} written in the file "
                f"({described(literal)}): wherever the variable is unset that default is "
                f"deployed, and {exposure}; require it instead (${{{variable}:?}}) or {hint}"
            )
        lead = voice.literal.format(name=name)
        return f"{who} {lead} ({described(literal)}): {exposure}; {hint}"
    found = connection_password(written.text)
    if found is not None:
        return (
            f"{who} sets {name} to a connection string with a password written in it "
            f"({found.scheme}://...:{mask(found.password)}@...): {exposure}; {hint}"
        )
    return None


def check(ctx: ProjectContext) -> Iterator[Diagnostic]:
    seen: set[tuple[str, int]] = set()
    for service in ctx.services.values():
        yield from _service_findings(service, seen)


def check_dockerfile(ctx: DockerfileContext) -> Iterator[Diagnostic]:
    escape = ctx.dockerfile.escape
    for instruction in ctx.dockerfile.instructions:
        for setting in settings(instruction, escape):
            value = setting.value
            if value is None:
                continue
            raw = setting.placed.text[value.start : value.end]
            written = Written(raw if value.dynamic else value.text)
            message = _message(_VOICES[setting.keyword], setting.name, written)
            if message is not None:
                yield make("CL403", message, setting.span)


RULE = Rule(
    "CL403",
    "hardcoded-secret",
    "credential written as a literal",
    check_project=check,
    check_dockerfile=check_dockerfile,
    docs="CL403.md",
)
