"""What a rule is: its metadata plus a pure check over the model (no I/O).

A rule is the one source of what is said about it: its code, name, one-line
summary, default severity, the fix levels it can give with the condition for each,
its opt-in group and its docs link.  The registry, ``composelint rules``, the spec
test and the formatters' rule records (:class:`composelint.diagnostics.RuleInfo`)
read them from here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from msgspec import Struct

from composelint.diagnostics import Applicability, Diagnostic, FixLevel, Severity, make
from composelint.model.container import Service
from composelint.model.origin import Origin

if TYPE_CHECKING:
    from composelint.rules.context import DaemonContext, DockerfileContext, ProjectContext

ProjectCheck = Callable[["ProjectContext"], Iterable[Diagnostic]]
DockerfileCheck = Callable[["DockerfileContext"], Iterable[Diagnostic]]
DaemonCheck = Callable[["DaemonContext"], Iterable[Diagnostic]]


HARDENING = "hardening"  # the opt-in group: its rules run only when selected

# Every fixable rule gives this level when the text cannot be edited where it is.
NOT_IN_PLACE = FixLevel(
    Applicability.DISPLAY_ONLY,
    "when the value cannot be edited in place: it is in a file loaded only as context, "
    "came through extends or an include, sits behind a YAML anchor (an alias or a merge "
    "key) whose users do not all get this fix, or is in a file several projects read "
    "that do not all propose it",
)


class Rule(Struct, frozen=True):
    code: str  # 2-4 capital letters and 3 digits: "CL102", "ACME001"
    name: str  # kebab-case: "port-published-on-all-interfaces"
    summary: str  # a few words: "publish bound to all interfaces"
    check_project: ProjectCheck | None = None
    check_dockerfile: DockerfileCheck | None = None
    severity: Severity = Severity.WARNING  # what its findings are reported at by default
    fixes: tuple[FixLevel, ...] = ()  # the levels its fixes can have, each with its condition
    group: str | None = None  # HARDENING: off unless selected
    # Where its documentation is: a URL, or a path under composelint's documentation
    # base (``docs-url``, else the package's Documentation URL) for the built-in rules.
    docs: str | None = None
    check_daemon: DaemonCheck | None = None  # called once per dockerd daemon.json
    # How often a finding is right, in SARIF's words (very-high, high, medium, low):
    # "medium" for a rule that infers its evidence (which container reaches which).
    precision: str = "high"

    @property
    def opt_in(self) -> bool:
        return self.group == HARDENING

    def fix_condition(self, level: Applicability) -> str | None:
        """When the rule gives a fix at ``level`` (None: it never does)."""
        for fix in self.fixes:
            if fix.applicability == level:
                return fix.condition
        return None


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


def container(service: Service) -> str:
    """How a message names a container: ``service 'web'`` for a compose service,
    ``container 'db'`` for one a command line (or a later source) starts."""
    kind = "service" if service.kind == "compose" else "container"
    return f"{kind} '{service.name}'"


def truthy(value: object) -> bool:
    """Compose booleans after interpolation: ``true`` or the strings compose accepts."""
    if isinstance(value, bool):
        return value
    return isinstance(value, str) and value.lower() in ("true", "yes", "y", "on", "1")
