"""quick_init: the faster __init__ keeps what a frozen dataclass promises."""

from __future__ import annotations

import dataclasses

import pytest

from composelint.frozen import frozen_dataclass, quick_init


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


@frozen_dataclass
class _Span:
    start: int
    end: int = 0


def test_frozen_dataclass_is_a_frozen_dataclass() -> None:
    assert dataclasses.is_dataclass(_Span)
    assert [f.name for f in dataclasses.fields(_Span)] == ["start", "end"]
    assert _Span(1) == _Span(1, 0) and hash(_Span(1)) == hash(_Span(1, 0))
    assert dataclasses.replace(_Span(1), end=4) == _Span(1, 4)
    assert repr(_Span(2, 3)) == "_Span(start=2, end=3)"
    with pytest.raises(dataclasses.FrozenInstanceError):
        _Span(1).start = 2  # type: ignore[misc]
