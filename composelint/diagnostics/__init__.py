"""The one diagnostic type every stage reports with, and the table of codes."""

from __future__ import annotations

from enum import IntEnum, StrEnum

from msgspec import Struct

from composelint.source import Span


class Severity(IntEnum):
    """LSP severities: the JSON output's ``severity``."""

    ERROR = 1
    WARNING = 2
    INFORMATION = 3
    HINT = 4

    @property
    def label(self) -> str:
        return self.name.lower()


# code -> (name, default severity) of the codes no rule declares: the meta codes the
# loader and the engine report, and the codes of design §3 that no rule implements
# yet.  These are contracts; a rule declares its own (``rules.base.Rule``), and a rule
# taking one of the codes below must keep its name and severity (a test checks it).
CODES: dict[str, tuple[str, Severity]] = {
    "CL000": ("internal-error", Severity.ERROR),
    "CL001": ("syntax-error", Severity.ERROR),
    "CL002": ("schema-violation", Severity.ERROR),
    "CL003": ("unused-suppression", Severity.WARNING),
    "CL004": ("invalid-suppression", Severity.WARNING),
    "CL005": ("value-rejected-by-compose", Severity.ERROR),
    "CL006": ("unresolved-reference", Severity.WARNING),
    # A script, Makefile, workflow, Markdown fence or Python file its reader cannot parse
    # (design §9): a note, never CL001, since it may run fine under its own interpreter.
    "CL007": ("unparsed-file", Severity.INFORMATION),
    "CL104": ("backing-service-with-egress", Severity.WARNING),
    "CL105": ("duplicate-host-port", Severity.ERROR),
    "CL106": ("publish-all-ports", Severity.WARNING),
    "CL207": ("no-new-privileges-not-set", Severity.WARNING),
    "CL208": ("capabilities-not-dropped", Severity.WARNING),
    "CL209": ("host-device", Severity.WARNING),
    "CL210": ("sudo-in-dockerfile", Severity.WARNING),
    "CL304": ("writable-root-filesystem", Severity.WARNING),
    "CL305": ("executable-tmpfs", Severity.WARNING),
    "CL306": ("shared-mount-propagation", Severity.WARNING),
    "CL401": ("unpinned-image-tag", Severity.WARNING),
    "CL402": ("image-without-digest", Severity.WARNING),
    "CL403": ("hardcoded-secret", Severity.WARNING),
    "CL404": ("tls-verification-disabled", Severity.WARNING),
    "CL405": ("ssh-server-in-image", Severity.WARNING),
    "CL406": ("logging-disabled", Severity.WARNING),
    "CL407": ("no-resource-limits", Severity.WARNING),
    "CL501": ("daemon-binds-all-interfaces", Severity.WARNING),
    "CL502": ("daemon-iptables-disabled", Severity.WARNING),
    "CL503": ("daemon-icc-enabled", Severity.WARNING),
    "CL504": ("daemon-no-userns-remap", Severity.WARNING),
    "CL505": ("daemon-no-new-privileges-off", Severity.WARNING),
}
# The opt-in "hardening" group (design §3) among the codes above: off unless selected.
# A rule joins the group with ``group="hardening"``.
HARDENING = frozenset(
    {"CL104", "CL207", "CL208", "CL304", "CL402", "CL407", "CL503", "CL504", "CL505"}
)


def did_you_mean(given: str, known: set[str]) -> str:
    """``; did you mean 'CL102'?`` for a typo of a known code (``CL1O2``), else ''.  A
    compose-lint id (``CL-0001``) looks like a code of ours and is not one: say so."""
    import re
    from difflib import get_close_matches

    if re.fullmatch(r"CL-\d{4}", str(given).strip().upper()):
        return (
            "; that is a compose-lint id, not a composelint code: see the README's "
            "'Coming from another linter' for the code it maps to"
        )

    close = get_close_matches(str(given).upper(), sorted(known), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


class Applicability(StrEnum):
    """How far a fix may be trusted (design §4); the JSON output's ``applicability``."""

    SAFE = "safe"  # applied by --fix
    UNSAFE = "unsafe"  # applied by --fix --unsafe-fixes
    DISPLAY_ONLY = "display-only"  # shown, never applied


class FixLevel(Struct, frozen=True):
    """A fix level a rule can give, and when it gives it ("for a single file")."""

    applicability: Applicability
    condition: str


# The fix levels of the meta codes that have a fix (a rule declares its own).
META_FIXES: dict[str, tuple[FixLevel, ...]] = {
    "CL003": (
        FixLevel(
            Applicability.SAFE,
            "always: the comment silences nothing, so removing it changes no finding",
        ),
    ),
}


class Edit(Struct, frozen=True):
    """Replace ``[start, end)`` (code-point offsets) of ``path``'s text by ``new_text``."""

    path: str
    start: int
    end: int
    new_text: str


class Fix(Struct, frozen=True):
    """A fix: text edits, or (as a rule yields it) an intent its source's editor turns
    into edits before anything else sees the diagnostic."""

    title: str
    applicability: Applicability
    edits: tuple[Edit, ...] = ()
    # Data paths (prefixes) whose loaded value the fix may change; anything else
    # changing after the fix is a bug, and the fix loop rolls the file back.
    changes: tuple[tuple[str | int, ...], ...] = ()
    intent: object = None  # a composelint.model.intents intent, until it is resolved


class Related(Struct, frozen=True):
    span: Span
    message: str


class Diagnostic(Struct, frozen=True):
    code: str
    message: str
    span: Span
    severity: Severity = Severity.WARNING
    related: tuple[Related, ...] = ()
    fix: Fix | None = None
    # The name of the rule that reported it (the rule runner sets it); empty for the
    # codes of :data:`CODES`, whose names the table gives.  Not part of == and hash.
    rule: str = ""

    def _compared(self) -> tuple[object, ...]:
        return (self.code, self.message, self.span, self.severity, self.related, self.fix)

    def __eq__(self, other: object) -> bool:
        if type(other) is not Diagnostic:
            return NotImplemented
        return self._compared() == other._compared()

    def __hash__(self) -> int:
        return hash(self._compared())

    @property
    def name(self) -> str:
        if self.rule:
            return self.rule
        return CODES.get(self.code, (self.code.lower(), Severity.WARNING))[0]

    @property
    def path(self) -> str:
        return self.span.path


def make(
    code: str,
    message: str,
    span: Span,
    *,
    related: tuple[Related, ...] = (),
    fix: Fix | None = None,
) -> Diagnostic:
    """A diagnostic at the code's default severity (a rule's, once the runner has it)."""
    return Diagnostic(code, message, span, default_severity(code), related, fix)


def default_severity(code: str) -> Severity:
    """The severity :func:`make` gives ``code``: the table's, else a warning."""
    entry = CODES.get(code)
    return entry[1] if entry is not None else Severity.WARNING
