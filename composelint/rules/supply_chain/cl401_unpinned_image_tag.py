"""CL401 unpinned-image-tag: an image without a tag, or with a tag that names no version."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from composelint.diagnostics import Diagnostic, make
from composelint.rules.base import Rule
from composelint.rules.context import DockerfileContext, ProjectContext
from composelint.rules.supply_chain.references import (
    NamedImage,
    dockerfile_images,
    moving_tag,
    pinned_by_digest,
    project_images,
    subject,
    version_hint,
)


def _judge(images: Iterable[NamedImage]) -> Iterator[Diagnostic]:
    for image in images:
        ref = image.ref
        if pinned_by_digest(ref) or ref.tag_unknown:
            continue
        why = moving_tag(ref)
        if why is None:
            continue
        yield make(
            "CL401",
            f"{subject(image)} {why}: it moves to each new release, so two pulls can run "
            "different software and an update arrives unreviewed; write a version tag "
            f"({version_hint(ref)}) or pin a digest ({ref.shown_name}@sha256:<digest>)",
            image.span,
            related=image.related,
        )


def check(ctx: ProjectContext) -> Iterator[Diagnostic]:
    yield from _judge(project_images(ctx.services.values(), ctx.local_images))


def check_dockerfile(ctx: DockerfileContext) -> Iterator[Diagnostic]:
    yield from _judge(dockerfile_images(ctx.dockerfile))


RULE = Rule(
    "CL401",
    "unpinned-image-tag",
    "image without a tag or with a tag that names no version",
    check_project=check,
    check_dockerfile=check_dockerfile,
    docs="CL401.md",
)
