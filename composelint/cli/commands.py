"""What each command does, given its parsed values (``composelint.cli.spec`` declares
the commands).  Each returns the exit code; what it needs is imported when it runs."""

from __future__ import annotations

import sys
from typing import Any


def check(args: Any) -> int:
    from composelint.cli.check_command import run_check

    return run_check(args)


def map_(args: Any) -> int:
    from composelint.cli.map_command import run_map

    return run_map(args)


def rules(args: Any) -> int:
    from composelint.rules.catalog import listing, listing_json

    if args.output_format == "json":
        print(listing_json())
        return 0
    for line in listing():
        print(line)
    return 0


def rule(args: Any) -> int:
    from composelint.rules.catalog import describable_codes, describe, resolve_code

    if args.all:
        codes = describable_codes()
    elif args.codes:
        codes = []
        for given in args.codes:
            code = resolve_code(given)
            if code is None:
                print(
                    f"composelint: error: no rule '{given}' (see 'composelint rules')",
                    file=sys.stderr,
                )
                return 2
            codes.append(code)
    else:
        print(
            "composelint: error: missing CODE: name a rule (a code or a name), or give --all "
            "(see 'composelint rule --help')",
            file=sys.stderr,
        )
        return 2
    texts = [describe(code) for code in codes]
    print("\n".join(text for text in texts if text is not None), end="")
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
