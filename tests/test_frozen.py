"""frozen_dataclass keeps what @dataclass(frozen=True, slots=True) promises."""

from __future__ import annotations

import dataclasses

import pytest

from composelint.frozen import frozen_dataclass


@frozen_dataclass
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


def test_same_methods_as_the_dataclass_machinery_makes() -> None:
    @dataclasses.dataclass(frozen=True, slots=True)
    class Reference:
        a: int
        b: str = "x"
        hidden: object = dataclasses.field(default=None, compare=False, repr=False)

    @frozen_dataclass
    class Fast:
        a: int
        b: str = "x"
        hidden: object = dataclasses.field(default=None, compare=False, repr=False)

    for make in (Reference, Fast):
        one, other = make(1, hidden=1), make(1, hidden=2)
        assert one == other and hash(one) == hash(other)  # "hidden" is not compared
        assert one != make(2) and one.__eq__(object()) is NotImplemented
        assert repr(one).endswith("(a=1, b='x')")
        assert make.__match_args__ == ("a", "b", "hidden")
        assert make.__dataclass_params__.frozen and make.__dataclass_params__.eq
        assert not hasattr(one, "__dict__")  # slots
        with pytest.raises(dataclasses.FrozenInstanceError):
            del one.a
