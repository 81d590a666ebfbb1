"""Image references, wherever a container or a build names one, and what their tag pins.

CL401 and CL402 judge the same images: a compose service's ``image:`` (unless the
service builds it), a Dockerfile's ``FROM`` and ``COPY --from``, the image of a
``docker run`` line and of a Docker SDK or testcontainers call.  A part of a reference
that is known only where it runs (an unset variable without a default, a command
substitution, a CI expression) is *unknown*: the rules judge only what is written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from msgspec import Struct

from composelint.diagnostics import Related
from composelint.model.container import Located, Service
from composelint.model.dockerfile import Dockerfile, Instruction, Stage
from composelint.rules.base import container
from composelint.source import Span, lazy_pattern

UNKNOWN = "\x00"  # stands for text known only where the reference is used

# Tags that name no version: they are moved to each new build of a line of releases.
MOVING_WORDS = frozenset(
    {
        "latest",
        "stable",
        "edge",
        "nightly",
        "main",
        "master",
        "develop",
        "devel",
        "dev",
        "lts",
        "current",
        "mainline",
        "rolling",
        "testing",
        "unstable",
        "sid",
        "next",
        "beta",
        "alpha",
        "rc",
        "canary",
        "preview",
        "insiders",
        "snapshot",
        "trunk",
        "head",
        "tip",
        "release",
    }
)

# Release codenames of the distributions: for the distribution's own image
# (``debian:bookworm``) the codename is its major version, for any other image
# (``node:bookworm``) it names only the base of a variant.
CODENAMES = frozenset(
    {
        # Debian
        "jessie",
        "stretch",
        "buster",
        "bullseye",
        "bookworm",
        "trixie",
        "forky",
        # Ubuntu
        "trusty",
        "xenial",
        "bionic",
        "focal",
        "jammy",
        "kinetic",
        "lunar",
        "mantic",
        "noble",
        "oracular",
        "plucky",
    }
)
DISTRIBUTION_IMAGES = frozenset({"debian", "ubuntu", "buildpack-deps", "minideb"})

# What is left of a variable in a value after its reader resolved what it could:
# a CI expression (``${{ matrix.image }}``), ``${NAME...}``, ``$NAME``, ``$(...)``,
# a backtick substitution.
_LEFT_OVER = lazy_pattern(
    r"\$\{\{.*?\}\}|\$\{[^}]*\}?|\$\([^)]*\)?|\$[A-Za-z_][A-Za-z0-9_]*|\$[0-9@*#?$!-]|`[^`]*`?"
)
# ``${NAME:-default}`` / ``${NAME-default}`` / ``${NAME:=default}`` whose default is plain
# text: what a shell uses when the variable is unset (a script's variables are unknown).
_DEFAULTED = lazy_pattern(r"\$\{[A-Za-z_][A-Za-z0-9_]*:?[-=]([^${}`]*)\}")
# What docker accepts, with UNKNOWN standing anywhere (the repository's case is not
# checked: docker refuses upper case there, which is not this rule's finding).
_NAME = lazy_pattern(
    r"(?:[A-Za-z0-9._\x00-]+(?::[0-9\x00]+)?/)?[A-Za-z0-9\x00](?:[A-Za-z0-9._/\x00-]*[A-Za-z0-9\x00])?"
)
_TAG = lazy_pattern(r"[A-Za-z0-9_\x00][A-Za-z0-9_.\x00-]{0,127}")
_VERSION = lazy_pattern(r"v?[0-9]")
_COMMIT = lazy_pattern(r"[0-9a-f]{7,40}")
# ``algorithm:hex``; a digest too short for its algorithm makes docker refuse the
# reference, which pulls nothing that moves: it is written to pin, and counts as pinned.
_DIGEST = lazy_pattern(r"[A-Za-z0-9_+.-]+:[0-9a-fA-F]+")


class ImageRef(Struct, frozen=True):
    """A reference as the rules judge it: unknown parts masked by :data:`UNKNOWN`."""

    text: str  # the whole reference
    name: str  # registry and repository, without tag or digest
    tag: str | None  # None: no tag written
    digest: str | None  # after "@", when pinned by digest

    @property
    def tag_unknown(self) -> bool:
        """Whether an unknown value stands where the tag is (or would be)."""
        if self.tag is not None:
            return UNKNOWN in self.tag
        return UNKNOWN in self.name.rsplit("/", 1)[-1]

    @property
    def shown(self) -> str:
        return self.text.replace(UNKNOWN, "…")

    @property
    def shown_name(self) -> str:
        return self.name.replace(UNKNOWN, "…")


def parse_reference(text: str) -> ImageRef | None:
    """``text`` (unknown parts masked) as an image reference; None when it is not one."""
    text = text.strip()
    if not text or any(c.isspace() for c in text):
        return None
    ref, at, digest = text.partition("@")
    last = ref.rsplit("/", 1)[-1]
    name, colon, tag = last.rpartition(":") if ":" in last else (last, "", "")
    repository = ref[: len(ref) - len(last)] + name
    if not _NAME.fullmatch(repository) or (colon and not _TAG.fullmatch(tag)):
        return None  # a placeholder (``<image>``, ``|version|``) or not a reference at all
    return ImageRef(text, repository, tag if colon else None, digest if at else None)


def mask(text: str) -> str:
    """``text`` with what only the running shell, build or CI knows replaced by
    :data:`UNKNOWN`; a ``${NAME:-default}`` with a plain default is its default."""
    if "$" not in text and "`" not in text:
        return text
    text = _DEFAULTED.sub(lambda m: m.group(1), text)
    return _LEFT_OVER.sub(UNKNOWN, text)


def pinned_by_digest(ref: ImageRef) -> bool:
    """A digest is written (an unknown one too: ``app@${DIGEST}`` means to pin one)."""
    return ref.digest is not None and (
        UNKNOWN in ref.digest or _DIGEST.fullmatch(ref.digest) is not None
    )


def moving_tag(ref: ImageRef) -> str | None:
    """Why the tag of ``ref`` names no version, or None when it names one (or is unknown)."""
    if ref.tag is None:
        return "has no tag, so docker pulls 'latest'"
    tag = ref.tag.lower()
    tokens = [t for t in re.split(r"[-_]", tag) if t]
    if not tokens:
        return None
    if any(_VERSION.match(t) or (_COMMIT.fullmatch(t) and re.search(r"[0-9]", t)) for t in tokens):
        return None
    distribution = ref.name.rsplit("/", 1)[-1].lower() in DISTRIBUTION_IMAGES
    if distribution and any(t in CODENAMES for t in tokens):
        return None  # debian:bookworm is Debian 12, as postgres:16 is PostgreSQL 16
    if any(t in MOVING_WORDS for t in tokens):
        return f"has the tag '{ref.tag}', which names no version"
    return f"has the tag '{ref.tag}', a variant that names no version"


# -- where images are named ---------------------------------------------------------


class NamedImage(Struct, frozen=True):
    """One place that names an image: the reference, where the finding sits, and how the
    judged text came from the written one."""

    ref: ImageRef
    span: Span
    written: str  # as written, when it differs from the judged text (else "")
    related: tuple[Related, ...] = ()
    where: str = ""  # "service 'web'", "FROM", "COPY --from"


def project_images(services: Iterable[Service], local: Iterable[str] = ()) -> Iterator[NamedImage]:
    """The images the containers of a project pull, each where its value is written.
    Not pulled: an image a service of the project builds (``build:`` with ``image:``),
    one the script builds or tags itself (``local``), a service whose ``pull_policy``
    is ``never`` or ``build``."""
    services = list(services)
    built = {_local_key(str(s.image.value)) for s in services if s.build and s.image}
    built.update(_local_key(name) for name in local)
    for service in services:
        found = service_image(service)
        if found is None or _pull_policy(service) in ("never", "build"):
            continue
        ref, image = found
        if _local_key(str(image.value)) in built:
            continue
        assert image.origin is not None  # service_image checked it
        yield NamedImage(ref, image.origin.span, _written(image), (), container(service))


def _local_key(name: str) -> str:
    """How a locally built image is known: ``app`` is ``app:latest``."""
    name = name.strip()
    last = name.rsplit("/", 1)[-1]
    return name if ":" in last or "@" in last else f"{name}:latest"


def _pull_policy(service: Service) -> str:
    policy = service.fields.get("pull_policy")
    return str(policy.value).strip().lower() if policy is not None else ""


def _written(image: Located[str]) -> str:
    """The text as written when variables stand in it (else "")."""
    record: Any = image.origin.interpolated if image.origin is not None else None
    if record is not None and record.variables:
        return str(record.raw)
    value = str(image.value)
    return value if "$" in value or "`" in value else ""


def service_image(service: Service) -> tuple[ImageRef, Located[str]] | None:
    """The image ``service`` pulls, when it names one and does not build it: compose's
    ``image:`` of a service without ``build:``, a launch's image (not ``docker compose
    run``'s service name), an SDK or testcontainers image literal."""
    image = service.image
    if image is None or image.origin is None or service.build is not None:
        return None
    launched = service.launched
    if launched is not None and launched.form == "compose":
        return None
    if not isinstance(image.value, str):
        return None
    ref = parse_reference(mask(_resolved(image)))
    return (ref, image) if ref is not None else None


