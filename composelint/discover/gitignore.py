"""Layered ``.gitignore`` matching for the directory walk in :mod:`composelint.discover.walk`.

Matching itself is done by :class:`pathspec.GitIgnoreSpec`; this module only keeps the
layers git consults for one directory: ``.git/info/exclude`` of the repository root
(lowest precedence), then every ``.gitignore`` from the walk root down to the directory.
A deeper file overrides a shallower one, and within one file the last matching pattern
wins (pathspec handles that part). Each layer's patterns are relative to the directory
that holds it, so paths are passed to a layer relative to that directory, with a trailing
``/`` for directories so that ``build/``-style patterns only match directories.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from composelint.source import DecodeError, read_bytes

if TYPE_CHECKING:
    from pathspec import GitIgnoreSpec

__all__ = ["IgnoreStack", "read_spec"]


def read_spec(path: str) -> GitIgnoreSpec | None:
    """Compile the ignore file at *path*; ``None`` when it holds no pattern.

    Raises :class:`OSError` when the file cannot be read (the caller reports it).
    """
    try:
        text = read_bytes(path).decode("utf-8", errors="replace")
    except DecodeError as exc:  # a FIFO, a device or too large: said like a read error
        raise OSError(str(exc)) from None
    from pathspec import GitIgnoreSpec  # only when a .gitignore exists: import it then

    spec = GitIgnoreSpec.from_lines(text.splitlines())
    return spec if len(spec) else None


class IgnoreStack:
    """Immutable stack of ``(base, spec)`` layers, shallowest first.

    *base* is the directory holding the ignore file, as a ``/``-separated path relative
    to the walk root (``""`` for the root itself). Pushing returns a new stack, so a
    directory's stack can be shared by all of its subdirectories without copying.
    """

    __slots__ = ("_layers",)

    def __init__(self, layers: tuple[tuple[str, GitIgnoreSpec], ...] = ()) -> None:
        self._layers = layers

    def __bool__(self) -> bool:
        return bool(self._layers)

    def __len__(self) -> int:
        return len(self._layers)

    def push(self, base: str, spec: GitIgnoreSpec | None) -> IgnoreStack:
        """Return a stack with *spec* (patterns relative to *base*) on top."""
        if spec is None:
            return self
        return IgnoreStack((*self._layers, (base, spec)))

    def is_ignored(self, rel: str, is_dir: bool) -> bool:
        """Whether the entry at *rel* (relative to the walk root, ``/``-separated) is ignored.

        The deepest layer with a matching pattern decides: an ignore pattern ignores, a
        ``!`` negation re-includes. Callers never descend into an ignored directory, which
        gives git's rule that a file below an excluded directory cannot be re-included.
        """
        suffix = "/" if is_dir else ""
        for base, spec in reversed(self._layers):
            sub = rel[len(base) + 1 :] if base else rel
            include = spec.check_file(sub + suffix).include
            if include is not None:
                return include
        return False
