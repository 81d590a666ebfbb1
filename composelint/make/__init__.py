"""The Makefile reader: recipe lines, after make's own expansions, read as shell.

:func:`screen` is the cheap test (a runtime, then `run` or `create`, on a line);
:func:`read_makefile` scans the file's structure (:mod:`composelint.make.scanner`),
expands each recipe line as make would (:mod:`composelint.make.reader`) and reads
the lines with the shell reader's grammar, as one script of the Makefile.
"""

from composelint.make.reader import (
    MAX_EXPANSION,
    MAX_MAKEFILE_BYTES,
    MAX_NESTING,
    MAX_PARSE_SECONDS,
    read_makefile,
)
from composelint.make.reader import screen_makefile as screen
from composelint.make.scanner import scan

__all__ = [
    "MAX_EXPANSION",
    "MAX_MAKEFILE_BYTES",
    "MAX_NESTING",
    "MAX_PARSE_SECONDS",
    "read_makefile",
    "scan",
    "screen",
]
