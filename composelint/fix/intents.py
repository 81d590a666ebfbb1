"""Fix intents resolved: each becomes text edits at the level the text allows.

A rule decides how far its fix can be trusted from what the project shows
(``safe``/``unsafe``).  Whether the text can carry it is decided here, per finding:
a value from a file that is only context, or one that came through ``extends`` or an
``include``, is not one literal in one place (display-only).  A value an override file
writes for its service is edited there.  A value written behind a YAML anchor (an
alias, a merge key) serves several places: its fix is kept only when every user of the
anchor gets the same one, since one edit changes them all.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar

from msgspec.structs import replace

from composelint.compose.project import LoadedProject
from composelint.diagnostics import Applicability, Diagnostic, Edit, Fix, make
from composelint.fix.carry import Resolved
from composelint.fix.compose_edits import compose_edits
from composelint.model.intents import (
    AddSetting,
    BindLoopback,
    Intent,
    MakeReadOnly,
    MoveToExpose,
    RemovePorts,
)
from composelint.model.origin import Origin

AnchorKey = tuple[str, int, int]  # (file, start, end) of a written value


# The language server lints a Python file on every edit, and its fixes are made on the
# file's libcst tree, a parse that costs more than the rest of the lint: there they are
# made when an editor asks for a code action (``resolve_on_request``), not with the
# diagnostics.  Set with ``python_fixes_on_request()``.
_ON_REQUEST: ContextVar[bool] = ContextVar("composelint_python_fixes_on_request", default=False)


@contextmanager
def python_fixes_on_request() -> Iterator[None]:
    """Within this block, a Python file's fixes keep their intent and get no edits yet."""
    token = _ON_REQUEST.set(True)
    try:
        yield
    finally:
        _ON_REQUEST.reset(token)


class OnRequest:
    """An intent kept for later.  Diagnostics are hashed and compared (sets of findings),
    and an intent's values hold their sources: this holder is hashed by identity."""

    __slots__ = ("intent",)

    def __init__(self, intent: Intent) -> None:
        self.intent = intent


def resolve_on_request(fix: Fix) -> Fix | None:
    """The edits of a fix kept for later (``python_fixes_on_request``), or None when no
    literal can carry it; any other fix is returned as it is."""
    if not isinstance(fix.intent, OnRequest):
        return fix
    intent = fix.intent.intent
    try:
        resolved = _editor(intent)(intent)
    except Exception:  # a bug in an editor: no fix (the check reports it as CL000)
        return None
    if resolved is None:
        return None
    return Fix(fix.title, fix.applicability, resolved[0], resolved[1])


def resolve_fixes(
    found: list[Diagnostic], loaded: LoadedProject, is_target: Callable[[str], bool]
) -> list[Diagnostic]:
    """``found`` with every fix intent turned into edits (or the fix dropped where no
    literal can carry it), at the level its text allows."""
    if not any(d.fix is not None and d.fix.intent is not None for d in found):
        return found
    users = AnchorUsers(loaded)
    may_share: dict[str, bool] = {}
    out: list[Diagnostic] = []
    shared: set[int] = set()
    for diagnostic in found:
        fix = diagnostic.fix
        if fix is None or fix.intent is None:
            out.append(diagnostic)
            continue
        intent: Intent = fix.intent  # type: ignore[assignment]
        if _ON_REQUEST.get() and _is_python(intent):
            level = _level(_origin(intent), fix.applicability, is_target, users, may_share)[0]
            out.append(replace(diagnostic, fix=Fix(fix.title, level, intent=OnRequest(intent))))
            continue
        try:
            resolved = _editor(intent)(intent)
        except Exception as exc:  # a bug in an editor must not stop the run
            out.append(replace(diagnostic, fix=None))
            out.append(_editor_failed(diagnostic, exc))
            continue
        if resolved is None:
            out.append(replace(diagnostic, fix=None))
            continue
        edits, changes = resolved
        origin = _origin(intent)
        level, is_shared = _level(origin, fix.applicability, is_target, users, may_share)
        diagnostic = replace(diagnostic, fix=Fix(fix.title, level, edits, changes))
        if is_shared:
            shared.add(id(diagnostic))
        out.append(diagnostic)
    return _settle_shared(out, shared, users) if shared else out


def _is_python(intent: Intent) -> bool:
    origin = _origin(intent)
    return origin is not None and origin.path.endswith(".py")


def _editor(intent: Intent) -> Callable[[Intent], Resolved | None]:
    """The editor of the source that wrote the intent's values."""
    origin = _origin(intent)
    # Only a reader makes its own nodes: a run that never loaded it has none (and a
    # compose-only check does not import the others).
    commands = sys.modules.get("composelint.commands")
    python = sys.modules.get("composelint.python.nodes")
    if (
        origin is not None
        and commands is not None
        and isinstance(origin.node, (commands.ValueNode, commands.TextSpan))
    ):
        if python is not None and origin.path.endswith(".py"):
            # A command line written in Python: its strings are rewritten as Python.
            from composelint.fix.python_edits import python_edits

            return python_edits
        from composelint.fix.command_edits import command_edits

        return command_edits
    if (
        origin is not None
        and python is not None
        and isinstance(origin.node, (python.PortNode, python.MountNode, python.CallNode))
    ):
        from composelint.fix.python_edits import python_edits

        return python_edits
    return compose_edits


