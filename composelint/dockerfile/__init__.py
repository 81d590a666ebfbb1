"""Dockerfile parsing: instructions with source spans, build stages and their users."""

from composelint.dockerfile.parser import parse_dockerfile
from composelint.dockerfile.stages import build_stages
from composelint.model.dockerfile import (
    Comment,
    Dockerfile,
    Heredoc,
    Instruction,
    Stage,
    UserSetting,
)

__all__ = [
    "Comment",
    "Dockerfile",
    "Heredoc",
    "Instruction",
    "Stage",
    "UserSetting",
    "build_stages",
    "parse_dockerfile",
]
