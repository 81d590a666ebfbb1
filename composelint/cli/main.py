"""The ``composelint`` entry point.

A bare ``composelint PATHS`` means ``composelint check PATHS``.  A plain check
(paths and the documented options) runs without importing the CLI framework,
which costs more than linting one file; everything else goes to the typer app
in ``composelint.cli.app``.
"""

from __future__ import annotations

import sys

SUBCOMMANDS = {"check", "rules", "rule", "version", "lsp"}


def main(argv: list[str] | None = None) -> None:
    try:
        _main(argv)
    except KeyboardInterrupt:  # Ctrl-C: stop quietly, as a shell command does
        import os

        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
        sys.stderr.write("composelint: interrupted\n")
        sys.stderr.flush()
        # Not sys.exit: the worker pool's exit handler would wake its manager thread
        # through a pipe the killed workers closed, and print that.
        os._exit(130)


def _main(argv: list[str] | None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    first = next((a for a in args if not a.startswith("-")), None)
    if first not in SUBCOMMANDS and not (args and args[0] in ("-h", "--help") and first is None):
        args.insert(0, "check")
    if args[0] == "check":
        from composelint.cli.check_command import parse_plain, run_check

        plain = parse_plain(args[1:])
        if plain is not None:
            sys.exit(run_check(plain))
    from composelint.cli.app import app

    app(args=args, prog_name="composelint", standalone_mode=True)
