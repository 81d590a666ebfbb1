"""What a rule learns of a script's commands that run on the host, not in a container.

Its own module so that a check without scripts never imports it (nor ``dataclasses``).
"""

from __future__ import annotations

from dataclasses import dataclass

from composelint.source import Span


@dataclass(frozen=True, slots=True)
class HostCommand:
    """A command a script runs on the host itself, outside any container it starts
    (``psql -h localhost -p 5432``, ``curl localhost:8080``): evidence of what the
    host reaches.  ``words``: each argument as the shell passes it, None where only
    the running shell knows it (``$PORT``, ``$(...)``)."""

    words: tuple[str | None, ...]
    span: Span
