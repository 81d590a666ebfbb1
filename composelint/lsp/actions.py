"""Code actions: a quick fix per fix, "Suppress CLnnn on this line", and fix-all.

Quick fixes and suppressions come from the document's last lint (the server lints
first when an edit is still waiting for its debounce), so their edits match the text
the editor shows.  Fix-all runs the real fix loop on the buffer: every pass is parsed
again and checked, as ``composelint check --fix`` does, and the result is one edit
covering the part of the text that changed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types

from composelint.diagnostics import Diagnostic, Fix
from composelint.lsp.documents import OpenDocument
from composelint.lsp.linting import SCREENED, LintResult, configured_kind, lsp_range, source_of
from composelint.lsp.settings import Effective
from composelint.lsp.suppression import suppression_edit
from composelint.source import Source

if TYPE_CHECKING:
    from composelint.run.engine import RunResult
    from composelint.run.fixing import FixOutcome

FIX_ALL_KIND = "source.fixAll.composelint"


def wanted(kind: str, only: list[str] | None) -> bool:
    """Whether a client that asked for ``only`` kinds wants ``kind`` (kinds are dotted)."""
    return not only or any(kind == k or kind.startswith(k + ".") for k in only)


def overlaps(a: types.Range, b: types.Range) -> bool:
    def key(p: types.Position) -> tuple[int, int]:
        return (p.line, p.character)

    return key(a.start) <= key(b.end) and key(b.start) <= key(a.end)


def quick_fixes(
    lint: LintResult,
    document: OpenDocument,
    overlay: dict[str, str],
    wanted_range: types.Range,
    only: list[str] | None = None,
) -> list[types.CodeAction]:
    """One action per fix and per suppression, for the findings that touch the range."""
    actions: list[types.CodeAction] = []
    if not wanted(types.CodeActionKind.QuickFix, only):
        return actions
    for diagnostic, lsp in lint.findings:
        if not overlaps(lsp.range, wanted_range):
            continue
        fix = _made(diagnostic.fix)
        if fix is not None and fix.edits:
            edit = _workspace_edit(fix, lint, document, overlay)
            if edit is not None:
                applicability = fix.applicability
                actions.append(
                    types.CodeAction(
                        title=f"{fix.title} ({applicability} fix)",
                        kind=types.CodeActionKind.QuickFix,
                        diagnostics=[lsp],
                        edit=edit,
                        is_preferred=applicability == "safe",
                    )
                )
        suppression = _suppression(diagnostic, lint)
        if suppression is not None:
            actions.append(
                types.CodeAction(
                    title=f"Suppress {diagnostic.code} on this line",
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[lsp],
                    edit=types.WorkspaceEdit(changes={document.uri: [suppression]}),
                )
            )
    return actions


def _made(fix: Fix | None) -> Fix | None:
    """``fix`` with its edits: a Python file's are made only now, when they are asked
    for (the lint keeps the intent: ``fix.intents.python_fixes_on_request``)."""
    if fix is None or fix.edits:
        return fix
    from composelint.fix.intents import resolve_on_request

    return resolve_on_request(fix)


def _workspace_edit(
    fix: Fix, lint: LintResult, document: OpenDocument, overlay: dict[str, str]
) -> types.WorkspaceEdit | None:
    from pathlib import Path

    changes: dict[str, list[types.TextEdit]] = {}
    for edit in fix.edits:
        source = source_of(edit.path, lint, overlay)
        if source is None:
            return None
        uri = document.uri if edit.path == document.path else Path(edit.path).as_uri()
        changes.setdefault(uri, []).append(
            types.TextEdit(lsp_range(source, edit.start, edit.end), edit.new_text)
        )
    return types.WorkspaceEdit(changes=changes)


def _suppression(diagnostic: Diagnostic, lint: LintResult) -> types.TextEdit | None:
    if lint.source is None or lint.kind is None or lint.kind == "daemon":
        return None  # JSON has no comments: a daemon.json is suppressed in the config only
    kind = lint.kind if lint.kind in ("dockerfile", *SCREENED) else "yaml"
    edit = suppression_edit(lint.source, kind, diagnostic)
    if edit is None:
        return None
    return types.TextEdit(lsp_range(lint.source, edit.start, edit.end), edit.new_text)


def fix_all_action(
    lint: LintResult, only: list[str] | None, unsafe: bool
) -> types.CodeAction | None:
    """Fix-all, without its edit yet (``codeAction/resolve`` computes it), when wanted
    and when the last lint found something it would fix."""
    if not wanted(FIX_ALL_KIND, only) or not has_fixes(lint, unsafe):
        return None
    return types.CodeAction(
        title=fix_all_title(unsafe), kind=FIX_ALL_KIND, data={"uri": lint.uri, "fixAll": True}
    )


def has_fixes(lint: LintResult, unsafe: bool) -> bool:
    """Whether fix-all would have something to apply (judged from the last lint)."""
    allowed = ("safe", "unsafe") if unsafe else ("safe",)
    return any(
        d.fix is not None
        and (d.fix.edits or d.fix.intent is not None)  # a Python fix is made on request
        and d.fix.applicability in allowed
        for d, _lsp in lint.findings
    )


def fix_all_title(unsafe: bool) -> str:
    if unsafe:
        return "Fix all problems in this file (unsafe fixes included)"
    return "Fix all safe problems in this file"


def fix_all_edit(
    document: OpenDocument, overlay: dict[str, str], effective: Effective, unsafe: bool
) -> types.WorkspaceEdit | None:
    """The fix loop's result for the buffer as one edit, or None when nothing changes."""
    kind = configured_kind(document.kind, document.path, effective.config)
    if kind in SCREENED:
        outcome = _fix_script(document, kind, overlay, effective, unsafe)
    else:
        from composelint.run.fixing import fix_run

        outcome = fix_run(
            [document.path],
            unsafe=unsafe,
            selection=effective.selection,
            config=effective.config,
            overlay=overlay,
        )
    fixed = outcome.changed.get(document.path)
    if fixed is None:
        return None
    source = Source.from_text(document.path, document.text)
    start, end, new_text = _changed_part(document.text, fixed)
    edit = types.TextEdit(lsp_range(source, start, end), new_text)
    return types.WorkspaceEdit(changes={document.uri: [edit]})


