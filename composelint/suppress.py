"""Inline suppressions (design §6) and the CL003/CL004 they can cause.

``# composelint: ignore CL102 -- reason`` after a node covers that node (on
``db:`` the whole service, on ``- "5432:5432"`` that item); on a line of its
own it covers the next node or Dockerfile instruction.
``# composelint: ignore-file CL301`` covers the whole file.  Codes are
required: a suppression without them, or with an unknown code, is CL004; one
that suppressed nothing is CL003, whose fix removes it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from msgspec import Struct, field

from composelint.diagnostics import Applicability, Diagnostic, Edit, Fix, make
from composelint.source import Source, Span, lazy_pattern

if TYPE_CHECKING:
    from composelint.model.dockerfile import Dockerfile
    from composelint.yaml.document import YamlFile

_DIRECTIVE = lazy_pattern(r"^#?\s*composelint\s*:\s*(?P<kind>[\w-]+)(?P<rest>.*)$", re.IGNORECASE)
_CODE = lazy_pattern(r"^[A-Z]{2,4}[0-9]{3}$")
# hadolint's own comments (``# hadolint ignore=DL3002,DL3007`` above an instruction,
# ``# hadolint global ignore=...`` for the file): decisions a team already made.
_HADOLINT = lazy_pattern(
    r"^#?\s*hadolint\s+(?P<scope>global\s+)?ignore\s*=\s*(?P<codes>[\w\s,]*)$", re.IGNORECASE
)
# hadolint codes that say what a composelint code says (the README's mapping table);
# the others are hadolint's own business and are passed over silently.
HADOLINT_CODES: dict[str, tuple[str, ...]] = {
    "DL3002": ("CL201",),  # last USER should not be root
    "DL3004": ("CL210",),  # do not use sudo
    "DL3006": ("CL401",),  # always tag the version of an image explicitly
    "DL3007": ("CL401",),  # using latest is prone to errors
}


class CommentInfo(Struct, frozen=True):
    """A comment as the suppression parser needs it, whatever the file type."""

    text: str  # the comment, with or without the leading "#"
    span: Span
    own_line: bool


class Suppression(Struct):
    codes: tuple[str, ...]
    whole_file: bool
    covers: tuple[int, int]  # offsets of the covered text
    comment: CommentInfo
    used: set[str] = field(default_factory=set)
    foreign: bool = False  # another tool's comment (hadolint's): never CL003


def parse(
    comments: Iterable[CommentInfo],
    ranges: Sequence[tuple[int, int, int]],
    known: set[str],
    source: Source,
) -> tuple[list[Suppression], list[Diagnostic]]:
    """Suppressions of a file and the CL004s of malformed ones.

    ``ranges`` are (line, start, end) of the nodes or instructions a
    suppression can cover, sorted by start.
    """
    found: list[Suppression] = []
    problems: list[Diagnostic] = []
    for comment in comments:
        text = comment.text.strip()
        if "hadolint" in text[:12].lower():
            mapped = _hadolint(comment, text, ranges, known, source)
            if mapped is not None:
                found.append(mapped)
            continue
        match = _DIRECTIVE.match(text)
        if not match:
            continue
        kind = match.group("kind").lower()
        rest = match.group("rest").split("--", 1)[0]
        codes = tuple(c for c in re.split(r"[\s,]+", rest.strip()) if c)
        if kind not in ("ignore", "ignore-file"):
            problems.append(
                make(
                    "CL004",
                    f"unknown suppression '{kind}': use 'ignore' or "
                    "'ignore-file' followed by rule codes",
                    comment.span,
                )
            )
            continue
        if not codes:
            problems.append(
                make(
                    "CL004",
                    f"'composelint: {kind}' needs rule codes, e.g. "
                    f"'# composelint: {kind} CL102 -- why'",
                    comment.span,
                )
            )
            continue
        # Each bad code once, and looked up in a set: a comment may repeat words endlessly.
        bad = list(dict.fromkeys(c for c in codes if not _CODE.match(c) or c not in known))
        if bad:
            problems.append(
                make("CL004", f"unknown rule code {', '.join(bad)} in suppression", comment.span)
            )
            rejected = set(bad)
            codes = tuple(c for c in codes if c not in rejected)
            if not codes:
                continue
        whole = kind == "ignore-file"
        covers = (0, len(source.text)) if whole else _covered(comment, ranges)
        found.append(Suppression(codes, whole, covers, comment))
    return found, problems


def _hadolint(
    comment: CommentInfo,
    text: str,
    ranges: Sequence[tuple[int, int, int]],
    known: set[str],
    source: Source,
) -> Suppression | None:
    """A hadolint ignore comment as a suppression of the composelint codes it maps to
    (None when it maps to none): unknown or unmapped DL codes are not composelint's to
    judge, so they give no CL004, and the comment never gives a CL003."""
    match = _HADOLINT.match(text)
    if match is None:
        return None
    codes: list[str] = []
    for word in re.split(r"[\s,]+", match.group("codes").upper()):
        codes.extend(c for c in HADOLINT_CODES.get(word, ()) if c in known and c not in codes)
    if not codes:
        return None
    whole = match.group("scope") is not None
    covers = (0, len(source.text)) if whole else _covered(comment, ranges)
    return Suppression(tuple(codes), whole, covers, comment, foreign=True)


def _covered(comment: CommentInfo, ranges: Sequence[tuple[int, int, int]]) -> tuple[int, int]:
    line = comment.span.start.line
    if comment.own_line:
        following = [r for r in ranges if r[0] > line]
        if not following:
            return (0, 0)
        line = following[0][0]
    on_line = [r for r in ranges if r[0] == line]
    if not on_line:
        return (comment.span.start.offset, comment.span.start.offset)
    return (min(r[1] for r in on_line), max(r[2] for r in on_line))


def apply(
    diagnostics: list[Diagnostic], suppressions: list[Suppression], source: Source
) -> list[Diagnostic]:
    """Diagnostics not suppressed, plus CL003 for suppressions that matched nothing."""
    kept: list[Diagnostic] = []
    for diagnostic in diagnostics:
        if diagnostic.code == "CL000":
            kept.append(diagnostic)  # a bug in composelint is never hidden
            continue
        offset = diagnostic.span.start.offset
        # A syntax error has no node to hang a suppression on: only ``ignore-file`` takes
        # it (a template that is not YAML until it is rendered).
        whole_only = diagnostic.code == "CL001"
        hit = next(
            (
                s
                for s in suppressions
                if diagnostic.code in s.codes
                and s.covers[0] <= offset <= s.covers[1]
                and (s.whole_file or not whole_only)
            ),
            None,
        )
        if hit is None:
            kept.append(diagnostic)
        else:
            hit.used.add(diagnostic.code)
    for suppression in suppressions:
        unused = [c for c in suppression.codes if c not in suppression.used]
        if unused and not suppression.foreign:
            kept.append(
                make(
                    "CL003",
                    f"suppression of {', '.join(unused)} matched no problem; remove it",
                    suppression.comment.span,
                    fix=_removal(suppression, unused, source),
                )
            )
    return kept


def _removal(suppression: Suppression, unused: list[str], source: Source) -> Fix:
    comment = suppression.comment
    start, end = comment.span.start.offset, comment.span.end.offset
    text = source.text
    if len(unused) < len(suppression.codes):
        raw = text[start:end]
        for code in unused:
            raw = re.sub(rf"[\s,]*\b{code}\b", "", raw, count=1)
        edit = Edit(source.path, start, end, raw)
        return Fix("Remove the unused codes", Applicability.SAFE, (edit,))
    if comment.own_line:
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        line_end = len(text) if line_end == -1 else line_end + 1
        edit = Edit(source.path, line_start, line_end, "")
        return Fix("Remove the suppression", Applicability.SAFE, (edit,))
    while start > 0 and text[start - 1] in " \t":
        start -= 1
    return Fix("Remove the suppression", Applicability.SAFE, (Edit(source.path, start, end, ""),))


def yaml_targets(yaml_file: YamlFile) -> tuple[list[CommentInfo], list[tuple[int, int, int]]]:
    """Comments and coverable nodes (mapping entries, list items) of a YAML file."""
    from composelint.yaml.nodes import AliasNode, MappingNode, SequenceNode

    source = yaml_file.source
    comments = [
        CommentInfo(c.text, source.span(c.start, c.end), c.own_line) for c in yaml_file.comments
    ]
    ranges: list[tuple[int, int, int]] = []
    todo = list(yaml_file.documents)
    seen: set[int] = set()
    while todo:
        node = todo.pop()
        if id(node) in seen or isinstance(node, AliasNode):
            continue
        seen.add(id(node))
        if isinstance(node, MappingNode):
            for key, value in node.pairs:
                ranges.append((key.line, key.start, max(key.end, value.end)))
                todo.append(value)
        elif isinstance(node, SequenceNode):
            for item in node.items:
                ranges.append((item.line, item.start, item.end))
                todo.append(item)
    ranges.sort(key=lambda r: (r[1], -r[2]))
    return comments, ranges


def dockerfile_targets(
    dockerfile: Dockerfile,
) -> tuple[list[CommentInfo], list[tuple[int, int, int]]]:
    """Comments and instructions of a Dockerfile (comments there always stand alone)."""
    comments = [CommentInfo(c.text, c.span, True) for c in dockerfile.comments]
    ranges = [
        (i.span.start.line, i.span.start.offset, i.span.end.offset) for i in dockerfile.instructions
    ]
    return comments, ranges


def shell_targets(script: Any) -> tuple[list[CommentInfo], list[tuple[int, int, int]]]:
    """Comments and coverable statements of a shell script (``shell.Script``).

    A command continued over several lines is coverable from each of them, so a
    trailing comment on its last line covers it as one on its first line does."""
    source = script.source
    comments = [
        CommentInfo(c.text, source.span(c.start, c.end), c.own_line) for c in script.comments
    ]
    ranges: list[tuple[int, int, int]] = []
    for start, end in script.targets:
        first, last = source.position(start).line, source.position(end).line
        ranges.extend((line, start, end) for line in range(first, last + 1))
    ranges.sort()
    return comments, ranges
