"""CL305 executable-tmpfs: a tmpfs mounted with ``exec`` or ``suid``."""

from __future__ import annotations

from collections.abc import Iterator

from composelint.diagnostics import Diagnostic
from composelint.model.container import Mount
from composelint.rules.base import Rule, at_value, container
from composelint.rules.context import ProjectContext
from composelint.source import lazy_pattern

_SPLIT = lazy_pattern(r"[\[\],\"' ]+")


def risky_options(mount: Mount) -> list[str]:
    """``exec`` and ``suid`` among the tmpfs's options, as written (``--mount``'s
    ``tmpfs-options`` included); a later ``noexec``/``nosuid`` takes them back."""
    last: dict[str, bool] = {}
    for option in (*mount.tmpfs_options, *mount.options):
        name, eq, value = option.partition("=")
        words = value if eq and name.strip().lower() == "tmpfs-options" else name
        for word in _SPLIT.split(words.lower()):
            if word in ("exec", "suid"):
                last[word] = True
            elif word in ("noexec", "nosuid"):
                last[word[2:]] = False
    return sorted(word for word, on in last.items() if on)


def check(ctx: ProjectContext) -> Iterator[Diagnostic]:
    for service in ctx.services.values():
        mounts = (*service.tmpfs, *(m for m in service.volumes if m.type == "tmpfs"))
        for mount in mounts:
            risky = risky_options(mount)
            if not risky:
                continue
            what = " and ".join(risky)
            found = at_value(
                "CL305",
                f"{container(service)} mounts a tmpfs at {mount.target or '?'} with {what}: "
                "a writable place to drop and run a downloaded tool"
                + (" or a setuid binary" if "suid" in risky else "")
                + "; leave the default (noexec, nosuid)",
                mount.origin,
            )
            if found:
                yield found


RULE = Rule(
    "CL305",
    "executable-tmpfs",
    "tmpfs mounted with exec or suid",
    check_project=check,
    docs="CL305.md",
)
