"""The Python reader: the containers a Python file starts (Docker SDK, testcontainers)
and the command lines it runs, in the one container model.

``screen(text)`` says whether a file is worth parsing; ``read_python(source)`` gives a
:class:`PythonFile`: its containers (``Service``, kind "sdk"), the launches of its
``subprocess`` argument lists (read by ``composelint.commands``), every command line
(:class:`CommandLine`, string forms for a shell reader), suppression comments and
targets (``suppress.shell_targets`` takes it as it is), ``project()`` and, for a file
that does not parse, ``note`` (CL007).  Values' origins are
:mod:`composelint.python.nodes`; ``composelint.fix.python_edits`` rewrites them.
"""

from composelint.python.argv import CommandLine
from composelint.python.reader import NOTE_CODE, Comment, PythonFile, read_python
from composelint.python.screen import screen
from composelint.python.testcontainers import LOOPBACK_HINT

__all__ = [
    "LOOPBACK_HINT",
    "NOTE_CODE",
    "CommandLine",
    "Comment",
    "PythonFile",
    "read_python",
    "screen",
]
