"""The docker command-line reader, shared by every kind of file that holds command lines.

A reader of scripts (shell, Makefiles, workflows, Markdown, Python) hands over the
words of one simple command (:class:`Word`); :func:`read_launch` returns the
:class:`Launch` they make, with its container in the one model, or None.
"""

from composelint.commands.argv import Option
from composelint.commands.launch import Launch, read_launch, read_network, stops_containers
from composelint.commands.located import Expansions, TextSpan, ValueNode
from composelint.commands.words import LITERAL, RUNTIME, VARIABLE, Piece, VarUse, Word

__all__ = [
    "LITERAL",
    "RUNTIME",
    "VARIABLE",
    "Expansions",
    "Launch",
    "Option",
    "Piece",
    "TextSpan",
    "ValueNode",
    "VarUse",
    "Word",
    "read_launch",
    "read_network",
    "stops_containers",
]
