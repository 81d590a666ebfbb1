"""Dockerfile parsing: instructions with source spans, build stages and their users."""

from composelint.dockerfile.model import (
    Comment,
    Dockerfile,
    Heredoc,
    Instruction,
    Stage,
    UserSetting,
)
from composelint.dockerfile.parser import parse_dockerfile
from composelint.dockerfile.stages import build_stages, final_stage

__all__ = [
    "Comment",
    "Dockerfile",
    "Heredoc",
    "Instruction",
    "Stage",
    "UserSetting",
    "build_stages",
    "final_stage",
    "parse_dockerfile",
]
