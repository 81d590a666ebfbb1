"""CL202 service-runs-as-root: ``user: root`` or a built image whose Dockerfile runs as root."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator

from msgspec.structs import replace

from composelint.diagnostics import Diagnostic, Related, Severity
from composelint.model.container import Service
from composelint.model.origin import Origin
from composelint.rules.base import Rule, at_key, at_value, container
from composelint.rules.context import BuiltDockerfile, ProjectContext
from composelint.rules.image_users import ImageUser, image_user, runs_wasm
from composelint.rules.privilege.root import (
    RootStage,
    dropper_in,
    final_stage_root,
    root_capabilities,
    user_is_root,
)
from composelint.source import lazy_pattern

ESCAPE = "a process that escapes the application owns the container"
_REPORTED = "reported there as CL201)"
_BUILT_ADVICE = "; fix it in that Dockerfile, or give the service a non-root 'user:'"


def check(ctx: ProjectContext) -> Iterator[Diagnostic]:
    for service in ctx.services.values():
        if runs_wasm(service):
            continue  # a WebAssembly runtime: no Linux user, root or not
        if service.user is not None:
            found = _explicit(service)
        else:
            built = ctx.dockerfiles.get(service.name)
            found = _built(service, built, ctx.project.directory) if built else None
        if found is not None and found.severity != Severity.INFORMATION:
            found = _needs_root_for_capabilities(service, found)
        if found is not None:
            yield found


def _needs_root_for_capabilities(service: Service, found: Diagnostic) -> Diagnostic:
    """A service that adds capabilities (a VPN's NET_ADMIN) uses them as root: Docker
    gives a non-root process no capability from ``cap_add`` (only a program with file
    capabilities gains one), so a non-root user would take them away."""
    added = root_capabilities(service)
    if not added:
        return found
    # The finding's own advice (a non-root user) would take the capabilities away.
    head = found.message.split(f": {ESCAPE}", 1)[0].split(_BUILT_ADVICE, 1)[0]
    head = head.split(_REPORTED, 1)[0] + (_REPORTED if _REPORTED in head else "")
    message = (
        f"{head}; it adds {', '.join(added)}, which Docker gives only to root (a non-root "
        "process gets no capability from cap_add), so root is what it needs here: keep the "
        "added capabilities to what it uses"
    )
    return replace(found, message=message, severity=Severity.INFORMATION)


# A one-shot container that only hands files over: ``chown -R 1000:1000 /data``, run
# directly or through ``sh -c``, with ``&&``/``;`` joining more of the same.
_HAND_OVER = lazy_pattern(
    r"^\s*(?:(?:/bin/|/usr/bin/)?(?:ba|da|a)?sh\s+-c\s+)?[\"']?\s*"
    r"(?:(?:chown|chmod|chgrp|mkdir|install\s+-d)\b[^;&|`$()]*(?:&&|;|$)\s*)+[\"']?\s*$"
)


def _command_text(service: Service, entrypoint: bool = True) -> str:
    """The service's own ``entrypoint:`` (unless told not) and ``command:``, as one line."""
    words: list[str] = []
    for located in (service.entrypoint if entrypoint else None, service.command):
        value = _value(located)
        if isinstance(value, (list, tuple)):
            words.extend(str(v) for v in value)
        elif isinstance(value, str):
            words.append(value)
    return " ".join(words)


def _command_drops(
    service: Service, who: str, origin: Origin | None, key: bool
) -> Diagnostic | None:
    """Information when the service's own command runs its work through gosu, su-exec,
    setpriv... (``gosu app app cleanup``): root is only where it starts."""
    # the command alone too: an entrypoint script of its own may take it as an argument
    tool = dropper_in(_command_text(service)) or dropper_in(_command_text(service, False))
    if tool is None:
        return None
    text = (
        f"{who} starts as root, but its own command runs the work through {tool}, which "
        "switches to the user it names; make sure that user is not root"
    )
    found = (at_key if key else at_value)("CL202", text, origin)
    return replace(found, severity=Severity.INFORMATION) if found else None


def _needs_root(
    service: Service, row: ImageUser | None, who: str, origin: Origin | None, key: bool
) -> Diagnostic | None:
    """Information when the service starts a command of its image that must run as root
    (the nextcloud image's ``/cron.sh``: busybox crond starts www-data's jobs as www-data)."""
    if row is None or not row.needs_root_for(_value(service.entrypoint), _value(service.command)):
        return None
    text = f"{who} runs as root, which its command needs: {row.needs_root}; keep it root"
    found = (at_key if key else at_value)("CL202", text, origin)
    return replace(found, severity=Severity.INFORMATION) if found else None


def _hands_over_files(service: Service) -> bool:
    """Whether the service only runs chown/chmod (and mkdir) and exits."""
    text = _command_text(service)
    return (
        bool(text)
        and bool(re.search(r"\b(?:chown|chmod|chgrp)\b", text))
        and bool(_HAND_OVER.match(text))
    )


def _value(located: object) -> object:
    return getattr(located, "value", None) if located is not None else None


def _explicit(service: Service) -> Diagnostic | None:
    """``user: root`` (``--user 0``, ``user="root"``) written for the service."""
    user = service.user
    if user is None or user.value is None or not user_is_root(str(user.value)):
        return None
    image = service.image.value if service.image is not None else None
    row = image_user(image)
    who = f"{container(service)} (user: {user.value})"
    if _hands_over_files(service):
        text = (
            f"{who} runs as root to change who owns its volumes (chown/chmod) and then "
            "exits: that needs root, and the services that use the volumes can then run "
            "as the non-root user it hands them to"
        )
        found = at_value("CL202", text, user.origin)
        return replace(found, severity=Severity.INFORMATION) if found else None
    dropped = _command_drops(service, who, user.origin, key=False)
    if dropped is not None:
        return dropped
    needed = _needs_root(service, row, who, user.origin, key=False)
    if needed is not None:
        return needed
    if row is not None and row.drops_for(_value(service.entrypoint), _value(service.command)):
        text = (
            f"{who} starts as root, but the entrypoint of {image} switches to "
            f"{row.drops_to} before it runs the application"
        )
        if row.non_root:
            text += f"; to start it non-root: {row.non_root}"
        found = at_value("CL202", text, user.origin)
        return replace(found, severity=Severity.INFORMATION) if found else None
    text = f"{who} runs as root: {ESCAPE}; "
    if row is not None and row.user is not None:
        text += (
            f"{image} runs as {row.user} by itself, so leave out the user setting or "
            "give it a non-root UID"
        )
    elif row is not None and row.root is not None:
        # the same advice CL201 gives for a Dockerfile built on this image
        text += f"{row.root}; {row.non_root or 'give it a non-root user'}"
    else:
        text += "give it a non-root user (a UID that owns the files it writes)"
    return at_value("CL202", text, user.origin)


def _built(service: Service, built: BuiltDockerfile, directory: str) -> Diagnostic | None:
    """A service without ``user:`` whose built Dockerfile runs as root (CL201 there)."""
    args = service.build.args if service.build is not None else ()
    root = final_stage_root(built.dockerfile, args)
    if root is None:
        return None
    where = f"{_relative(built.path, directory)}:{root.span.start.line + 1}"
    related = (Related(root.span, f"CL201: {root.reason}"),)
    if _drops(service, root):
        row = root.image
        if root.dropper is not None or row is None:
            how = f"the image drops privileges itself ({root.dropper})"
        else:
            how = f"the entrypoint of {root.base} switches to {row.drops_to}"
        text = (
            f"{container(service)} starts as root because the image it builds does "
            f"({where}, reported there as CL201), but {how} before it runs the application"
        )
        found = at_key("CL202", text, service.origin, related=related)
        return replace(found, severity=Severity.INFORMATION) if found else None
    dropped = _command_drops(service, container(service), service.origin, key=True)
    if dropped is not None:
        return replace(dropped, related=related)
    needed = _needs_root(service, root.image, container(service), service.origin, key=True)
    if needed is not None:
        return replace(needed, related=related)
    text = (
        f"{container(service)} runs as root because the image it builds does ({where}: "
        f"{root.reason}, reported there as CL201)"
    )
    row = root.image
    if row is not None and row.root is not None and not root.explicit:
        # the same advice CL201 gives there: the image keeps a root process by design
        text += f"; {row.root}; {row.non_root or _BUILT_ADVICE.removeprefix('; ')}"
    else:
        text += _BUILT_ADVICE
    return at_key("CL202", text, service.origin, related=related)


def _drops(service: Service, root: RootStage) -> bool:
    """Whether the image's entrypoint still drops root with the service's own
    ``entrypoint:`` and ``command:``."""
    if not root.drops or (root.image is None and root.dropper is None):
        return False
    if service.entrypoint is not None:
        return False
    if service.command is None or root.image is None:
        return True
    return root.image.drops_for(None, service.command.value)


def _relative(path: str, directory: str) -> str:
    if posixpath.isabs(path) and posixpath.isabs(directory):
        return posixpath.relpath(path, directory)
    return path


RULE = Rule(
    "CL202",
    "service-runs-as-root",
    "compose service runs as root",
    check_project=check,
    docs="CL202.md",
)