def _origin(intent: Intent) -> Origin | None:
    if isinstance(intent, (BindLoopback, MoveToExpose)):
        return intent.port.origin
    if isinstance(intent, MakeReadOnly):
        return intent.mount.origin
    if isinstance(intent, AddSetting):
        return intent.container.origin
    if isinstance(intent, RemovePorts):  # where the publishes are written
        ports = intent.container.ports
        return ports[0].origin if ports else None
    return None


def _level(
    origin: Origin | None,
    wanted: Applicability,
    is_target: Callable[[str], bool],
    users: Mapping[AnchorKey, int],
    may_share: dict[str, bool],
) -> tuple[Applicability, bool]:
    """The level the rule wanted, or display-only when the text cannot be edited in
    place; and whether the value is shared through an anchor."""
    if origin is None or not is_target(origin.path):
        return Applicability.DISPLAY_ONLY, False
    if not all(step.startswith(_IN_PLACE) for step in origin.via):
        return Applicability.DISPLAY_ONLY, False  # extends, include: another file's value
    if any(step.startswith(("alias", "merge")) for step in origin.via):
        return wanted, True  # behind an anchor: kept when every user gets the same fix
    if origin.via:
        return wanted, False  # written in an override file for this one service
    # Counting the users walks the project: only for a file with an anchor or extends.
    if origin.path not in may_share:
        text = origin.source.text
        may_share[origin.path] = "&" in text or "extends" in text
    if may_share[origin.path] and users.get(_key(origin), 0) > 1:
        return wanted, True  # editing it here changes it for the other users too
    return wanted, False


# The ways a value reaches its place that leave its literal editable where it is written:
# an alias or a merge key (one edit at the anchor, for every user) and an override file
# (``compose.override.yml``, ``-f base -f override``) that writes it for its service.
_IN_PLACE = ("alias", "merge", "override")


def _key(origin: Origin) -> AnchorKey:
    return (origin.path, origin.node.start, origin.node.end)


def _settle_shared(
    found: list[Diagnostic], shared: set[int], users: Mapping[AnchorKey, int]
) -> list[Diagnostic]:
    """A fix at an anchor is kept only when every user of the anchor gets that same fix."""
    groups: dict[tuple[str, tuple[Edit, ...]], list[Diagnostic]] = {}
    for diagnostic in found:
        if id(diagnostic) in shared and diagnostic.fix is not None:
            groups.setdefault((diagnostic.code, diagnostic.fix.edits), []).append(diagnostic)
    settled: dict[int, Diagnostic] = {}
    for group in groups.values():
        span = group[0].span
        count = users.get((span.path, span.start.offset, span.end.offset), 0)
        levels = {d.fix.applicability for d in group if d.fix}
        level = Applicability.DISPLAY_ONLY
        if len(group) >= count > 0:
            level = Applicability.UNSAFE if Applicability.UNSAFE in levels else Applicability.SAFE
        # One edit at the anchor changes the value for every user: each may change.
        changes = tuple(c for d in group if d.fix for c in d.fix.changes)
        for diagnostic in group:
            assert diagnostic.fix is not None
            settled[id(diagnostic)] = replace(
                diagnostic, fix=replace(diagnostic.fix, applicability=level, changes=changes)
            )
    return [settled.get(id(d), d) for d in found]


def _editor_failed(diagnostic: Diagnostic, exc: Exception) -> Diagnostic:
    where = traceback.extract_tb(exc.__traceback__)[-1]
    return make(
        "CL000",
        f"internal error in the fix of {diagnostic.code}: {type(exc).__name__}: {exc} "
        f"at {where.filename.rsplit('/', 1)[-1]}:{where.lineno}; please report it",
        diagnostic.span,
    )


class AnchorUsers(Mapping[AnchorKey, int]):
    """How many places of the merged project use each value written behind an anchor,
    counted on first use: counting walks every value of the project."""

    def __init__(self, loaded: LoadedProject) -> None:
        self._loaded: LoadedProject | None = loaded
        self._users: dict[AnchorKey, int] = {}

    def _counted(self) -> dict[AnchorKey, int]:
        if self._loaded is not None:
            self._users = _anchor_users(self._loaded)
            self._loaded = None
        return self._users

    def __getitem__(self, key: AnchorKey) -> int:
        return self._counted()[key]

    def __iter__(self) -> Iterator[AnchorKey]:
        return iter(self._counted())

    def __len__(self) -> int:
        return len(self._counted())


def _anchor_users(loaded: LoadedProject) -> dict[AnchorKey, int]:
    users: dict[AnchorKey, int] = {}
    if loaded.tree is None:
        return users
    # Places under an x- extension are inert templates: only real uses count.
    live = [
        origin
        for path, origin in loaded.tree.origins.items()
        if not (path and isinstance(path[0], str) and path[0].startswith("x-"))
    ]
    for origin in live:
        if origin.via:
            key = _key(origin)
            users[key] = users.get(key, 0) + 1
    for origin in live:
        key = _key(origin)
        if not origin.via and key in users:
            users[key] += 1  # the anchor's own place uses it too
    return users
