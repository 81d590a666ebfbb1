"""Whether a container runs as root: from a compose ``user:`` or a Dockerfile's final stage."""

from __future__ import annotations

from typing import TYPE_CHECKING

from msgspec import Struct

from composelint.rules.images import runs_non_root
from composelint.source import Span

if TYPE_CHECKING:
    from composelint.model.dockerfile import Dockerfile

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


class RootStage(Struct, frozen=True):
    span: Span  # the USER instruction, or the last FROM when there is no USER
    reason: str


def final_stage_root(dockerfile: Dockerfile) -> RootStage | None:
    """Why the final stage runs as root, or None when it does not (or cannot be known)."""
    stage = dockerfile.final_stage
    if stage is None:
        return None
    user = stage.user
    if user is None:
        base = stage.base_resolved or stage.base
        if runs_non_root(base):
            return None
        return RootStage(
            stage.from_instruction.span,
            f"the final stage (FROM {stage.base}) sets no USER, so it runs as root",
        )
    if user.is_root:
        return RootStage(user.instruction.span, f"the final stage sets USER {user.raw}")
    return None
