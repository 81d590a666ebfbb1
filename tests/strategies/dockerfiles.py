"""Dockerfiles in varied styles, with what a parser must find in each.

``dockerfiles()`` draws a :class:`DockerfileDoc`: parser directives (``# syntax=``,
``# escape=`` with a backtick), several stages, instructions in any letter case,
line continuations with comment lines inside, heredocs (``RUN <<EOF``, ``<<-EOT``
with tabs, quoted delimiters), ``USER`` lines, comments and blank lines, CRLF line
ends and a BOM now and then.  It records each instruction's exact text, every
comment, every heredoc body and whether the final stage runs as root.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field

from hypothesis import strategies as st

from tests.strategies.styles import COMMENT_WORDS

BASES = ("python:3.12-slim", "node:22", "alpine:3.20", "ubuntu:24.04", "golang:1.22")
USERS = {"root": True, "0": True, "0:0": True, "app": False, "1000": False}
USERS.update({"1000:1000": False, "${APP_USER:-app}": False, "nobody": False})


@dataclass(frozen=True, slots=True)
class DockerfileDoc:
    text: str
    bom: bool
    instructions: tuple[tuple[str, str], ...]  # (KEYWORD, text from keyword to last line)
    comments: tuple[str, ...]  # comment texts after "#", stripped
    heredoc_bodies: tuple[str, ...]
    directives: dict[str, str]
    stages: int
    runs_as_root: bool  # the final stage's user is root

    @property
    def data(self) -> bytes:
        return (codecs.BOM_UTF8 if self.bom else b"") + self.text.encode("utf-8")

    def __repr__(self) -> str:
        return f"DockerfileDoc(bom={self.bom}, text=\n{self.text})"


@dataclass(slots=True)
class _Writer:
    escape: str
    lines: list[str] = field(default_factory=list)
    instructions: list[tuple[str, list[str]]] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    bodies: list[str] = field(default_factory=list)

    def comment(self, text: str, indent: str = "") -> None:
        self.lines.append(f"{indent}{text}")
        self.comments.append(text[1:].strip())

    def instruction(self, keyword: str, lines: list[str]) -> None:
        self.lines.extend(lines)
        self.instructions.append((keyword, lines))


def _keyword(draw: st.DrawFn, keyword: str) -> str:
    return draw(st.sampled_from([keyword, keyword, keyword.lower(), keyword.capitalize()]))


def _comment_text(draw: st.DrawFn) -> str:
    return "# " + " ".join(draw(st.lists(st.sampled_from(COMMENT_WORDS), min_size=1, max_size=2)))


def _run_shell(draw: st.DrawFn, out: _Writer, indent: str) -> None:
    words = ["apt-get update", "&& apt-get install -y curl", "&& rm -rf /var/lib/apt/lists/*"]
    count = draw(st.integers(1, 3))
    lines = [f"{indent}{_keyword(draw, 'RUN')} {words[0]}"]
    if draw(st.integers(0, 3)) == 3:
        lines[-1] += " # not a comment: '#' only starts one at the start of a line"
    for word in words[1:count]:
        # Spaces after the escape character still continue the line (as BuildKit reads it).
        lines[-1] += f" {out.escape}" + draw(st.sampled_from(["", "", "  ", "\t"]))
        if draw(st.integers(0, 3)) == 3:  # a comment line inside the continuation
            text = _comment_text(draw)
            lines.append(f"    {text}")
            out.comments.append(text[1:].strip())
        if draw(st.integers(0, 5)) == 5:  # an empty line inside the continuation
            lines.append("")
        lines.append(f"    {word}")
    out.instruction("RUN", lines)


def _heredoc(draw: st.DrawFn, out: _Writer, indent: str) -> None:
    keyword = draw(st.sampled_from(["RUN", "COPY"]))
    name = draw(st.sampled_from(["EOF", "EOT", "SCRIPT"]))
    strip = draw(st.booleans())
    marker = draw(st.sampled_from([name, f"'{name}'", f'"{name}"']))
    tab = "\t" if strip else ""
    body = draw(
        st.lists(st.sampled_from(["set -e", "echo hello", "# a shell comment"]), min_size=1)
    )
    head = f"{indent}{_keyword(draw, keyword)} <<{'-' if strip else ''}{marker}"
    if keyword == "COPY":
        head += " /etc/motd"
    out.instruction(keyword, [head, *(f"{tab}{line}" for line in body), f"{tab}{name}"])
    out.bodies.append("".join(f"{tab}{line}\n" for line in body))


def _simple(draw: st.DrawFn, out: _Writer, indent: str) -> None:
    keyword, args = draw(
        st.sampled_from(
            [
                ("RUN", '["sh", "-c", "echo hi"]'),
                ("COPY", ". /app"),
                ("COPY", "--chown=app:app requirements.txt /app/"),
                ("ENV", "PYTHONUNBUFFERED=1 APP_ENV=prod"),
                ("ARG", "VERSION=1.0"),
                ("WORKDIR", "/app"),
                ("EXPOSE", "8080"),
                ("CMD", '["python", "app.py"]'),
                ("ENTRYPOINT", '["/entrypoint.sh"]'),
                ("LABEL", 'org.opencontainers.image.title="demo"'),
            ]
        )
    )
    out.instruction(keyword, [f"{indent}{_keyword(draw, keyword)} {args}"])


def _stage(draw: st.DrawFn, out: _Writer, index: int, last: bool) -> bool | None:
    """Write one stage; returns whether its last USER is root (None: no USER)."""
    base = draw(st.sampled_from(BASES))
    name = f" AS stage{index}" if not last or draw(st.booleans()) else ""
    out.instruction("FROM", [f"{_keyword(draw, 'FROM')} {base}{name}"])
    user: bool | None = None
    for _ in range(draw(st.integers(1, 5))):
        indent = draw(st.sampled_from(["", "", "  "]))
        if draw(st.integers(0, 3)) == 3:
            out.comment(_comment_text(draw), indent)
        if draw(st.integers(0, 4)) == 4:
            out.lines.append("")
        kind = draw(st.integers(0, 3))
        if kind == 0:
            _run_shell(draw, out, indent)
        elif kind == 1:
            _heredoc(draw, out, indent)
        elif kind == 2:
            written = draw(st.sampled_from(sorted(USERS)))
            out.instruction("USER", [f"{indent}{_keyword(draw, 'USER')} {written}"])
            user = USERS[written]
        else:
            _simple(draw, out, indent)
    return user


@st.composite
def dockerfiles(draw: st.DrawFn) -> DockerfileDoc:
    directives: dict[str, str] = {}
    lines: list[str] = []
    if draw(st.booleans()):
        directives["syntax"] = "docker/dockerfile:1"
        lines.append("# syntax=docker/dockerfile:1")
    escape = "\\"
    if draw(st.integers(0, 3)) == 3:
        escape = "`"
        directives["escape"] = "`"
        lines.append("# escape=`")
    out = _Writer(escape, lines)
    if draw(st.booleans()):
        out.comment(_comment_text(draw))
    count = draw(st.integers(1, 3))
    user: bool | None = None
    for index in range(count):
        if index:
            out.lines.append("")
        user = _stage(draw, out, index, index == count - 1)
    newline = "\r\n" if draw(st.booleans()) else "\n"
    text = "\n".join(out.lines) + ("\n" if draw(st.integers(0, 4)) != 4 else "")
    return DockerfileDoc(
        text=text.replace("\n", newline),
        bom=draw(st.integers(0, 4)) == 4,
        instructions=tuple(
            (keyword, newline.join(lines).lstrip(" ")) for keyword, lines in out.instructions
        ),
        comments=tuple(out.comments),
        heredoc_bodies=tuple(out.bodies),
        directives=directives,
        stages=count,
        runs_as_root=user is not False,
    )
