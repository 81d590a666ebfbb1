"""What each command does, given its parsed values (``composelint.cli.spec`` declares
the commands).  Each returns the exit code; what it needs is imported when it runs."""

from __future__ import annotations

import sys
from typing import Any


def check(args: Any) -> int:
    from composelint.cli.check_command import run_check

    return run_check(args)


def rules(args: Any) -> int:
    from composelint.rules.catalog import listing

    for line in listing():
        print(line)
    return 0


def rule(args: Any) -> int:
    from composelint.rules.catalog import describe

    text = describe(args.code)
    if text is None:
        print(
            f"composelint: error: no rule '{args.code}' (see 'composelint rules')", file=sys.stderr
        )
        return 2
    print(text)
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
