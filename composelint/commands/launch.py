"""Which command lines start a container, and the container each one starts.

``docker run|create``, ``docker container run|create``, ``podman run|create`` (and
``podman container …``), ``nerdctl run|create``, ``docker compose run`` /
``docker-compose run`` (only their ``-p``), ``docker service create``; global options
before the subcommand (``docker -H tcp://x run``, ``--context``) and prefixes such as
``sudo`` are skipped.  Every other command (``docker ps``, ``docker exec``,
``docker build``) starts nothing and gives None.
"""

from __future__ import annotations

import re
from collections.abc import Container, Sequence
from dataclasses import dataclass

from msgspec.structs import replace

from composelint.commands.argv import Option, scan
from composelint.commands.container import build_service
from composelint.commands.flags import (
    COMPOSE_GLOBAL,
    COMPOSE_RUN,
    GLOBAL,
    NETWORK_CREATE,
    RUN,
    SERVICE_CREATE,
)
from composelint.commands.located import TextSpan
from composelint.commands.prefixes import strip_prefixes
from composelint.commands.words import VARIABLE, Word
from composelint.model.container import Launched, NetworkDefinition, Service
from composelint.model.origin import Origin
from composelint.source import Source, lazy_pattern

PROGRAMS = ("docker", "podman", "nerdctl")
# A variable naming the engine: "$DOCKER run", "${CONTAINER_ENGINE} run".
_ENGINE_VARIABLE = lazy_pattern(r"DOCKER|PODMAN|NERDCTL|ENGINE|RUNTIME|CONTAINER_CLI", re.I)
_LAUNCHES = frozenset({"run", "create"})


@dataclass(frozen=True, slots=True)
class Launch:
    """One command line that starts a container."""

    form: str  # "docker run", "podman create", "docker compose run", "docker service create"…
    service: Service  # kind "run" ("service" for a swarm service)
    options: tuple[Option, ...]
    image: Word | None  # the service name for "docker compose run"
    command: tuple[Word, ...]  # the container's command: every word after the image
    start: int  # the command line's span in the file (prefixes such as sudo included)
    end: int
    opaque: bool = False  # a variable stood for options: some may be unseen

    def option(self, *names: str) -> tuple[Option, ...]:
        return tuple(o for o in self.options if o.name in names)

    @property
    def publish_all(self) -> Option | None:
        """``-P`` / ``--publish-all`` (CL106), when given and on."""
        return next((o for o in self.option("publish-all") if o.switch_on), None)


@dataclass(frozen=True, slots=True)
class _Form:
    name: str  # "docker run", "podman container create", "docker-compose run"…
    verb: str  # "run", "create", "compose run", "service create"
    rest: tuple[Word, ...]  # the words after the verb


def read_launch(
    source: Source,
    words: Sequence[Word],
    *,
    taken: Container[str] = (),
    span: tuple[int, int] | None = None,
) -> Launch | None:
    """The launch ``words`` (one simple command) make, or None.

    The service is named by ``--name`` when it has a static one, else after its image
    and line; ``taken`` holds the names already given in the file, which a new one
    does not repeat.  ``span`` is where the command runs when its words were written
    elsewhere (``$CMD`` runs the words of ``CMD="docker run …"``); by default the words'.
    """
    if not words:
        return None
    command = strip_prefixes(words)
    form = _form(command)
    if form is None:
        return None
    if form.verb == "compose run":
        scanned = scan(form.rest, COMPOSE_RUN)
        options = tuple(o for o in scanned.options if o.name == "publish")
        kind, family = "run", "compose"
    elif form.verb == "service create":
        scanned = scan(form.rest, SERVICE_CREATE)
        options, kind, family = scanned.options, "service", "service"
    else:
        scanned = scan(form.rest, RUN)
        options, kind, family = scanned.options, "run", "container"
    image = scanned.rest[0] if scanned.rest else None
    container_command = scanned.rest[1:]
    start, end = span if span is not None else (words[0].start, words[-1].end)
    name = _name(source, options, image, start, taken, form.verb == "compose run")
    origin = Origin(source, TextSpan(start, end), command[0])
    service = build_service(source, name, kind, options, image, container_command, origin, family)
    switches = {o.name for o in scanned.options if o.switch_on}
    launched = Launched(
        family,
        form.verb != "create",
        "detach" in switches,
        "rm" in switches,
        scanned.opaque,
    )
    service = replace(service, launched=launched)
    return Launch(
        form.name,
        service,
        options,
        image,
        tuple(container_command),
        start,
        end,
        scanned.opaque,
    )


