"""CL402 image-without-digest: an image not pinned by digest (opt-in)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from composelint.diagnostics import Diagnostic, make
from composelint.rules.base import HARDENING, Rule
from composelint.rules.context import DockerfileContext, ProjectContext
from composelint.rules.supply_chain.references import (
    NamedImage,
    dockerfile_images,
    pinned_by_digest,
    project_images,
    subject,
)


def _judge(images: Iterable[NamedImage]) -> Iterator[Diagnostic]:
    for image in images:
        ref = image.ref
        if pinned_by_digest(ref) or ref.tag_unknown:
            continue
        tagged = f"{ref.shown_name}:{ref.tag}" if ref.tag is not None else ref.shown_name
        yield make(
            "CL402",
            f"{subject(image)} is not pinned by digest: whoever controls its registry or "
            "repository can point the tag at other content, so what runs is not what was "
            f"reviewed; write {tagged}@sha256:<digest> (`docker buildx imagetools inspect "
            f"{tagged}` prints it)",
            image.span,
            related=image.related,
        )


def check(ctx: ProjectContext) -> Iterator[Diagnostic]:
    yield from _judge(project_images(ctx.services.values(), ctx.local_images))


def check_dockerfile(ctx: DockerfileContext) -> Iterator[Diagnostic]:
    yield from _judge(dockerfile_images(ctx.dockerfile))


RULE = Rule(
    "CL402",
    "image-without-digest",
    "image not pinned by digest",
    check_project=check,
    check_dockerfile=check_dockerfile,
    group=HARDENING,
    docs="CL402.md",
)
