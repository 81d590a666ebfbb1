"""What each command does, given its parsed values (``composelint.cli.spec`` declares
the commands).  Each returns the exit code; what it needs is imported when it runs."""

from __future__ import annotations

import sys
from typing import Any


def check(args: Any) -> int:
    from composelint.cli.check_command import run_check

    return run_check(args)


def rules(args: Any) -> int:
    from composelint.diagnostics import CODES
    from composelint.rules.registry import all_rules
    from composelint.rules.selection import HARDENING

    registered = all_rules()
    for code, (name, severity) in CODES.items():
        rule = registered.get(code)
        if rule is None and code not in ("CL000", "CL001", "CL002", "CL005", "CL006"):
            continue
        fix = rule.fix if rule and rule.fix else "-"
        group = " (opt-in)" if code in HARDENING else ""
        print(f"{code}  {name:<36} {severity.label:<8} fix: {fix}{group}")
    for code, rule in registered.items():
        if code not in CODES:
            print(f"{code}  {rule.name:<36} {rule.severity.label:<8} fix: {rule.fix or '-'}")
    return 0


def rule(args: Any) -> int:
    from composelint.rules.docs import load_doc, render_terminal

    doc = load_doc(args.code.upper())
    if doc is None:
        print(
            f"composelint: error: no rule '{args.code}' (see 'composelint rules')", file=sys.stderr
        )
        return 2
    print(render_terminal(doc))
    return 0


def lsp(args: Any) -> int:
    from composelint.lsp.server import serve

    # args.stdio changes nothing: stdio is the only transport; clients pass the flag
    serve(debounce_ms=args.debounce_ms, log_file=args.log_file)
    return 0


def version(args: Any) -> int:
    from composelint import __version__

    print(f"composelint {__version__}")
    return 0
