"""Where a model value was written: the file, the text, and the way it came.

Every reader locates what it puts into the model: a diagnostic points at that
text, and a fix's editor knows from it whether one literal in one file can be
edited in place.  The node is the reader's own (a YAML node for compose files);
the model needs only its offsets.
"""

from __future__ import annotations

from typing import Any, Protocol

from msgspec import Struct

from composelint.source import Source, Span

# A value's place in its document: keys and list indexes from the root.
Path = tuple[str | int, ...]


class Written(Protocol):
    """What the model needs of a reader's node: where its text starts and ends."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


class Origin(Struct, frozen=True):
    """Where a value was written and how it reached its place."""

    source: Source
    node: Written  # the reader's node holding the value (an alias's target for aliased values)
    key: Written | None = None  # the mapping key in front of it, if any
    via: tuple[str, ...] = ()  # "alias *x", "merge <<", "override f.yml", "extends", "include"
    # The reader's record of variables substituted in the text (compose interpolation).
    interpolated: Any = None

    @property
    def path(self) -> str:
        return self.source.path

    @property
    def span(self) -> Span:
        return self.source.span(self.node.start, self.node.end)

    @property
    def key_span(self) -> Span:
        node = self.key if self.key is not None else self.node
        return self.source.span(node.start, node.end)

    @property
    def raw(self) -> str:
        return self.source.text[self.node.start : self.node.end]

    @property
    def shared(self) -> bool:
        """Reached through an alias or merge key: one literal, several users."""
        return any(step.startswith(("alias", "merge")) for step in self.via)

    @property
    def editable(self) -> bool:
        """One literal in one file produced this value, so it can be edited in place."""
        return not self.via

    @property
    def depends_on_env(self) -> bool:
        return self.interpolated is not None and self.interpolated.depends_on_env

    def through(self, step: str) -> Origin:
        return Origin(self.source, self.node, self.key, (*self.via, step), self.interpolated)
