"""quick_init: the faster __init__ keeps what a frozen dataclass promises."""

from __future__ import annotations

import dataclasses

import pytest

from composelint.frozen import quick_init


@quick_init
@dataclasses.dataclass(frozen=True, slots=True)
class _Point:
    x: int
    y: int = 0
    tags: tuple[str, ...] = ()
    notes: list[str] = dataclasses.field(default_factory=list)


def test_same_signature_defaults_equality_and_hash() -> None:
    assert _Point(1) == _Point(1, 0, (), [])
    assert _Point(1, y=2).y == 2
    assert _Point(1).notes is not _Point(1).notes  # a fresh default each time
    found = {_Point(1, 2, ("a",), None): "here"}  # type: ignore[arg-type]
    assert found[_Point(1, 2, ("a",), None)] == "here"  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        _Point()  # type: ignore[call-arg]


def test_still_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        _Point(1).x = 2  # type: ignore[misc]
    assert dataclasses.replace(_Point(1), y=5) == _Point(1, 5)


def test_refuses_classes_it_cannot_speed_up() -> None:
    @dataclasses.dataclass(slots=True)
    class Mutable:
        x: int

    with pytest.raises(TypeError):
        quick_init(Mutable)