def _resolved(image: Located[str]) -> str:
    """The value, with each variable interpolation left unset (and without a default)
    masked: ``app:${TAG}`` with TAG unset is ``app:`` to compose but unknown here."""
    value = str(image.value)
    record: Any = image.origin.interpolated if image.origin is not None else None
    if record is None or not record.variables or record.errors:
        return value
    refs: tuple[Any, ...] = record.variables
    raw: str = record.raw
    pieces: list[str] = []
    at = 0
    for ref in refs:
        if ref.start < at:
            continue  # inside the previous one's default
        pieces.append(raw[at : ref.start])
        pieces.append(ref.resolved if _known(ref, refs) else UNKNOWN)
        at = ref.end
    pieces.append(raw[at:])
    return "".join(pieces)


def _known(ref: Any, refs: tuple[Any, ...]) -> bool:
    if ref.is_set:
        return True
    if ref.operator not in (":-", "-"):
        return False
    inner = [r for r in refs if ref.start < r.start and r.end <= ref.end]
    return all(r.is_set or r.operator in (":-", "-") for r in inner)


def dockerfile_images(dockerfile: Dockerfile) -> Iterator[NamedImage]:
    """The images a Dockerfile pulls: each ``FROM`` that names no earlier stage and is not
    ``scratch`` (ARG defaults applied), and each ``COPY --from`` naming no stage."""
    stage_names = {s.name for s in dockerfile.stages if s.name}
    text = dockerfile.source.text
    for stage in dockerfile.stages:
        found = _from_image(dockerfile, stage)
        if found is not None:
            yield found
        for copy in stage.instructions:
            found = _copy_from(copy, stage_names, text)
            if found is not None:
                yield found


