"""Scalar resolution as docker compose's Go YAML library (yaml.v3) does it.

Neither YAML 1.1 (PyYAML: ``yes``/``on`` are booleans, ``22:22`` is base 60)
nor YAML 1.2 core (ruamel: ``0440`` is decimal) matches what compose sees:
- null: ``~``, ``null``, ``Null``, ``NULL`` and the empty plain scalar;
- bool: only ``true``/``True``/``TRUE``/``false``/``False``/``FALSE``;
- int: Go ``strconv.ParseInt(s, 0, 64)`` after removing ``_``: ``0x``, ``0o``,
  ``0b`` prefixes and a leading ``0`` meaning octal (``0440`` is 288);
- float: ``[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?`` and ``.inf``/``.nan``;
- everything else, timestamps included, is a string.
Quoted and block scalars are always strings; ``!!str`` and friends force a type.
"""

from __future__ import annotations

import math

from composelint.source import lazy_pattern
from composelint.yaml.nodes import ScalarNode

YAML_TAG = "tag:yaml.org,2002:"

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_SPECIAL_FLOATS = {
    ".inf": math.inf,
    ".Inf": math.inf,
    ".INF": math.inf,
    "+.inf": math.inf,
    "+.Inf": math.inf,
    "+.INF": math.inf,
    "-.inf": -math.inf,
    "-.Inf": -math.inf,
    "-.INF": -math.inf,
    ".nan": math.nan,
    ".NaN": math.nan,
    ".NAN": math.nan,
}
_FLOAT = lazy_pattern(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_GO_INT = lazy_pattern(r"[-+]?(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)")
_INT64_MAX = 2**63 - 1
_UINT64_MAX = 2**64 - 1

Scalar = str | int | float | bool | None


class UnknownTag(ValueError):
    pass


def go_int(text: str) -> int | None:
    """Go's ``strconv.ParseInt(text, 0, 64)`` (then ``ParseUint``), or None."""
    plain = text.replace("_", "")
    if not _GO_INT.fullmatch(plain):
        return None
    sign = -1 if plain[0] == "-" else 1
    digits = plain.lstrip("+-")
    prefix = digits[:2].lower()
    if prefix == "0x":
        value = int(digits[2:], 16)
    elif prefix == "0o":
        value = int(digits[2:], 8)
    elif prefix == "0b":
        value = int(digits[2:], 2)
    elif len(digits) > 1 and digits[0] == "0":
        value = int(digits[1:], 8)
    elif len(digits.lstrip("0")) > 20:  # past 64 bits, and int() refuses 4,300 digits
        return None
    else:
        value = int(digits)
    value *= sign
    if -_INT64_MAX - 1 <= value <= _UINT64_MAX:
        return value
    return None


def resolve_plain(text: str) -> Scalar:
    """The value of a plain (unquoted, untagged) scalar."""
    if not text:
        return None
    first = text[0]
    if first in "~nN" and text in _NULLS:
        return None
    if first in "tTfF":
        b = _BOOLS.get(text)
        if b is not None:
            return b
        return text
    if first in "0123456789+-.":
        number = go_int(text)
        if number is not None:
            return number
        plain = text.replace("_", "")
        if _FLOAT.fullmatch(plain):
            return float(plain)
        special = _SPECIAL_FLOATS.get(text)
        if special is not None:
            return special
    return text


def resolve_scalar(node: ScalarNode) -> Scalar:
    """The value docker compose reads for ``node``.  Raises UnknownTag."""
    tag = node.tag
    if tag is None or tag in ("!reset", "!override"):
        return resolve_plain(node.value) if node.style == "" else node.value
    if not tag.startswith(YAML_TAG):
        raise UnknownTag(tag)
    kind = tag[len(YAML_TAG) :]
    text = node.value
    if kind in ("str", "binary", "timestamp"):
        return text
    if kind == "null":
        return None
    if kind == "bool":
        b = _BOOLS.get(text)
        if b is None:
            raise UnknownTag(f"!!bool value {text!r} is not a boolean")
        return b
    if kind == "int":
        number = go_int(text)
        if number is None:
            raise UnknownTag(f"!!int value {text!r} is not an integer")
        return number
    if kind == "float":
        plain = text.replace("_", "")
        if _FLOAT.fullmatch(plain):
            return float(plain)
        if text in _SPECIAL_FLOATS:
            return _SPECIAL_FLOATS[text]
        number = go_int(text)
        if number is not None:
            return float(number)
        raise UnknownTag(f"!!float value {text!r} is not a number")
    if kind == "merge":
        return text
    raise UnknownTag(tag)


def is_merge_key(node: ScalarNode) -> bool:
    """``<<`` written plain, or ``!!merge <<``."""
    if node.value != "<<":
        return False
    return (node.tag is None and node.style == "") or node.tag == YAML_TAG + "merge"
