from __future__ import annotations

import math

import pytest

from composelint.yaml.composer import compose_text
from composelint.yaml.resolve import UnknownTag, go_int, resolve_plain, resolve_scalar


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("22:22", "22:22"),  # YAML 1.1 would read base 60
        ("yes", "yes"),
        ("on", "on"),
        ("off", "off"),
        ("No", "No"),  # strings for compose
        ("true", True),
        ("False", False),
        ("TRUE", True),
        ("0440", 0o440),
        ("0o17", 15),
        ("0x1F", 31),
        ("0b101", 5),
        ("1_000", 1000),
        ("-12", -12),
        ("+7", 7),
        ("0", 0),
        ("1.5", 1.5),
        ("1e3", 1000.0),
        (".5", 0.5),
        ("~", None),
        ("null", None),
        ("NULL", None),
        ("", None),
        ("089", 89.0),  # not an octal int for Go, but its float syntax matches
        ("2001-12-14", "2001-12-14"),  # timestamps stay strings
        ("8080:80", "8080:80"),
        ("127.0.0.1", "127.0.0.1"),
    ],
)
def test_plain_scalars_resolve_like_go_yaml(text: str, expected: object) -> None:
    value = resolve_plain(text)
    assert value == expected and type(value) is type(expected)


def test_special_floats() -> None:
    assert resolve_plain(".inf") == math.inf
    assert math.isnan(resolve_plain(".NaN"))  # type: ignore[arg-type]


def test_go_int_range() -> None:
    assert go_int(str(2**64 - 1)) == 2**64 - 1
    assert go_int(str(2**64)) is None


def _scalar(text: str):
    return compose_text(f"k: {text}\n").documents[0].pairs[0][1]


def test_quoted_and_tagged_scalars() -> None:
    assert resolve_scalar(_scalar("'0440'")) == "0440"
    assert resolve_scalar(_scalar("!!str 12")) == "12"
    assert resolve_scalar(_scalar("!!int '12'")) == 12
    assert resolve_scalar(_scalar("!reset 5")) == 5
    with pytest.raises(UnknownTag):
        resolve_scalar(_scalar("!!python/object:os.system x"))
