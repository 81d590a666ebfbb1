"""Merge compose documents the way docker compose does, keeping origins.

Used for override files (``-f a -f b``, ``compose.override.yml``), ``include``
and ``extends``.  Mappings merge key by key; most lists append; a few values
replace (``command``, ``entrypoint``, ``healthcheck.test``); ``volumes`` merge
by target; ``!reset`` removes and ``!override`` replaces.
"""

from __future__ import annotations

from typing import Any

from composelint.compose.tree import Origin, Path, Tree

# Lists that an override replaces instead of extending (compose-go override rules).
_REPLACE = frozenset({"command", "entrypoint", "test"})


def merge_trees(base: Tree, override: Tree, step: str) -> Tree:
    """``override`` merged onto ``base``; values from ``override`` get ``step`` in their chain."""
    out = Tree(data=None)
    out.problems = [*base.problems, *override.problems]
    out.data = _merge(base.data, override.data, (), base, override, out, step)
    return out


def copy_into(value: Any, src: Tree, src_path: Path, out: Tree, dst_path: Path, step: str) -> Any:
    """Record origins of ``value`` (found at ``src_path`` in ``src``) at ``dst_path``."""
    origin = src.origins.get(src_path)
    if origin is not None:
        out.origins[dst_path] = origin.through(step) if step else origin
    if isinstance(value, dict):
        for key, item in value.items():
            copy_into(item, src, (*src_path, key), out, (*dst_path, key), step)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            copy_into(item, src, (*src_path, index), out, (*dst_path, index), step)
    return value


def _merge(base: Any, over: Any, path: Path, bt: Tree, ot: Tree, out: Tree, step: str) -> Any:
    if path in ot.overrides or not (
        (isinstance(base, dict) and isinstance(over, dict))
        or (isinstance(base, list) and isinstance(over, list))
    ):
        return copy_into(over, ot, path, out, path, step)
    origin: Origin | None = ot.origins.get(path) or bt.origins.get(path)
    if origin is not None:
        out.origins[path] = origin
    if isinstance(base, dict) and isinstance(over, dict):
        merged: dict[str, Any] = {}
        for key, value in base.items():
            if (*path, key) in ot.resets:
                continue
            if key in over:
                merged[key] = _merge(value, over[key], (*path, key), bt, ot, out, step)
            else:
                merged[key] = copy_into(value, bt, (*path, key), out, (*path, key), "")
        for key, value in over.items():
            if key not in merged:
                merged[key] = copy_into(value, ot, (*path, key), out, (*path, key), step)
        return merged
    last = path[-1] if path else None
    if last in _REPLACE:
        return copy_into(over, ot, path, out, path, step)
    items: list[tuple[Any, Tree, int, str]] = [(v, bt, i, "") for i, v in enumerate(base)]
    if last == "volumes" and len(path) == 3:
        targets = {_volume_target(v): n for n, (v, *_rest) in enumerate(items)}
        for index, value in enumerate(over):
            slot = targets.get(_volume_target(value))
            entry = (value, ot, index, step)
            if slot is not None and _volume_target(value) is not None:
                items[slot] = entry
            else:
                items.append(entry)
    else:
        seen = [v for v, *_rest in items]
        for index, value in enumerate(over):
            if value not in seen or isinstance(value, (dict, list)):
                items.append((value, ot, index, step))
    result: list[Any] = []
    for value, tree, index, value_step in items:
        result.append(copy_into(value, tree, (*path, index), out, (*path, len(result)), value_step))
    return result


def _volume_target(value: Any) -> str | None:
    if isinstance(value, dict):
        target = value.get("target")
        return None if target is None else str(target)
    if isinstance(value, str):
        from composelint.compose.items import split_volume

        return split_volume(value)[1]
    return None
