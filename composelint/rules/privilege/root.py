"""Whether a container runs as root: from a compose ``user:`` or a Dockerfile's final stage."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from msgspec import Struct

from composelint.rules.image_users import ImageUser, image_user, wasm_platform
from composelint.rules.images import runs_non_root
from composelint.source import Span, lazy_pattern

if TYPE_CHECKING:
    from composelint.model.container import Service
    from composelint.model.dockerfile import Dockerfile, Instruction, Stage

ROOT_NAMES = frozenset({"root", "0"})


def user_is_root(user: str) -> bool | None:
    """``root``, ``0``, ``0:0``, ``root:root``...; None when it is empty or unknown."""
    text = user.strip()
    if not text:
        return None
    name = text.split(":", 1)[0].strip()
    if "$" in name:
        return None
    return name.lower() in ROOT_NAMES


_VARIABLE = lazy_pattern(
    r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+?])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)"
)


def _names_variable(text: str, name: str) -> bool:
    return any((m.group(1) or m.group(4)) == name for m in _VARIABLE.finditer(text))


def with_build_args(text: str, args: tuple[tuple[str, str], ...]) -> str:
    """``text`` with the variables that ``args`` sets replaced by their values (Docker's
    ``${NAME:-default}`` and ``${NAME:+alternative}`` forms included); others kept."""
    given = dict(args)

    def value(match: re.Match[str]) -> str:
        name = match.group(1) or match.group(4)
        if name not in given:
            return match.group(0)
        operator, word = match.group(2), match.group(3) or ""
        if operator in (":+", "+"):
            return word if given[name] or operator == "+" else ""
        if operator == ":-" and not given[name]:
            return word
        return given[name]

    return _VARIABLE.sub(value, text)


def root_capabilities(service: Service) -> list[str]:
    """The capabilities ``cap_add`` gives the service beyond Docker's default set, which
    only a root process can use: Docker gives a non-root process no capability from
    ``cap_add`` (only a program with file capabilities gains one)."""
    from composelint.rules.privilege.cl204_dangerous_capability import (
        DEFAULT_CAPABILITIES,
        capability_name,
    )

    added: list[str] = []
    for located in service.cap_add:
        if isinstance(located.value, str):
            name = capability_name(located.value)
            if name not in DEFAULT_CAPABILITIES and name not in added:
                added.append(name)
    return added


class RootStage(Struct, frozen=True):
    span: Span  # the USER instruction, or the last FROM when there is no USER
    reason: str
    explicit: bool = False  # a USER instruction sets root
    base: str = ""  # the image the final stage builds on, outside this Dockerfile
    image: ImageUser | None = None  # what the table knows of that image
    drops: bool = False  # its entrypoint, kept by the stage, switches to a non-root user
    # What in the Dockerfile itself drops privileges at start ("gosu", "supervisord"...)
    dropper: str | None = None


def final_stage_root(
    dockerfile: Dockerfile, args: tuple[tuple[str, str], ...] = ()
) -> RootStage | None:
    """Why the final stage runs as root, or None when it does not (or cannot be known).

    ``args``: the build arguments a compose service passes (``build: args:``), which
    decide a ``FROM ${BASE_IMAGE}``."""
    stage = dockerfile.final_stage
    if stage is None:
        return None
    chain = _chain(dockerfile, stage)
    if _wasm(chain):
        return None  # a WebAssembly module has no Linux user
    origin = chain[-1]
    base = origin.base_resolved or origin.base
    if args and any(_names_variable(origin.base, name) for name, _value in args):
        base = with_build_args(origin.base, args)
    row = image_user(base)
    entrypoint = _last(chain, "ENTRYPOINT")
    drops = row is not None and row.drops_for(entrypoint, _last(chain, "CMD"))
    dropper = None if drops else _dropper(chain)
    user = stage.user
    if user is None:
        if runs_non_root(base) or (row is not None and row.user is not None):
            return None
        return RootStage(
            stage.from_instruction.span,
            f"the final stage (FROM {stage.base}) sets no USER, so it runs as root",
            base=base,
            image=row,
            drops=drops or dropper is not None,
            dropper=dropper,
        )
    if user.is_root:
        return RootStage(
            user.instruction.span,
            f"the final stage sets USER {user.raw}",
            explicit=True,
            base=base,
            image=row,
            drops=drops or dropper is not None,
            dropper=dropper,
        )
    return None


# Programs that start as root and run the services as other users: a privilege-dropping
# tool the image installs or calls (gosu, su-exec), or a supervisor that starts each
# program as its configured user (supervisord, s6-overlay, runit).
_DROPPERS = lazy_pattern(
    r"(?<![\w.-])(gosu|su-exec|setpriv|s6-setuidgid|chpst|runuser|supervisord?|s6-overlay"
    r"|runsvdir|my_init)(?![\w.-])"
)
_S6_INIT = lazy_pattern(r"^\s*\[?\s*\"?/init\b")


_SHELL_WORDS = frozenset({"sh", "bash", "ash", "dash", "exec", "-c", "-ec", "-lc", "-e", "-x"})
_SKIPPED = lazy_pattern(r"^(?:[A-Za-z_][A-Za-z0-9_]*=\S*|[0-9*/,-]+|@\w+)$")


def dropper_in(text: str) -> str | None:
    """The privilege-dropping tool or supervisor that runs the work of a command line:
    the first word of its last command (``chown ... && exec gosu app ./server``), past
    a shell, ``exec``, variable assignments and a cron schedule (``0 0 * * * gosu
    sentry sentry cleanup``); None when the work itself starts otherwise."""
    commands = [c for c in re.split(r"&&|\|\||[;|\n]", text) if c.strip()]
    if not commands:
        return None
    for word in commands[-1].replace('"', " ").replace("'", " ").split():
        name = word.rsplit("/", 1)[-1]
        if name in _SHELL_WORDS or _SKIPPED.match(word):
            continue
        found = _DROPPERS.fullmatch(name)
        return found.group(1) if found else None
    return None


def _dropper(chain: list[Stage]) -> str | None:
    """What in the stages the final stage is built from drops privileges at start: a
    tool installed or called for it, or a process supervisor started as root."""
    for stage in chain:
        for instruction in stage.instructions:
            if instruction.keyword not in ("RUN", "COPY", "ADD", "ENTRYPOINT", "CMD"):
                continue
            text = instruction.args_text
            found = _DROPPERS.search(text)
            if found:
                return found.group(1)
            if instruction.keyword == "ENTRYPOINT" and _S6_INIT.match(text):
                return "s6-overlay"
    return None


def _chain(dockerfile: Dockerfile, stage: Stage) -> list[Stage]:
    """``stage`` and the stages it builds on, ending with the one FROM an image."""
    chain = [stage]
    seen = {stage.index}
    while chain[-1].parent is not None and chain[-1].parent not in seen:
        parent = dockerfile.stages[chain[-1].parent]
        seen.add(parent.index)
        chain.append(parent)
    return chain


def _last(chain: list[Stage], keyword: str) -> tuple[str, ...] | str | None:
    """The value of the last ``keyword`` instruction the final stage inherits."""
    for stage in chain:
        for instruction in reversed(stage.instructions):
            if instruction.keyword == keyword:
                return _arguments(instruction)
    return None


def _arguments(instruction: Instruction) -> tuple[str, ...] | str:
    if instruction.exec_form is not None:
        return instruction.exec_form
    return instruction.args_text


def _wasm(chain: list[Stage]) -> bool:
    """A stage FROM scratch that runs a ``.wasm`` module, or built for a wasi platform."""
    origin = chain[-1]
    if any(wasm_platform(s.from_instruction.flag("platform")) for s in chain):
        return True
    if (origin.base_resolved or origin.base).strip().lower() != "scratch":
        return False
    for keyword in ("ENTRYPOINT", "CMD"):
        value = _last(chain, keyword)
        if value is None:
            continue
        words = value.split() if isinstance(value, str) else list(value)
        return bool(words) and words[0].strip("'\"").lower().endswith(".wasm")
    return False
