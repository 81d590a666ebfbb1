"""What a rule is: metadata plus a pure check over the model (no I/O)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from composelint.diagnostics import CODES, Diagnostic, Severity, make
from composelint.model.origin import Origin
from composelint.records import frozen_record

if TYPE_CHECKING:
    from composelint.rules.context import DockerfileContext, ProjectContext

ProjectCheck = Callable[["ProjectContext"], Iterable[Diagnostic]]
DockerfileCheck = Callable[["DockerfileContext"], Iterable[Diagnostic]]


@frozen_record
class Rule:
    code: str
    name: str
    summary: str
    fix: str | None = None  # "safe" | "unsafe" | None: the best applicability it offers
    check_project: ProjectCheck | None = None
    check_dockerfile: DockerfileCheck | None = None
    opt_in: bool = False  # part of the "hardening" group, off unless selected

    @property
    def severity(self) -> Severity:
        return CODES[self.code][1] if self.code in CODES else Severity.WARNING


def at_value(code: str, message: str, origin: Origin | None, **kwargs: object) -> Diagnostic | None:
    """A diagnostic on the text that wrote a value (None when nothing wrote it)."""
    if origin is None:
        return None
    return make(code, message, origin.span, **kwargs)  # type: ignore[arg-type]


def at_key(code: str, message: str, origin: Origin | None, **kwargs: object) -> Diagnostic | None:
    """A diagnostic on the key in front of a value (a service's name, ``ports:``)."""
    if origin is None:
        return None
    return make(code, message, origin.key_span, **kwargs)  # type: ignore[arg-type]


def truthy(value: object) -> bool:
    """Compose booleans after interpolation: ``true`` or the strings compose accepts."""
    if isinstance(value, bool):
        return value
    return isinstance(value, str) and value.lower() in ("true", "yes", "y", "on", "1")
