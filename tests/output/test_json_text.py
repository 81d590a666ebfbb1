"""The JSON writer prints what json.dumps(indent=1) prints, at any starting depth."""

from __future__ import annotations

import enum
import json

import pytest

from composelint.output.json_text import dumps


class _Level(enum.IntEnum):
    WARNING = 2


DOCUMENT = {
    "text": 'é😀 "quoted"\n\ttab \\ back\u2028',
    "numbers": [0, -1, 2**70, _Level.WARNING],
    "flags": [True, False, None],
    "empty": [{}, [], ""],
    "nested": {"range": {"start": {"line": 1, "character": 2}}, "items": (1, "a")},
}


@pytest.mark.parametrize("level", [0, 1, 2])
def test_same_text_as_the_standard_library(level: int) -> None:
    expected = json.dumps(DOCUMENT, indent=1, ensure_ascii=False)
    assert dumps(DOCUMENT, level) == expected.replace("\n", "\n" + " " * level)


def test_refuses_what_json_cannot_hold() -> None:
    with pytest.raises(TypeError):
        dumps({"a": object()})
