"""The "Suppress CLnnn on this line" comment, in the form the file type allows.

In YAML a trailing ``# composelint: ignore CODE`` covers the node that starts on its
line; a line that already has a comment gets the suppression on a line of its own
just above (which covers the next node).  In a Dockerfile a comment always stands on
its own line, so it goes above the instruction that holds the finding.  A
suppression already there gets the code added.  Each candidate edit is checked by
parsing the edited text and asking the suppression parser whether it now covers the
finding; the first that does is offered.
"""

from __future__ import annotations

import re

from composelint import suppress
from composelint.diagnostics import Diagnostic, Edit
from composelint.source import Source

# Codes that a line suppression cannot or should not hide.
UNSUPPRESSIBLE = frozenset({"CL000", "CL001", "CL003", "CL004"})
_IGNORE = re.compile(
    r"#?\s*composelint\s*:\s*ignore(?![\w-])[ \t]*(?P<codes>[A-Za-z0-9, \t]*[A-Za-z0-9])?"
)
_Targets = tuple[list[suppress.CommentInfo], list[tuple[int, int, int]]]


def suppression_edit(source: Source, kind: str, diagnostic: Diagnostic) -> Edit | None:
    """An edit of ``source`` that suppresses ``diagnostic`` there, or None."""
    if diagnostic.code in UNSUPPRESSIBLE or diagnostic.span.path != source.path:
        return None
    parsed = _parse(source, kind)
    if parsed is None:
        return None
    targets, problems = parsed
    for edit in _candidates(source, kind, diagnostic, targets):
        if _suppresses(source, kind, edit, diagnostic, problems):
            return edit
    return None


def _candidates(source: Source, kind: str, diagnostic: Diagnostic, targets: _Targets) -> list[Edit]:
    comments, ranges = targets
    offset = diagnostic.span.start.offset
    line = diagnostic.span.start.line
    if kind == "dockerfile":
        # The first line of the instruction that holds the finding.
        line = next((r[0] for r in ranges if r[1] <= offset <= r[2]), line)
    code = diagnostic.code
    found: list[Edit] = []
    for comment in comments:
        here = comment.span.start.line
        if (here == line and not comment.own_line) or (here == line - 1 and comment.own_line):
            start = comment.span.start.offset
            match = _IGNORE.match(source.text, start, comment.span.end.offset)
            if match and match.group("codes"):
                found.append(Edit(source.path, match.end("codes"), match.end("codes"), f", {code}"))
    text = source.text
    line_start = source.offset(line, 0)
    line_text = source.line_text(line)
    directive = f"# composelint: ignore {code}"
    has_comment = any(c.span.start.line == line for c in comments)
    if kind != "dockerfile" and not has_comment:
        end = line_start + len(line_text)
        found.append(Edit(source.path, end, end, f"  {directive}"))
    indent = line_text[: len(line_text) - len(line_text.lstrip(" \t"))]
    newline = source.newline if "\n" in text else "\n"
    found.append(Edit(source.path, line_start, line_start, f"{indent}{directive}{newline}"))
    return found


def _parse(source: Source, kind: str) -> tuple[_Targets, int] | None:
    """The suppression targets of ``source`` and its number of syntax problems."""
    if kind == "dockerfile":
        from composelint.dockerfile.parser import parse_dockerfile

        dockerfile = parse_dockerfile(source)
        return suppress.dockerfile_targets(dockerfile), len(dockerfile.diagnostics)
    from composelint.yaml.document import load_yaml

    yaml = load_yaml(source)
    if yaml.fatal:
        return None
    return suppress.yaml_targets(yaml), len(yaml.problems)


def _suppresses(
    source: Source, kind: str, edit: Edit, diagnostic: Diagnostic, problems: int
) -> bool:
    text = source.text[: edit.start] + edit.new_text + source.text[edit.end :]
    offset = diagnostic.span.start.offset
    if edit.end <= offset:
        offset += len(edit.new_text) - (edit.end - edit.start)
    edited = Source.from_text(source.path, text)
    parsed = _parse(edited, kind)
    if parsed is None or parsed[1] > problems:
        return False
    (comments, ranges), _problems = parsed
    found, _invalid = suppress.parse(comments, ranges, {diagnostic.code}, edited)
    return any(diagnostic.code in s.codes and s.covers[0] <= offset <= s.covers[1] for s in found)
