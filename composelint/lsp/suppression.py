"""The "Suppress CLnnn on this line" comment, in the form the file type allows.

In YAML a trailing ``# composelint: ignore CODE`` covers the node that starts on its
line; a line that already has a comment gets the suppression on a line of its own
just above (which covers the next node).  In a Dockerfile a comment always stands on
its own line, so it goes above the instruction that holds the finding.  In a shell
script a trailing comment covers the command on its line; it is written there only
when that line does not end in a continuation (``\\``: a comment after it would end
the command), and otherwise stands on its own line above the command.  A
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
    targets, shape = parsed
    for edit in _candidates(source, kind, diagnostic, targets):
        if _suppresses(source, kind, edit, diagnostic, shape):
            return edit
    return None


def _candidates(source: Source, kind: str, diagnostic: Diagnostic, targets: _Targets) -> list[Edit]:
    if kind == "shell":
        return _shell_candidates(source, diagnostic, targets)
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


def _shell_candidates(source: Source, diagnostic: Diagnostic, targets: _Targets) -> list[Edit]:
    """A code added to a suppression already there, a trailing comment on the finding's
    line when it may have one, else a comment on its own line above the command (or, where
    that would cover another command, a trailing one on the command's last line)."""
    comments, ranges = targets
    offset = diagnostic.span.start.offset
    line = diagnostic.span.start.line
    # The smallest command (or assignment) holding the finding, and its first line.
    holding = [r for r in ranges if r[1] <= offset <= r[2]]
    start, end = min(
        ((r[1], r[2]) for r in holding), key=lambda r: r[1] - r[0], default=(offset,) * 2
    )
    first, last = source.position(start).line, source.position(end).line
    while first > 0 and source.line_text(first - 1).endswith("\\"):
        first -= 1  # the command continues a line above it (``foo | \\``)
    code = diagnostic.code
    found: list[Edit] = []
    for comment in comments:
        here = comment.span.start.line
        if (here == line and not comment.own_line) or (here == first - 1 and comment.own_line):
            match = _IGNORE.match(source.text, comment.span.start.offset, comment.span.end.offset)
            if match and match.group("codes"):
                found.append(Edit(source.path, match.end("codes"), match.end("codes"), f", {code}"))
    directive = f"# composelint: ignore {code}"
    line_text = source.line_text(line)
    continued = line_text.rstrip(" \t").endswith("\\")
    if not continued and not any(c.span.start.line == line for c in comments):
        at = source.offset(line, 0) + len(line_text)
        found.append(Edit(source.path, at, at, f"  {directive}"))
    first_text = source.line_text(first)
    indent = first_text[: len(first_text) - len(first_text.lstrip(" \t"))]
    newline = source.newline if "\n" in source.text else "\n"
    line_start = source.offset(first, 0)
    found.append(Edit(source.path, line_start, line_start, f"{indent}{directive}{newline}"))
    # Last, the command's last line: where the line above it continues another command.
    if continued and last > line and not any(c.span.start.line == last for c in comments):
        at = source.offset(last, 0) + len(source.line_text(last))
        found.append(Edit(source.path, at, at, f"  {directive}"))
    return found


def _parse(source: Source, kind: str) -> tuple[_Targets, tuple[int, ...]] | None:
    """The suppression targets of ``source`` and what an added comment must not change:
    the number of syntax problems (it must not grow); in a shell script also the number
    of commands and of container launches (they must stay as they are)."""
    if kind == "shell":
        from composelint.shell import read_script

        script = read_script(source)
        shape = (int(script.problem is not None), len(script.commands), len(script.launches))
        return suppress.shell_targets(script), shape
    if kind == "dockerfile":
        from composelint.dockerfile.parser import parse_dockerfile

        dockerfile = parse_dockerfile(source)
        return suppress.dockerfile_targets(dockerfile), (len(dockerfile.diagnostics),)
    from composelint.yaml.document import load_yaml

    yaml = load_yaml(source)
    if yaml.fatal:
        return None
    return suppress.yaml_targets(yaml), (len(yaml.problems),)


def _suppresses(
    source: Source, kind: str, edit: Edit, diagnostic: Diagnostic, shape: tuple[int, ...]
) -> bool:
    text = source.text[: edit.start] + edit.new_text + source.text[edit.end :]
    offset = diagnostic.span.start.offset
    if edit.end <= offset:
        offset += len(edit.new_text) - (edit.end - edit.start)
    edited = Source.from_text(source.path, text)
    parsed = _parse(edited, kind)
    if parsed is None or parsed[1][0] > shape[0] or parsed[1][1:] != shape[1:]:
        return False
    (comments, ranges), _shape = parsed
    found, _invalid = suppress.parse(comments, ranges, {diagnostic.code}, edited)
    return any(diagnostic.code in s.codes and s.covers[0] <= offset <= s.covers[1] for s in found)
