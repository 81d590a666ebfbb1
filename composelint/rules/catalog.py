"""What is said about each code, from the rules and their specs: the formatters' plain
records (:class:`~composelint.diagnostics.rule_info.RuleInfo`) and ``composelint rules``.

A rule's metadata is the rule's (``rules.base.Rule``); a code no rule declares (the
meta codes) takes its name and severity from ``diagnostics.CODES``.  The spec adds
the prose: a one-sentence summary, the description and the whole text.
"""

from __future__ import annotations

from composelint.diagnostics import CODES, META_FIXES, Applicability, FixLevel
from composelint.diagnostics.rule_info import RuleInfo
from composelint.rules.base import Rule
from composelint.rules.docs import RuleDoc, load_doc, render_terminal
from composelint.rules.registry import all_rules

META = ("CL000", "CL001", "CL002", "CL003", "CL004", "CL005", "CL006", "CL007")  # meta codes: specs


def docs_link(code: str, rule: Rule | None, docs_base: str | None) -> str | None:
    """Where the documentation of ``code`` is: the rule's own URL, or its path (a built-in
    rule's spec, a meta code's spec) under composelint's documentation base."""
    path = rule.docs if rule is not None else f"{code}.md"
    if path is None:
        return None
    if "://" in path:
        return path
    return f"{docs_base.rstrip('/')}/{path}" if docs_base else None


def rule_info(code: str, docs_base: str | None = None, *, specs: bool = True) -> RuleInfo | None:
    """What the formatters may say about ``code`` (None for a code nobody declares);
    without ``specs``, only what the rule declares (no spec is read)."""
    rule = all_rules().get(code)
    if rule is None and code not in CODES:
        return None
    doc = load_doc(code) if specs else None
    if rule is not None:
        name, severity, fixes, group = rule.name, rule.severity, rule.fixes, rule.group
        precision = rule.precision
    else:
        name, severity = CODES[code]
        fixes, group, precision = META_FIXES.get(code, ()), None, "very-high"
    summary = doc.summary if doc is not None else (rule.summary if rule is not None else name)
    return RuleInfo(
        code=code,
        name=name,
        severity=severity,
        summary=summary,
        description="" if doc is None else doc.sections.get("What it does", "").strip(),
        help_markdown="" if doc is None else _markdown(doc),
        help_uri=docs_link(code, rule, docs_base),
        fixes=fixes,
        group=group,
        precision=precision,
        # CL000-CL099 say what docker compose or the reader refuses: correctness.
        security=not code.startswith("CL0"),
    )


def rule_infos(docs_base: str | None = None, *, specs: bool = True) -> dict[str, RuleInfo]:
    """Every code a run can report, described (without ``specs``: the registered rules,
    from what they declare, which is all the JSON output needs)."""
    if specs:
        codes = sorted(set(META) | set(CODES) | set(all_rules()))
    else:
        codes = list(all_rules())
    found = {code: rule_info(code, docs_base, specs=specs) for code in codes}
    return {code: info for code, info in found.items() if info is not None}


def _markdown(doc: RuleDoc) -> str:
    return "\n\n".join(f"## {h}\n\n{t.strip()}" for h, t in doc.sections.items())


def fix_summary(fixes: tuple[FixLevel, ...]) -> str:
    """``safe|unsafe|display-only`` for a listing, ``-`` without a fix."""
    return "|".join(Applicability(f.applicability).value for f in fixes) or "-"


def listing() -> list[str]:
    """``composelint rules``: each code, name, default severity and fix levels, each fix
    level's condition below it, and the opt-in group."""
    lines: list[str] = []
    for code in META:
        name, severity = CODES[code]
        fixes = META_FIXES.get(code, ())
        lines.append(f"{code}  {name:<36} {severity.label:<8} fix: {fix_summary(fixes)}")
        for fix in fixes:
            lines.append(f"{'':7}{Applicability(fix.applicability).value} {fix.condition}")
    for code, rule in all_rules().items():
        group = f" ({rule.group}, opt-in)" if rule.group else ""
        lines.append(
            f"{code}  {rule.name:<36} {rule.severity.label:<8} "
            f"fix: {fix_summary(rule.fixes)}{group}"
        )
        for fix in rule.fixes:
            lines.append(f"{'':7}{Applicability(fix.applicability).value} {fix.condition}")
    return lines


def describe(code: str) -> str | None:
    """``composelint rule CODE``: the spec as plain text, or for a rule without a spec
    (a plugin's) what the rule declares; None for an unknown code."""
    code = code.strip().upper()
    doc = load_doc(code)
    if doc is not None:
        return render_terminal(doc)
    rule = all_rules().get(code)
    if rule is None:
        return None
    title = f"{rule.code} {rule.name}"
    lines = [title, "=" * len(title), "", f"Severity: {rule.severity.label}."]
    lines += [
        f"Fix: {Applicability(f.applicability).value} {f.condition}." for f in rule.fixes
    ] or ["Fix: none."]
    if rule.group:
        lines.append(f"Group: {rule.group} (off unless selected).")
    lines += ["", f"Checks: {rule.summary}."]
    if rule.docs and "://" in rule.docs:
        lines.append(f"Documentation: {rule.docs}")
    return "\n".join(lines) + "\n"


def listing_json() -> str:
    """``composelint rules --output-format json``: a list of code, name, default
    severity, fix levels (each with its condition) and opt-in group."""
    import json

    entries = [
        {
            "code": info.code,
            "name": info.name,
            "severity": info.severity.label,
            "fixes": [
                {"applicability": Applicability(f.applicability).value, "condition": f.condition}
                for f in info.fixes
            ],
            "group": info.group,
            "summary": info.summary,
        }
        for info in (rule_info(code) for code in describable_codes())
        if info is not None
    ]
    return json.dumps(entries, indent=1, ensure_ascii=False)


def describable_codes() -> list[str]:
    """Every code composelint can print and describe: the meta codes with a spec, then
    the registered rules (built-in and plugins), in code order."""
    return sorted(set(META) | set(all_rules()))


def resolve_code(given: str) -> str | None:
    """The code ``given`` names: a code in any case (``cl102``) or a rule's name
    (``port-published-on-all-interfaces``); None when it names nothing describable."""
    wanted = given.strip()
    codes = describable_codes()
    if wanted.upper() in codes:
        return wanted.upper()
    for code in codes:
        rule = all_rules().get(code)
        name = rule.name if rule is not None else CODES[code][0]
        if name == wanted.lower():
            return code
    return None
