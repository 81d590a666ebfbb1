"""Hover over a finding: the rule's spec, as ``composelint rule CODE`` prints it, in Markdown."""

from __future__ import annotations

from functools import cache

from lsprotocol import types

from composelint.lsp.linting import LintResult


def hover(lint: LintResult, position: types.Position) -> types.Hover | None:
    """The specs of the rules whose findings cover ``position`` (each once)."""
    at = (position.line, position.character)
    codes: list[str] = []
    ranges: list[types.Range] = []
    for diagnostic, lsp in lint.findings:
        start = (lsp.range.start.line, lsp.range.start.character)
        end = (lsp.range.end.line, lsp.range.end.character)
        if start <= at <= end and diagnostic.code not in codes:
            codes.append(diagnostic.code)
            ranges.append(lsp.range)
    texts = [text for text in map(rule_markdown, codes) if text]
    if not texts:
        return None
    return types.Hover(
        contents=types.MarkupContent(types.MarkupKind.Markdown, "\n\n---\n\n".join(texts)),
        range=ranges[0] if len(ranges) == 1 else None,
    )


@cache
def rule_markdown(code: str) -> str | None:
    """A rule's spec: a heading with its name, severity and each fix level with its
    condition, then every section."""
    from composelint.rules.docs import load_doc

    doc = load_doc(code)
    if doc is None:
        return _declared_markdown(code)
    fixes = "\n".join(f"- **{level}** {condition}" for level, condition in doc.fixes)
    parts = [
        f"### {doc.code} `{doc.name}`",
        f"{doc.severity}; " + (f"fix:\n{fixes}" if fixes else "fix: none"),
    ]
    for heading, body in doc.sections.items():
        parts.append(f"#### {heading}\n\n{body.strip()}")
    return "\n\n".join(parts)


def _declared_markdown(code: str) -> str | None:
    """What a rule without a spec (a plugin's) declares: name, severity, fix levels."""
    from composelint.rules.registry import RegistryError, all_rules

    try:
        rule = all_rules().get(code)
    except RegistryError:
        return None
    if rule is None:
        return None
    fixes = "\n".join(f"- **{f.applicability.value}** {f.condition}" for f in rule.fixes)
    parts = [
        f"### {rule.code} `{rule.name}`",
        f"{rule.severity.label}; " + (f"fix:\n{fixes}" if fixes else "fix: none"),
        f"{rule.summary}",
    ]
    if rule.docs and "://" in rule.docs:
        parts.append(f"[Documentation]({rule.docs})")
    return "\n\n".join(parts)
