"""The cheap screen: a Python file that never names a container runtime is not parsed."""

from __future__ import annotations

import re

RUNTIME_WORD = re.compile(r"docker|testcontainers|podman|nerdctl", re.IGNORECASE)


def screen(text: str) -> bool:
    """Whether ``text`` mentions a container runtime (and so is worth parsing)."""
    return RUNTIME_WORD.search(text) is not None
