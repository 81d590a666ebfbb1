"""Colour for the text output: ANSI escapes when the stream is a terminal.

``--color auto`` colours a terminal only, and the environment's conventions decide
before the terminal does: ``NO_COLOR`` (https://no-color.org) turns colour off,
``FORCE_COLOR`` turns it on in a pipe (CI logs that render escapes); ``always`` and
``never`` override both.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import IO

from msgspec import Struct

from composelint.diagnostics import Severity

_RESET = "\x1b[0m"
_SEVERITY = {
    Severity.ERROR: "\x1b[1;31m",  # bold red
    Severity.WARNING: "\x1b[33m",  # yellow
    Severity.INFORMATION: "\x1b[36m",  # cyan
    Severity.HINT: "\x1b[2m",  # dim
}
_CODE = "\x1b[1m"  # bold
_PATH = "\x1b[1m"


def wants_color(choice: str, out: IO[str], environ: Mapping[str, str]) -> bool:
    """Whether text written to ``out`` is coloured, for ``--color choice``."""
    if choice in ("always", "never"):
        return choice == "always"
    if environ.get("NO_COLOR", ""):
        return False
    if environ.get("FORCE_COLOR", "") not in ("", "0"):
        return True
    isatty = getattr(out, "isatty", None)
    return bool(isatty is not None and isatty())


class Style(Struct, frozen=True):
    """How the parts of a finding are shown: plain, or in colour."""

    color: bool = False

    def _paint(self, escape: str, text: str) -> str:
        return f"{escape}{text}{_RESET}" if self.color else text

    def path(self, text: str) -> str:
        return self._paint(_PATH, text)

    def code(self, text: str) -> str:
        return self._paint(_CODE, text)

    def severity(self, severity: Severity, text: str) -> str:
        return self._paint(_SEVERITY[severity], text)


PLAIN = Style()