_WORD = lazy_pattern(r"\S+")


def _from_image(dockerfile: Dockerfile, stage: Stage) -> NamedImage | None:
    if stage.parent is not None or stage.base_resolved.lower() == "scratch":
        return None
    ref = parse_reference(mask(stage.base_resolved))
    instruction = stage.from_instruction
    match = _WORD.match(dockerfile.source.text, instruction.offsets[4], instruction.offsets[5])
    if ref is None or match is None:
        return None
    written = stage.base if stage.base != stage.base_resolved else ""
    related = _arg_defaults(dockerfile, stage.base) if written else ()
    span = dockerfile.source.span(match.start(), match.end())
    return NamedImage(ref, span, written, related, "FROM")


_FROM_FLAG = lazy_pattern(r"--from=(\S+)")


def _copy_from(instruction: Instruction, stages: set[str], text: str) -> NamedImage | None:
    if instruction.keyword != "COPY":
        return None
    value = instruction.flag("from")
    if not value or value.isdigit() or value.lower() in stages:
        return None
    match = _FROM_FLAG.search(text, instruction.offsets[2], instruction.offsets[4])
    ref = parse_reference(mask(value))
    if ref is None or match is None:
        return None
    span = instruction.source.span(match.start(1), match.end(1))
    return NamedImage(ref, span, "", (), "COPY --from")


def _arg_defaults(dockerfile: Dockerfile, base: str) -> tuple[Related, ...]:
    """The global ARGs whose defaults a FROM uses, as related information."""
    names = set(re.findall(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)", base))
    found: dict[str, Instruction] = {}
    for instruction in dockerfile.instructions:
        if instruction.keyword == "FROM":
            break
        if instruction.keyword != "ARG":
            continue
        for word in instruction.args_text.split():
            name = word.split("=", 1)[0]
            if name in names and "=" in word:
                found[name] = instruction
    return tuple(
        Related(instruction.span, f"the default of ARG {name}")
        for name, instruction in found.items()
    )


# -- what the messages say ------------------------------------------------------------


def subject(image: NamedImage) -> str:
    """``the image 'nginx' of service 'web'``, ``the FROM image 'node:latest' (written
    'node:${V}')``: the judged reference, and the text it came from."""
    if image.where in ("FROM", "COPY --from"):
        text = f"the {image.where} image '{image.ref.shown}'"
    elif image.where:
        text = f"the image '{image.ref.shown}' of {image.where}"
    else:
        text = f"the image '{image.ref.shown}'"
    if image.written and image.written != image.ref.shown:
        text += f" (written '{image.written}')"
    return text


def version_hint(ref: ImageRef) -> str:
    """What a version tag for ``ref`` looks like, its variant kept: ``node:<version>-alpine``."""
    tokens = [t for t in re.split(r"[-_]", ref.tag or "") if t and t.lower() not in MOVING_WORDS]
    variant = "-".join(tokens)
    return f"{ref.shown_name}:<version>" + (f"-{variant}" if variant else "")
