"""The Python reader: containers a Python file starts (Docker SDK, testcontainers) and
the command lines it runs, in the one container model."""

from composelint.python.argv import CommandLine
from composelint.python.reader import NOTE_CODE, Comment, PythonFile, read_python
from composelint.python.screen import screen

__all__ = ["NOTE_CODE", "CommandLine", "Comment", "PythonFile", "read_python", "screen"]
