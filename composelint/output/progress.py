"""``checked 1234/10000 files`` on stderr while a big tree is checked.

Shown only to a person watching: standard output and standard error are both
terminals and the format is text (a pipe, a file or a machine-readable format
never sees it).  It appears once the tree has at least ``MIN_FILES`` files or
the run has taken ``DELAY`` seconds, is redrawn in place with a carriage return,
and is wiped before findings are printed and at the end.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import IO

from composelint.diagnostics.report import FileReport

MIN_FILES = 200
DELAY = 0.5


class Progress:
    def __init__(self, err: IO[str], out: IO[str]) -> None:
        self.err = err
        self.out = out
        self.started = time.monotonic()
        self.width = 0  # characters on screen now; 0 when nothing is shown

    @classmethod
    def for_run(cls, output_format: str) -> Progress | None:
        """A progress line for this run, or None when nobody would see one."""
        if output_format != "text" or not (_is_tty(sys.stdout) and _is_tty(sys.stderr)):
            return None
        return cls(sys.stderr, sys.stdout)

    def update(self, done: int, total: int) -> None:
        if done >= total:
            return  # finished: nothing left to wait for
        if total < MIN_FILES and time.monotonic() - self.started < DELAY:
            return
        self.out.flush()  # findings printed so far go above the line
        text = f"checked {done}/{total} files"
        self.err.write("\r" + text + " " * max(0, self.width - len(text)))
        self.err.flush()
        self.width = len(text)

    def clear(self) -> None:
        if self.width:
            self.err.write("\r" + " " * self.width + "\r")
            self.err.flush()
            self.width = 0

    def wrap(self, emit: Callable[[FileReport], None]) -> Callable[[FileReport], None]:
        """``emit`` that wipes the line first when the report prints something."""

        def emit_below(report: FileReport) -> None:
            if report.diagnostics:
                self.clear()
            emit(report)

        return emit_below


def _is_tty(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # replaced or closed streams
        return False
