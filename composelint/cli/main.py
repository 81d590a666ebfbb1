"""The ``composelint`` entry point.

A first argument that is not a command (nor ``--help`` or ``--version``) means
``check``: ``composelint PATHS`` is ``composelint check PATHS``.  A plain invocation
runs its command straight away (``composelint.cli.fast``); anything else goes to the
typer application (``composelint.cli.app``).  Both read ``composelint.cli.spec``.

The console script and ``python -m composelint`` call :func:`entry`; :func:`main` is
the same without the quick exit, for callers in the same process.
"""

from __future__ import annotations

import atexit
import gc
import os
import sys

# Modules whose exit handlers or threads the interpreter's teardown attends to: a run
# that imported one of them ends the ordinary way.
_NEED_TEARDOWN = ("threading", "multiprocessing", "concurrent.futures", "logging")


def entry() -> None:
    """Run :func:`main` and exit, skipping the interpreter's teardown when nothing
    needs it.

    Freeing every module and object one by one took 15 ms after a one-file check (a
    seventh of its time); the process ends with its output flushed, its files closed
    and, since no exit handler is registered and no thread or worker was started,
    nothing else left to do.  A run that gave up its worker pool ends the same way: the
    pool's thread may wait for ever for a dead worker's result."""
    try:
        main()
    except SystemExit as done:
        code = done.code
        if not (code is None or isinstance(code, int)):
            raise
        if not (_nothing_left_to_do() or _pool_abandoned()):
            raise
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except (OSError, ValueError):
            raise done from None
        os._exit(code or 0)


def _pool_abandoned() -> bool:
    """Whether the run gave up a worker pool whose thread may never end (a worker died
    while it sent a result): the ordinary exit would wait for that thread for ever."""
    workers = sys.modules.get("composelint.run.workers")
    return bool(getattr(workers, "abandoned", False))


def _nothing_left_to_do() -> bool:
    callbacks = getattr(atexit, "_ncallbacks", None)  # CPython's count of exit handlers
    if callbacks is None or callbacks() != 0:
        return False
    return not any(name in sys.modules for name in _NEED_TEARDOWN)


def main(argv: list[str] | None = None) -> None:
    # Importing and loading make many objects that reference counting frees; the cycle
    # collector walking them every 700 allocations cost about 4% of a tree check and
    # 3 ms of a one-file check's start-up.
    gc.set_threshold(20_000, 10, 10)
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
