"""Findings about a protection a container does not turn on (the opt-in ``hardening``
rules): which containers they judge, and where such a finding sits.

A missing setting has no text of its own: the finding sits on the container's key line
(``db:``, or the runtime word of a ``docker run`` line), with the place a fix would
write as related information.
"""

from __future__ import annotations

from typing import Any

from composelint.diagnostics import Diagnostic, Fix, Related
from composelint.model.container import Service
from composelint.rules.base import at_key


def judged(service: Service) -> bool:
    """Whether every setting of the container is in sight: a compose service, an SDK
    container, or a ``docker run``/``create`` line with no variable standing for options
    (not ``docker compose run``, whose service is judged in its compose file, nor a
    swarm service, which has other options)."""
    launched = service.launched
    if launched is None:
        return True
    return launched.form == "container" and not launched.opaque


def on_container(
    code: str, message: str, service: Service, add: str, fix: Fix | None = None
) -> Diagnostic | None:
    """A finding on ``service``'s key line; ``add`` says what a fix writes (the related
    information names the place)."""
    related = _where_added(service, add)
    return at_key(code, message, service.origin, related=related, fix=fix)


def _where_added(service: Service, add: str) -> tuple[Related, ...]:
    origin = service.origin
    if origin is None:
        return ()
    if service.kind == "compose":
        last = _last_key(service)
        if last is None:
            return ()
        return (Related(last, f"where {add} would be written: after the service's last key"),)
    image = service.image
    if service.launched is not None and image is not None and image.origin is not None:
        return (Related(image.origin.span, f"where {add} would be written: before the image"),)
    return ()


def _last_key(service: Service) -> Any:
    """The span of the service's last key and value in its own file, or None."""
    origin = service.origin
    if origin is None:
        return None
    best = None
    for value in service.fields.values():
        written = value.origin
        if written is None or written.via or written.path != origin.path:
            continue
        key = written.key if written.key is not None else written.node
        if best is None or written.node.end > best[1]:
            best = (key.start, max(written.node.end, key.end))
    if best is None:
        return None
    text, end = origin.source.text, best[1]
    while end > best[0] and text[end - 1] in " \t\r\n":
        end -= 1
    return origin.source.span(best[0], end)
