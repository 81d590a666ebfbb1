"""Command lines read the way a script hands them to the command-line reader."""

from __future__ import annotations

from composelint.commands import Launch
from composelint.shell import Script, read_script
from composelint.source import Source


def script(text: str, path: str = "deploy.sh") -> Script:
    return read_script(Source.from_text(path, text))


def launches(text: str) -> tuple[Launch, ...]:
    return script(text).launches


def launch(text: str) -> Launch:
    found = launches(text)
    assert len(found) == 1, [f.form for f in found]
    return found[0]
