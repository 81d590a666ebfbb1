"""The compose files a context file changes the result of.

A commit may touch only a file that compose projects read: the project's ``.env`` (or an
``env_file``), or a reverse proxy's configuration that CL101 reads as evidence.  A hook
that names only that file would check nothing; instead it checks the compose files
that may read it: those in the file's directory and in the directories above it, up to
the repository's root (a ``.git`` entry) or the current directory's parent.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence

from composelint.discover.walk import COMPOSE, classify_name

# What a project reads besides its compose files and Dockerfiles, by name.
_ENV_NAME = re.compile(r"(?:.*\.)?env|\.env\..+|.+\.env")
_PROXY_NAME = re.compile(
    r"Caddyfile|haproxy\.cfg|(?:traefik|envoy)[\w.-]*\.(?:ya?ml|toml)|[\w.-]*\.conf"
)
_MAX_LEVELS = 4  # directories above the file that may hold the project reading it


def is_context_file(path: str) -> bool:
    """Whether ``path`` names a file compose projects read as context (an env file, a
    proxy configuration) rather than one composelint checks on its own."""
    name = os.path.basename(path)
    if classify_name(name) not in (None, "env"):
        return False
    if _ENV_NAME.fullmatch(name):
        return True
    return bool(_PROXY_NAME.fullmatch(name))


def projects_reading(paths: Sequence[str]) -> list[str]:
    """The compose files that may read the context files among ``paths``, not already
    named, in the order found."""
    named = {os.path.abspath(p) for p in paths}
    found: list[str] = []
    for path in paths:
        if not is_context_file(path) or not os.path.isfile(path):
            continue
        directory = os.path.dirname(path) or "."
        for _level in range(_MAX_LEVELS + 1):
            try:
                names = sorted(os.listdir(directory))
            except OSError:
                break
            for name in names:
                candidate = os.path.join(directory, name)
                if classify_name(name) == COMPOSE and os.path.abspath(candidate) not in named:
                    named.add(os.path.abspath(candidate))
                    found.append(candidate)
            if ".git" in names:
                break  # the repository's root: no project above it reads this file
            parent = os.path.dirname(os.path.abspath(directory))
            if parent == os.path.abspath(directory):
                break
            directory = os.path.relpath(parent) if not os.path.isabs(path) else parent
    return found
