"""Suppression comments in scripts cover a command, as design §6 and §9 say."""

from __future__ import annotations

from composelint.diagnostics import make
from composelint.shell import read_script
from composelint.source import Source
from composelint.suppress import apply, parse, shell_targets

TEXT = """\
# composelint: ignore CL102 -- a local demo
docker run -p 80:80 nginx:1.27
docker run \\
  -p 81:81 \\
  nginx:1.27  # composelint: ignore CL102
docker run -p 82:82 nginx:1.27
"""


def _kept() -> list[str]:
    source = Source.from_text("demo.sh", TEXT)
    script = read_script(source)
    comments, ranges = shell_targets(script)
    suppressions, problems = parse(comments, ranges, {"CL102"}, source)
    assert problems == []
    found = [
        make("CL102", "published", source.span(p.origin.node.start, p.origin.node.end))
        for launch in script.launches
        for p in launch.service.ports
        if p.origin is not None
    ]
    return [
        source.text[d.span.start.offset : d.span.end.offset]
        for d in apply(found, suppressions, source)
    ]


def test_own_line_and_trailing_comments_cover_their_command() -> None:
    assert _kept() == ["82:82"]
