"""The shell-script reader: tree-sitter's bash grammar, read for container launches.

:func:`screen` is the cheap test (the script names a container runtime);
:func:`read_script` parses a script and returns its :class:`Script`: every simple
command, the launches the command-line reader found among them, the comments (for
suppressions) and, when the grammar could not read it, one information-level note.
"""

from composelint.shell.embedded import ShellText, Stretch, written
from composelint.shell.parse import (
    MAX_DEPTH,
    MAX_PARSE_SECONDS,
    MAX_SCRIPT_BYTES,
    ParseLimit,
    parses_cleanly,
)
from composelint.shell.script import (
    NOTE_CODE,
    Command,
    Comment,
    Script,
    read_embedded,
    read_mapped,
    read_script,
    screen,
    screen_launches,
    screen_make_launches,
)

__all__ = [
    "MAX_DEPTH",
    "MAX_PARSE_SECONDS",
    "MAX_SCRIPT_BYTES",
    "NOTE_CODE",
    "Command",
    "Comment",
    "ParseLimit",
    "Script",
    "ShellText",
    "Stretch",
    "parses_cleanly",
    "read_embedded",
    "read_mapped",
    "read_script",
    "screen",
    "screen_launches",
    "screen_make_launches",
    "written",
]
