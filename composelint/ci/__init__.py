"""CI pipelines: GitHub Actions workflows and GitLab CI files, read for containers.

:func:`screen` is the cheap test (the file names a container runtime, or a workflow
declares service containers; :func:`screen_gitlab`: or a GitLab CI file includes
others); :func:`read_workflow` and :func:`read_gitlab` return a :class:`Pipeline`: its
jobs, each one project of the containers it starts.
"""

from __future__ import annotations

import re

from composelint.ci.github import is_workflow_path, read_workflow
from composelint.ci.gitlab import included_files, is_gitlab_path, local_includes, read_gitlab
from composelint.ci.pipeline import Job, Pipeline
from composelint.source import lazy_pattern

MAX_CI_BYTES = 4 * 1024 * 1024
_SCREEN = lazy_pattern(
    r"\b(?:docker|podman|nerdctl)\b|^[ \t]+services[ \t]*:", re.IGNORECASE | re.MULTILINE
)


_GITLAB_SCREEN = lazy_pattern(
    r"\b(?:docker|podman|nerdctl)\b|^include[ \t]*:", re.IGNORECASE | re.MULTILINE
)


def screen(text: str) -> bool:
    """Whether ``text`` names a container runtime or declares service containers: only
    then is it parsed."""
    return _SCREEN.search(text) is not None


def screen_gitlab(text: str) -> bool:
    """Whether a GitLab CI ``text`` names a container runtime or includes other files:
    only then is it parsed."""
    return _GITLAB_SCREEN.search(text) is not None


__all__ = [
    "MAX_CI_BYTES",
    "Job",
    "Pipeline",
    "included_files",
    "is_gitlab_path",
    "is_workflow_path",
    "local_includes",
    "read_gitlab",
    "read_workflow",
    "screen",
    "screen_gitlab",
]
