"""Validate compose data against the Compose Specification schema (CL002).

The schema is compiled once per process.  ``jsonschema_rs`` screens every
document (tens of microseconds); only the few invalid ones go through Python
``jsonschema`` for detailed errors, each reported once at the place where the
offending key or value was written.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from msgspec import Struct

Path = tuple[str | int, ...]
_SPEC = "spec/compose-spec.json"

_TYPE_NAMES = {
    "object": "a mapping",
    "array": "a list",
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "a boolean (true or false)",
    "null": "null",
}


class SchemaError(Struct, frozen=True):
    path: Path  # where the error is reported (a key for unknown keys)
    message: str
    at_key: bool  # report at the key rather than the value


@cache
def schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(_schema_text())
    return loaded


def _schema_text() -> str:
    # Read beside this module; importlib.resources (which also works from a zip)
    # costs more to import than checking one file, so it is only the fallback.
    try:
        with open(os.path.join(os.path.dirname(__file__), _SPEC), encoding="utf-8") as handle:
            return handle.read()
    except OSError:
        from importlib import resources

        return resources.files("composelint.compose").joinpath(_SPEC).read_text(encoding="utf-8")


@cache
def _fast_validator() -> Any:
    try:
        import jsonschema_rs
    except ImportError:  # pragma: no cover - jsonschema_rs is a declared dependency
        return None
    # The schema's patterns are plain (``^x-``, ``^[a-zA-Z0-9._-]+$``): the linear-time
    # regex engine reads them as the default backtracking one does, and builds the
    # validator in 2.4 ms instead of 3.5 to 4 ms.
    options = getattr(jsonschema_rs, "RegexOptions", None)
    if options is None:  # pragma: no cover - an older jsonschema_rs
        return jsonschema_rs.validator_for(schema())
    return jsonschema_rs.validator_for(schema(), pattern_options=options())


@cache
def _validator() -> Any:
    from jsonschema.validators import validator_for

    cls = validator_for(schema())
    return cls(schema())  # the vendored schema is known good: no check_schema per run


def is_valid(data: Any) -> bool:
    fast = _fast_validator()
    if fast is not None:
        try:
            return bool(fast.is_valid(data))
        except (ValueError, TypeError, OverflowError):
            pass  # data the Rust side cannot represent: let Python decide
    return not any(True for _ in _validator().iter_errors(data))


def validate(data: Any) -> list[SchemaError]:
    """Every failing place in ``data``, once each, in document order."""
    if is_valid(data):
        return []
    found: dict[tuple[Path, str], SchemaError] = {}
    for error in _validator().iter_errors(data):
        for item in _explain(error):
            found.setdefault((item.path, item.message), item)
    return list(found.values())


def _explain(error: Any) -> Iterator[SchemaError]:
    if error.validator in ("oneOf", "anyOf") and error.context:
        yield from _explain(_best(error))
        return
    path: Path = tuple(error.absolute_path)
    where = format_path(path)
    kind = error.validator
    instance = error.instance
    if kind == "additionalProperties" and isinstance(instance, dict):
        allowed = set(error.schema.get("properties", {}))
        patterns = list(error.schema.get("patternProperties", {}))
        for key in instance:
            if key in allowed or any(re.search(p, key) for p in patterns):
                continue
            yield SchemaError((*path, key), f"{where} has unknown key '{key}'", True)
        return
    if kind == "type":
        expected = error.validator_value
        names = [expected] if isinstance(expected, str) else list(expected)
        wanted = _one_of([_TYPE_NAMES.get(n, n) for n in names])
        yield SchemaError(path, f"{where} must be {wanted}, got {_describe(instance)}", False)
        return
    if kind == "required":
        missing = [k for k in error.validator_value if k not in instance]
        for key in missing:
            yield SchemaError(path, f"{where} is missing required key '{key}'", True)
        return
    if kind == "enum":
        options = ", ".join(repr(v) for v in error.validator_value)
        yield SchemaError(path, f"{where} must be one of {options}, got {instance!r}", False)
        return
    if kind == "uniqueItems":
        yield SchemaError(path, f"{where} has duplicate items", False)
        return
    if kind == "pattern":
        yield SchemaError(
            path, f"{where} value {instance!r} does not match '{error.validator_value}'", False
        )
        return
    if kind == "oneOf":
        yield SchemaError(path, f"{where} matches more than one allowed form", False)
        return
    yield SchemaError(path, f"{where}: {error.message}", False)


def _best(error: Any) -> Any:
    """The alternative of a oneOf/anyOf that the value came closest to.

    As compose-go does: the deepest error wins (an unknown key counts one level
    deeper), a non-type error beats a type mismatch at the same depth, and when
    every alternative fails only on the value's type, one message lists them all.
    """
    from jsonschema.exceptions import best_match

    chosen = error
    while chosen.validator in ("oneOf", "anyOf") and chosen.context:
        context = list(chosen.context)
        deepest = max(_depth(e) for e in context)
        candidates = [e for e in context if _depth(e) == deepest]
        if deepest == 0 and all(e.validator == "type" for e in candidates):
            return _merge_type_errors(chosen)
        pick = best_match([e for e in candidates if e.validator != "type"] or candidates)
        if pick is None:
            break
        chosen = pick
    return chosen


def _depth(error: Any) -> int:
    return len(error.relative_path) + (1 if error.validator == "additionalProperties" else 0)


def _merge_type_errors(error: Any) -> Any:
    from jsonschema.exceptions import ValidationError

    types: list[str] = []
    for alternative in error.context:
        value = alternative.validator_value
        for name in [value] if isinstance(value, str) else value:
            if name not in types:
                types.append(name)
    merged = ValidationError(
        "type",
        validator="type",
        validator_value=types,
        instance=error.instance,
        path=error.path,
        schema_path=error.schema_path,
    )
    merged.parent = error.parent
    # ``absolute_path`` walks parents; keep the original's absolute path.
    merged.path = error.absolute_path
    merged.parent = None
    return merged


def _one_of(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if value is None:
        return "null"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, int):
        return f"an integer ({value})"
    if isinstance(value, float):
        return f"a number ({value})"
    text = value if len(value) <= 40 else value[:37] + "..."
    return f"a string ({text!r})"


def format_path(path: Path) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "the top level"
