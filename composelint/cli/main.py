"""The ``composelint`` entry point.

A first argument that is not a command (nor ``--help`` or ``--version``) means
``check``: ``composelint PATHS`` is ``composelint check PATHS``.  A plain invocation
runs its command straight away (``composelint.cli.fast``); anything else goes to the
typer application (``composelint.cli.app``).  Both read ``composelint.cli.spec``.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    try:
        code = _main(argv)
        sys.stdout.flush()  # here, where a reader that went away is handled
    except BrokenPipeError:  # the reader went away (`composelint rules | head`)
        # Exit quietly, as typer does; stdout goes to devnull so that Python's last
        # flush of it at exit does not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
    except KeyboardInterrupt:  # Ctrl-C: stop quietly, as a shell command does
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
    sys.exit(code)


def _main(argv: list[str] | None) -> int:
    from composelint.cli import spec

    args = list(sys.argv[1:] if argv is None else argv)
    if args == [spec.VERSION_FLAG]:
        args = ["version"]
    elif not args or args[0] not in (*spec.BY_NAME, *spec.HELP_FLAGS, spec.VERSION_FLAG):
        args.insert(0, spec.DEFAULT_COMMAND)
    command = spec.BY_NAME.get(args[0])
    if command is not None:
        from composelint.cli.fast import parse

        values = parse(command, args[1:])
        if values is not None:
            return command.run(values)
    from composelint.cli.app import run_app

    return run_app(args)
