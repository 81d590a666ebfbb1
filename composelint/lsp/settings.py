"""Editor settings (section ``composelint``) on top of the project's configuration file.

Settings come from ``initializationOptions`` and from ``workspace/configuration``
(the latter wins key by key).  A bad value is reported and left out: the server
keeps the value it had, so a typo never stops the linting.  The project's
``.composelint.yaml`` (or ``[tool.composelint]``) is found from each document's
directory, as ``composelint check`` finds it from the current directory; the
editor's ``select`` replaces the file's, ``extendSelect`` and ``ignore`` add to it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from msgspec import Struct
from msgspec.structs import replace

from composelint.config import Config, ConfigError, find_config, load_config
from composelint.rules.selection import Selection, SelectionError, validate_selectors

SECTION = "composelint"
DEFAULT_DEBOUNCE_MS = 100
MAX_DEBOUNCE_MS = 10_000
_CODE_LISTS = {"select": "select", "extendSelect": "extend_select", "ignore": "ignore"}
KNOWN_KEYS = (*_CODE_LISTS, "unsafeFixes", "debounceMs")


class Settings(Struct, frozen=True):
    select: tuple[str, ...] = ()  # empty: the configuration file's selection
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    unsafe_fixes: bool = False
    debounce_ms: int = DEFAULT_DEBOUNCE_MS


def read_settings(
    raw: object, base: Settings, known: set[str], where: str
) -> tuple[Settings, list[str]]:
    """``base`` with the valid keys of ``raw`` applied, and a message for each bad one.

    ``raw`` is the ``composelint`` section, or an object holding it under that key
    (``initializationOptions`` may come either way); None changes nothing.
    """
    if raw is None:
        return base, []
    if isinstance(raw, dict) and isinstance(raw.get(SECTION), dict):
        raw = raw[SECTION]
    if not isinstance(raw, dict):
        return base, [f"{where}: the '{SECTION}' settings must be an object"]
    problems: list[str] = []
    changes: dict[str, Any] = {}
    for key, value in raw.items():
        if value is None:
            continue  # a client's way of saying "not set"
        try:
            if key in _CODE_LISTS:
                changes[_CODE_LISTS[key]] = _codes(value, key, known)
            elif key == "unsafeFixes":
                if not isinstance(value, bool):
                    raise ValueError("unsafeFixes must be true or false")
                changes["unsafe_fixes"] = value
            elif key == "debounceMs":
                changes["debounce_ms"] = _debounce(value)
            else:
                raise ValueError(f"unknown setting '{key}' (known: {', '.join(KNOWN_KEYS)})")
        except ValueError as exc:
            problems.append(f"{where}: {SECTION}.{exc}" if key in KNOWN_KEYS else f"{where}: {exc}")
    return replace(base, **changes), problems


def _codes(value: object, key: str, known: set[str]) -> tuple[str, ...]:
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
        raise ValueError(f"{key} must be a list of rule codes, prefixes or groups")
    codes = tuple(code.strip() for item in items for code in item.split(",") if code.strip())
    try:
        validate_selectors(codes, known)
    except SelectionError as exc:
        raise ValueError(f"{key}: {exc}") from None
    return codes


def _debounce(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value):
        raise ValueError("debounceMs must be a whole number of milliseconds")
    if not 0 <= value <= MAX_DEBOUNCE_MS:
        raise ValueError(f"debounceMs must be between 0 and {MAX_DEBOUNCE_MS}")
    return int(value)


class Effective(Struct, frozen=True):
    """What a lint of one document uses: the configuration file and the selection."""

    config: Config
    selection: Selection
    error: str | None = None  # the configuration file's problem, if it has one


class ProjectConfigs:
    """Configuration files by path, read again when they change on disk."""

    def __init__(self, known: set[str]) -> None:
        self.known = known
        self._loaded: dict[str, tuple[tuple[int, int], Config | str]] = {}

    def for_document(self, path: str, settings: Settings) -> Effective:
        found = find_config(os.path.dirname(path) or ".")
        config, error = self._load(found) if found is not None else (Config(), None)
        selection = Selection(
            settings.select or config.select,
            config.extend_select + settings.extend_select,
            config.ignore + settings.ignore,
        )
        return Effective(config, selection, error)

    def _load(self, path: Path) -> tuple[Config, str | None]:
        try:
            st = path.stat()
        except OSError as exc:
            return Config(), f"{path}: cannot read: {exc.strerror}"
        stamp = (st.st_mtime_ns, st.st_size)
        cached = self._loaded.get(str(path))
        if cached is None or cached[0] != stamp:
            try:
                loaded: Config | str = load_config(path, self.known)
            except ConfigError as exc:
                loaded = str(exc)
            cached = (stamp, loaded)
            self._loaded[str(path)] = cached
        loaded = cached[1]
        # A broken file is reported; the document is checked with the defaults meanwhile.
        return (Config(), loaded) if isinstance(loaded, str) else (loaded, None)


def known_codes_or_builtin() -> set[str]:
    """Every registered code; with a broken plugin, the built-in codes (and a log line)."""
    import logging

    from composelint.diagnostics import CODES
    from composelint.rules.registry import RegistryError
    from composelint.rules.selection import known_codes

    try:
        return known_codes()
    except RegistryError as exc:
        logging.getLogger("composelint.lsp").error("%s", exc)
        from composelint.rules.builtin import RULES

        return set(CODES) | {rule.code for rule in RULES}
