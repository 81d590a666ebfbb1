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

from typing import Any

from composelint import suppress
from composelint.diagnostics import Diagnostic, Edit
from composelint.source import Source, lazy_pattern

# Codes that a line suppression cannot or should not hide.
UNSUPPRESSIBLE = frozenset({"CL000", "CL001", "CL003", "CL004"})
_IGNORE = lazy_pattern(
    r"#?\s*composelint\s*:\s*ignore(?![\w-])[ \t]*(?P<codes>[A-Za-z0-9, \t]*[A-Za-z0-9])?"
)
_Targets = tuple[list[suppress.CommentInfo], list[tuple[int, int, int]]]
# Targets, what an added comment must not change, spans a comment above covers whole.
_Parsed = tuple[_Targets, tuple[int, ...], tuple[tuple[int, int], ...]]
# Kinds whose suppressions are ``#`` comments on a command's line or above it.
HASH_COMMENTED = ("shell", "python", "makefile")
# CI files: YAML whose script values are shell, each with its own comments.
CI_KINDS = ("workflow", "gitlab")


def suppression_edit(source: Source, kind: str, diagnostic: Diagnostic) -> Edit | None:
    """An edit of ``source`` that suppresses ``diagnostic`` there, or None."""
    if diagnostic.code in UNSUPPRESSIBLE or diagnostic.span.path != source.path:
        return None
    parsed = _parse(source, kind)
    if parsed is None:
        return None
    for edit in _candidates(source, kind, diagnostic, parsed):
        if _suppresses(source, kind, edit, diagnostic, parsed[1]):
            return edit
    return None


def _candidates(source: Source, kind: str, diagnostic: Diagnostic, parsed: _Parsed) -> list[Edit]:
    targets, _shape, blocks = parsed
    if kind in HASH_COMMENTED:
        return _shell_candidates(source, diagnostic, targets, indented=kind != "makefile")
    if kind == "markdown":
        return _markdown_candidates(source, diagnostic, targets[0], blocks)
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


def _shell_candidates(
    source: Source, diagnostic: Diagnostic, targets: _Targets, *, indented: bool = True
) -> list[Edit]:
    """A code added to a suppression already there, a trailing comment on the finding's
    line when it may have one, else a comment on its own line above the command (or, where
    that would cover another command, a trailing one on the command's last line).  The
    comment on its own line takes the command's indentation when ``indented``."""
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
    indent = first_text[: len(first_text) - len(first_text.lstrip(" \t"))] if indented else ""
    newline = source.newline if "\n" in source.text else "\n"
    line_start = source.offset(first, 0)
    found.append(Edit(source.path, line_start, line_start, f"{indent}{directive}{newline}"))
    # Last, the command's last line: where the line above it continues another command.
    if continued and last > line and not any(c.span.start.line == last for c in comments):
        at = source.offset(last, 0) + len(source.line_text(last))
        found.append(Edit(source.path, at, at, f"  {directive}"))
    return found


def _markdown_candidates(
    source: Source,
    diagnostic: Diagnostic,
    comments: list[suppress.CommentInfo],
    blocks: tuple[tuple[int, int], ...],
) -> list[Edit]:
    """A code added to a suppression on the line above the fence holding the finding,
    else ``<!-- composelint: ignore CODE -->`` on a line of its own above the fence."""
    offset = diagnostic.span.start.offset
    fence = next(((s, e) for s, e in blocks if s <= offset <= e), None)
    if fence is None:
        return []
    first = source.position(fence[0]).line
    code = diagnostic.code
    found: list[Edit] = []
    for comment in comments:
        if comment.own_line and comment.span.start.line == first - 1:
            match = _IGNORE.search(source.text, comment.span.start.offset, comment.span.end.offset)
            if match and match.group("codes"):
                found.append(Edit(source.path, match.end("codes"), match.end("codes"), f", {code}"))
    first_text = source.line_text(first)
    indent = first_text[: len(first_text) - len(first_text.lstrip(" "))]
    newline = source.newline if "\n" in source.text else "\n"
    at = source.offset(first, 0)
    found.append(Edit(source.path, at, at, f"{indent}<!-- composelint: ignore {code} -->{newline}"))
    return found


def _parse(source: Source, kind: str) -> _Parsed | None:
    """The suppression targets of ``source``, what an added comment must not change and
    the spans a comment above covers whole (Markdown fences).  Not to change: the number
    of syntax problems (it must not grow); where commands are read, also the number of
    commands and of container launches (and of containers and fences)."""
    if kind in HASH_COMMENTED or kind == "markdown":
        return _parse_commands(source, kind)
    if kind in CI_KINDS:
        return _parse_pipeline(source, kind)
    if kind == "dockerfile":
        from composelint.dockerfile.parser import parse_dockerfile

        dockerfile = parse_dockerfile(source)
        return suppress.dockerfile_targets(dockerfile), (len(dockerfile.diagnostics),), ()
    from composelint.yaml.document import load_yaml

    yaml = load_yaml(source)
    if yaml.fatal:
        return None
    return suppress.yaml_targets(yaml), (len(yaml.problems),), ()


def _parse_pipeline(source: Source, kind: str) -> _Parsed | None:
    """A workflow or GitLab CI file, as its reader reads it: its YAML's comments and its
    shell steps' (a comment inside a ``run: |`` block is the shell's)."""
    from composelint.ci import read_gitlab, read_workflow

    pipeline = read_gitlab(source) if kind == "gitlab" else read_workflow(source)
    if pipeline.yaml is None:
        return None
    shape = (len(pipeline.yaml.problems), len(pipeline.commands), len(pipeline.launches))
    return pipeline.suppression_targets(), shape, ()


def _parse_commands(source: Source, kind: str) -> _Parsed:
    """A shell script, Python file, Makefile or Markdown file, as its reader reads it."""
    found: Any
    if kind == "python":
        from composelint.python import read_python

        found = read_python(source)
        shape: tuple[int, ...] = (int(found.problem is not None), len(found.containers))
    else:
        if kind == "shell":
            from composelint.shell import read_script

            found = script = read_script(source)
        elif kind == "makefile":
            from composelint.make import read_makefile

            found = read_makefile(source)
            script = found.script
        else:
            from composelint.markdown import read_markdown

            found = read_markdown(source)
            script = found.script
        shape = (int(script.problem is not None), len(getattr(found, "blocks", ())))
    shape += (len(found.commands), len(found.launches))
    comments, ranges = suppress.shell_targets(found)
    blocks: tuple[tuple[int, int], ...] = getattr(found, "blocks", ())
    if blocks:  # a comment above a fence covers the fence, as the run reads it
        ranges = sorted([*ranges, *((source.position(s).line, s, e) for s, e in blocks)])
    return (comments, ranges), shape, blocks


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
    (comments, ranges), _shape, _blocks = parsed
    found, _invalid = suppress.parse(comments, ranges, {diagnostic.code}, edited)
    return any(diagnostic.code in s.codes and s.covers[0] <= offset <= s.covers[1] for s in found)