def read_network(source: Source, words: Sequence[Word]) -> NetworkDefinition | None:
    """The network ``docker network create [--internal] NAME`` (or podman's) makes, or None."""
    command = strip_prefixes(words)
    program = _program(command[0]) if command else None
    if program is None or program == "docker-compose":
        return None
    rest = scan(command[1:], GLOBAL[program]).rest
    if len(rest) < 2 or rest[0].value != "network" or rest[1].value != "create":
        return None
    scanned = scan(rest[2:], NETWORK_CREATE)
    if not scanned.rest or scanned.rest[0].value is None:
        return None
    name = scanned.rest[0]
    internal = any(o.name == "internal" and o.switch_on for o in scanned.options)
    return NetworkDefinition(name.text, internal, False, Origin(source, name))


# Subcommands that stop or remove containers: a container a script started before one
# of these may be gone when the next line starts another.
_STOPS = frozenset({"rm", "stop", "kill", "down", "prune"})


def stops_containers(words: Sequence[Word]) -> bool:
    """Whether the command ``words`` may stop or remove containers (``docker rm -f web``,
    ``docker stop``, ``docker container kill``, ``docker compose down``, ``podman pod rm``)."""
    command = strip_prefixes(words)
    program = _program(command[0]) if command else None
    if program is None:
        return False
    if program == "docker-compose":
        rest = scan(command[1:], COMPOSE_GLOBAL).rest
        return bool(rest) and rest[0].value in _STOPS
    rest = scan(command[1:], GLOBAL[program]).rest
    verbs = [word.value for word in rest[:2]]
    if verbs and verbs[0] in ("container", "pod"):
        return len(verbs) > 1 and verbs[1] in _STOPS
    if verbs and verbs[0] == "compose":
        after = scan(rest[1:], COMPOSE_GLOBAL).rest
        return bool(after) and after[0].value in _STOPS
    return bool(verbs) and verbs[0] in _STOPS - {"down", "prune"}


def _form(words: tuple[Word, ...]) -> _Form | None:
    if not words:
        return None
    program = _program(words[0])
    if program is None:
        return None
    if program == "docker-compose":
        return _compose_run("docker-compose", words[1:])
    scanned = scan(words[1:], GLOBAL[program])
    rest = scanned.rest
    verb = rest[0].value if rest else None
    if verb in _LAUNCHES:
        return _Form(f"{program} {verb}", verb, rest[1:])
    second = rest[1].value if len(rest) > 1 else None
    if verb == "container" and second in _LAUNCHES:
        return _Form(f"{program} container {second}", second, rest[2:])
    if verb == "compose":
        return _compose_run(f"{program} compose", rest[1:])
    if verb == "service" and program == "docker" and second == "create":
        return _Form("docker service create", "service create", rest[2:])
    return None


def _compose_run(program: str, words: tuple[Word, ...]) -> _Form | None:
    scanned = scan(words, COMPOSE_GLOBAL)
    rest = scanned.rest
    if rest and rest[0].value == "run":
        return _Form(f"{program} run", "compose run", rest[1:])
    return None


def _program(word: Word) -> str | None:
    value = word.value
    if value is not None:
        name = value.rsplit("/", 1)[-1]
        if name in PROGRAMS or name == "docker-compose":
            return name
        return None
    if len(word.pieces) == 1 and word.pieces[0].kind == VARIABLE:
        text = word.pieces[0].text
        if _ENGINE_VARIABLE.search(text) and "COMPOSE" not in text.upper():
            return "podman" if "PODMAN" in text.upper() else "docker"
    return None


def _name(
    source: Source,
    options: tuple[Option, ...],
    image: Word | None,
    start: int,
    taken: Container[str],
    compose: bool,
) -> str:
    given = next((o.text for o in reversed(options) if o.name == "name" and o.text), None)
    if compose and image is not None:
        given = image.text
    if given and "$" not in given and given not in taken:
        return given
    position = source.position(start)
    base = given or (_image_stem(image.text) if image is not None else "container")
    name = f"{base} (line {position.line + 1})"
    return name if name not in taken else f"{base} (line {position.line + 1}:{position.column})"


def _image_stem(image: str) -> str:
    last = image.rsplit("/", 1)[-1]
    return last.split("@", 1)[0].split(":", 1)[0] or "container"
