"""Run the selected rules over one context; a crashing rule becomes CL000."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial

from msgspec.structs import replace

from composelint.diagnostics import Diagnostic, default_severity, make
from composelint.rules.base import Rule
from composelint.rules.context import DaemonContext, DockerfileContext, ProjectContext
from composelint.source import Span


def run_project_rules(ctx: ProjectContext, rules: Iterable[Rule], anchor: Span) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for rule in rules:
        if rule.check_project is not None:
            out.extend(_guarded(rule, partial(rule.check_project, ctx), anchor))
    return out


def run_dockerfile_rules(
    ctx: DockerfileContext, rules: Iterable[Rule], anchor: Span
) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for rule in rules:
        if rule.check_dockerfile is not None:
            out.extend(_guarded(rule, partial(rule.check_dockerfile, ctx), anchor))
    return out


def run_daemon_rules(ctx: DaemonContext, rules: Iterable[Rule], anchor: Span) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for rule in rules:
        if rule.check_daemon is not None:
            out.extend(_guarded(rule, partial(rule.check_daemon, ctx), anchor))
    return out


def _guarded(
    rule: Rule, call: Callable[[], Iterable[Diagnostic | None]], anchor: Span
) -> list[Diagnostic]:
    try:
        return [_stamped(rule, d) for d in call() if d is not None]
    except Exception as exc:  # a bug in a rule must not stop the run
        import traceback

        where = traceback.extract_tb(exc.__traceback__)[-1]
        return [
            make(
                "CL000",
                f"internal error in rule {rule.code} ({rule.name}): {type(exc).__name__}: {exc} "
                f"at {where.filename.rsplit('/', 1)[-1]}:{where.lineno}; please report it",
                anchor,
            )
        ]


def _stamped(rule: Rule, diagnostic: Diagnostic) -> Diagnostic:
    """A finding of ``rule`` with the rule's name, and with the rule's default severity
    unless the rule gave it another one than ``make`` does."""
    if diagnostic.code != rule.code or diagnostic.rule:
        return diagnostic
    severity = diagnostic.severity
    if severity == default_severity(diagnostic.code):
        severity = rule.severity
    return replace(diagnostic, rule=rule.name, severity=severity)
