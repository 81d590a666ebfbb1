"""The daemon.json editor: fix intents as text edits on the JSON that wrote the values."""

from __future__ import annotations

from collections.abc import Callable

from msgspec.structs import replace

from composelint.daemon.edit import add_member, replace_value
from composelint.daemon.scanner import JsonObject
from composelint.diagnostics import Applicability, Diagnostic, Edit, Fix
from composelint.model.intents import SetOption
from composelint.model.origin import Path

Resolved = tuple[tuple[Edit, ...], tuple[Path, ...]]


def daemon_edits(intent: object) -> Resolved | None:
    """The edits carrying ``intent`` and the data paths they may change (None: no edit)."""
    if not isinstance(intent, SetOption):
        return None
    config = intent.config
    option = config.get(intent.name)
    if option is not None:
        if option.value == intent.value:
            return None
        start, end, text = replace_value(option.origin.node, intent.value)  # type: ignore[arg-type]
    else:
        obj = config.origin.node
        if not isinstance(obj, JsonObject):
            return None
        start, end, text = add_member(config.origin.source, obj, intent.name, intent.value)
    return (Edit(config.path, start, end, text),), ((intent.name,),)


def resolve_daemon_fixes(
    found: list[Diagnostic], is_target: Callable[[str], bool]
) -> list[Diagnostic]:
    """``found`` with each daemon fix intent turned into edits, or the fix dropped."""
    from composelint.fix.intents import _editor_failed

    out = []
    for diagnostic in found:
        fix = diagnostic.fix
        if fix is None or fix.intent is None:
            out.append(diagnostic)
            continue
        try:
            resolved = daemon_edits(fix.intent)
        except Exception as exc:  # a bug in the editor must not stop the run
            out.extend((replace(diagnostic, fix=None), _editor_failed(diagnostic, exc)))
            continue
        if resolved is None:
            out.append(replace(diagnostic, fix=None))
            continue
        edits, changes = resolved
        level = fix.applicability if is_target(edits[0].path) else Applicability.DISPLAY_ONLY
        out.append(replace(diagnostic, fix=Fix(fix.title, level, edits, changes)))
    return out