def _fix_script(
    document: OpenDocument,
    kind: str,
    overlay: dict[str, str],
    effective: Effective,
    unsafe: bool,
) -> FixOutcome:
    """The fix loop on a script, Python file, Makefile or Markdown file, of the kind its
    buffer says (a shebang not saved yet, or only the editor's language, which a search
    of the disk would not find)."""
    from composelint.run.engine import run_classified
    from composelint.run.fixing import fix_loop, for_fixing

    texts = dict(overlay)
    checking = for_fixing(effective.selection)

    def check() -> RunResult:
        return run_classified([(document.path, kind)], None, checking, texts, effective.config)

    return fix_loop(check, texts, unsafe=unsafe, wanted=effective.selection)


def _changed_part(old: str, new: str) -> tuple[int, int, str]:
    """(start, end) in ``old`` and the text replacing it: what differs, without the
    common beginning and end (so the editor keeps the cursor and folds elsewhere)."""
    limit = min(len(old), len(new))
    start = 0
    while start < limit and old[start] == new[start]:
        start += 1
    end_old, end_new = len(old), len(new)
    while end_old > start and end_new > start and old[end_old - 1] == new[end_new - 1]:
        end_old -= 1
        end_new -= 1
    if start > 0 and old[start - 1] == "\r":  # never split a CRLF pair
        start -= 1
    if 0 < end_old < len(old) and old[end_old - 1] == "\r" and old[end_old] == "\n":
        end_old += 1
        end_new += 1
    return start, end_old, new[start:end_new]
