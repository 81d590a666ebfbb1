"""``--add-ignore``: an inline suppression for every current finding.

A repository adopts composelint today and fixes its findings over time.  Each finding
gets a ``composelint: ignore CODE -- reason`` comment in its file's comment form, on a
line of its own above the node, instruction or command it covers (a trailing comment
could land after a line continuation, inside a block scalar or after another comment,
where it would change what the file does or not parse).  Markdown gets an HTML comment
above the fence, so the example readers copy is unchanged.  A finding already under a
composelint suppression of other codes has its code added to that comment.

Every file is checked again with its comments added before it is written: it must
parse as before and report exactly what it reported, less the findings it now
suppresses.  Otherwise it is left as it was and named.  A file no comment can go in
(``daemon.json``, an env file) is named too: the baseline or ``per-file-ignores``
serve there.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from msgspec import Struct, field

from composelint.config import Config
from composelint.diagnostics import Diagnostic
from composelint.rules.selection import Selection, known_codes
from composelint.run.engine import FileResult, run
from composelint.source import lazy_pattern

# Findings a line suppression cannot take: a bug, a syntax error (only ``ignore-file``
# covers it), and the suppressions' own.
_NOT_LINE_SUPPRESSIBLE = frozenset({"CL000", "CL001", "CL003", "CL004"})
_FENCE = lazy_pattern(r"[ \t]*(```|~~~)")
# Where a comment's code list ends: before " -- reason", before "-->", or at its end.
_CODES_END = lazy_pattern(r"ignore(?:-file)?\s+[A-Za-z0-9,\s]*?[A-Za-z0-9](?=\s*(?:--|$))")


class AddIgnoreOutcome(Struct):
    written: dict[str, int] = field(default_factory=dict)  # path -> findings suppressed
    texts: dict[str, tuple[str, str]] = field(default_factory=dict)  # path -> (old, new)
    left: list[tuple[str, str]] = field(default_factory=list)  # (path, why) not changed
    errors: list[tuple[str, str]] = field(default_factory=list)


def add_ignores(
    paths: Sequence[str],
    reason: str,
    *,
    selection: Selection | None = None,
    config: Config | None = None,
    environ: Mapping[str, str] | None = None,
) -> AddIgnoreOutcome:
    """The new texts of the files whose findings get suppressions (nothing is written)."""
    outcome = AddIgnoreOutcome()
    result = run(paths, environ, selection, None, config, targets=True)
    outcome.errors = list(result.errors)
    known = known_codes()
    for file in result.files:
        wanted = [d for d in file.diagnostics if d.code not in _NOT_LINE_SUPPRESSIBLE]
        if not wanted or file.source is None:
            continue
        if file.targets is None:
            outcome.left.append(
                (
                    file.path,
                    "no comment can go in this file: use a baseline "
                    "(--write-baseline) or per-file-ignores",
                )
            )
            continue
        new = _with_comments(file, wanted, reason, known)
        if new is None or new == file.source.text:
            continue
        problem = _verify(file, wanted, new, paths, selection, config, environ)
        if problem is not None:
            outcome.left.append((file.path, problem))
            continue
        outcome.texts[file.path] = (file.source.text, new)
        outcome.written[file.path] = len(wanted)
    return outcome


def _with_comments(
    file: FileResult, wanted: list[Diagnostic], reason: str, known: set[str]
) -> str | None:
    from composelint import suppress

    assert file.source is not None and file.targets is not None
    source, (comments, ranges) = file.source, file.targets
    text = source.text
    existing, _problems = suppress.parse(comments, ranges, known, source)
    merged: dict[int, list[str]] = {}  # comment start offset -> codes to add
    above: dict[int, list[str]] = {}  # line start offset -> codes of a new comment there
    for d in wanted:
        offset = d.span.start.offset
        home = next(
            (
                s
                for s in existing
                if not s.foreign and not s.whole_file and s.covers[0] <= offset <= s.covers[1]
            ),
            None,
        )
        if home is not None:
            codes = merged.setdefault(home.comment.span.start.offset, [])
            if d.code not in codes and d.code not in home.codes:
                codes.append(d.code)
            continue
        line_start = _anchor(file.kind, text, ranges, offset)
        codes = above.setdefault(line_start, [])
        if d.code not in codes:
            codes.append(d.code)
    edits: list[tuple[int, int, str]] = []
    for start, codes in merged.items():
        if not codes:
            continue
        end = text.find("\n", start)
        comment = text[start : len(text) if end == -1 else end]
        match = _CODES_END.search(comment)
        if match is None:
            return None
        at = start + match.end()
        edits.append((at, at, ", " + ", ".join(codes)))
    for line_start, codes in above.items():
        edits.append(
            (line_start, line_start, _comment_line(file.kind, text, line_start, codes, reason))
        )
    new = text
    for start, end, insert in sorted(edits, reverse=True):
        new = new[:start] + insert + new[end:]
    return new


def _anchor(kind: str, text: str, ranges: list[tuple[int, int, int]], offset: int) -> int:
    """Where a new own-line comment goes: the start of the first line of the innermost
    node, instruction or command the finding sits in (a Markdown finding: its fence)."""
    holding = [r for r in ranges if r[1] <= offset <= r[2]]
    if kind == "markdown":
        fences = [r for r in holding if _FENCE.match(text, text.rfind("\n", 0, r[1]) + 1)]
        holding = [min(fences, key=lambda r: r[1] - r[2])] if fences else holding
    start = min(holding, key=lambda r: (r[2] - r[1], -r[1]))[1] if holding else offset
    return text.rfind("\n", 0, start) + 1


def _comment_line(kind: str, text: str, line_start: int, codes: list[str], reason: str) -> str:
    line_end = text.find("\n", line_start)
    line = text[line_start : len(text) if line_end == -1 else line_end]
    indent = line[: len(line) - len(line.lstrip(" \t"))]
    if kind == "makefile" and indent.startswith("\t"):
        indent = ""  # a make comment at the margin: make drops it, the shell never sees it
    newline = "\r\n" if line.endswith("\r") else "\n"
    body = f"composelint: ignore {', '.join(codes)}"
    if reason:
        body += f" -- {reason}"
    if kind == "markdown":
        return f"{indent}<!-- {body} -->{newline}"
    return f"{indent}# {body}{newline}"


def _verify(
    file: FileResult,
    wanted: list[Diagnostic],
    new: str,
    paths: Sequence[str],
    selection: Selection | None,
    config: Config | None,
    environ: Mapping[str, str] | None,
) -> str | None:
    """None when the file with its comments reads as before and reports what it did,
    less the findings now suppressed; else why it is left alone."""
    check = run([file.path], environ, selection, {file.path: new}, config)
    after = next((f for f in check.files if f.path == file.path), None)
    if after is None:
        return "it could not be read again with the comments added: left as it was"
    assert file.source is not None and after.source is not None
    old_text, new_text = file.source.text, after.source.text
    before = Counter(_key(d, old_text) for d in file.diagnostics if d.code != "CL000")
    expected = before - Counter(_key(d, old_text) for d in wanted)
    got = Counter(_key(d, new_text) for d in after.diagnostics)
    if got != expected:
        return (
            "with the comments added it would not report the same (a comment cannot "
            "go where this file needs one): left as it was"
        )
    return None


def _key(d: Diagnostic, text: str) -> tuple[Any, ...]:
    """A finding as the same before and after lines are added: its code and the text it
    points at (messages may name line numbers); a suppression's own finding by its code
    alone, since a code added to that comment changes its text."""
    if d.code in ("CL003", "CL004"):
        return (d.code,)
    return (d.code, text[d.span.start.offset : d.span.end.offset])
