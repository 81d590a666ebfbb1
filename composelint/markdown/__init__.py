"""The Markdown reader: shell code fences read as scripts of the Markdown file.

:func:`screen` is the cheap test (a runtime, then `run` or `create`, on a line);
:func:`read_markdown` finds the fences with markdown-it-py (``sh``, ``bash``,
``shell``, ``zsh``; ``console`` and ``shell-session``, where only the lines after a
``$`` or ``#`` prompt are commands) and reads them with the shell reader's grammar.
Prose and inline code are not commands.  What a fence shows is an example a reader
will copy: the run reports its findings as such (:mod:`composelint.run.scripts`).
"""

from composelint.markdown.reader import (
    MAX_MARKDOWN_BYTES,
    MAX_PARSE_SECONDS,
    SESSION_LANGUAGES,
    SHELL_LANGUAGES,
    fences,
    read_markdown,
    screen,
)

__all__ = [
    "MAX_MARKDOWN_BYTES",
    "MAX_PARSE_SECONDS",
    "SESSION_LANGUAGES",
    "SHELL_LANGUAGES",
    "fences",
    "read_markdown",
    "screen",
]
