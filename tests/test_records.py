"""Records keep what @dataclass(slots=True) and @dataclass(frozen=True, slots=True) promise."""

from __future__ import annotations

import dataclasses
import json
import pickle
import subprocess
import sys
from typing import Generic, TypeVar

import pytest

from composelint.records import FrozenInstanceError, field, fields, frozen_record, record, replace

T = TypeVar("T")


@frozen_record
class _Point:
    x: int
    y: int = 0
    tags: tuple[str, ...] = ()
    notes: list[str] = field(default_factory=list)


@record
class _Counter:
    name: str
    hits: int = 0
    hidden: object = field(default=None, compare=False, repr=False)


@frozen_record
class _Boxed(Generic[T]):
    value: T

    @property
    def doubled(self) -> tuple[T, T]:
        return self.value, self.value


def test_frozen_signature_defaults_equality_and_hash() -> None:
    assert _Point(1) == _Point(1, 0, (), [])
    assert _Point(1, y=2).y == 2
    assert _Point(1).notes is not _Point(1).notes  # a fresh default each time
    found = {_Point(1, 2, ("a",), None): "here"}  # type: ignore[arg-type]
    assert found[_Point(1, 2, ("a",), None)] == "here"  # type: ignore[arg-type]
    assert _Point(1) != (1, 0, (), [])
    with pytest.raises(TypeError):
        _Point()  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        _Point(1, z=3)  # type: ignore[call-arg]


def test_frozen_refuses_assignment_and_new_attributes() -> None:
    point = _Point(1)
    with pytest.raises(FrozenInstanceError):
        point.x = 2  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        del point.x  # type: ignore[misc]
    with pytest.raises((FrozenInstanceError, AttributeError)):
        point.other = 1  # type: ignore[attr-defined]
    assert isinstance(FrozenInstanceError(), AttributeError)


def test_mutable_records_assign_compare_and_are_unhashable() -> None:
    counter = _Counter("a")
    counter.hits += 1
    assert counter == _Counter("a", 1, hidden="ignored in ==")
    assert repr(counter) == "_Counter(name='a', hits=1)"
    with pytest.raises(TypeError):
        hash(counter)
    with pytest.raises(AttributeError):
        counter.other = 1  # type: ignore[attr-defined] - __slots__


def test_replace_fields_repr_and_match_args() -> None:
    assert replace(_Point(1), y=5) == _Point(1, 5)
    with pytest.raises(TypeError):
        replace(_Point(1), z=5)
    assert [f.name for f in fields(_Point)] == ["x", "y", "tags", "notes"]
    assert [f.name for f in fields(_Point(1))] == ["x", "y", "tags", "notes"]
    assert repr(_Point(2, 3)) == "_Point(x=2, y=3, tags=(), notes=[])"
    assert _Point.__match_args__ == ("x", "y", "tags", "notes")
    assert _Point.__slots__ == ("x", "y", "tags", "notes")
    match _Point(4, 5):
        case _Point(x, y):
            assert (x, y) == (4, 5)


def test_generic_bases_properties_and_qualnames_survive() -> None:
    assert _Boxed(3).doubled == (3, 3)
    assert _Boxed[int](3) == _Boxed(3)
    assert _Boxed.__init__.__qualname__ == "_Boxed.__init__"


def test_records_pickle_both_kinds() -> None:
    # Worker processes send findings back pickled.
    for value in (_Point(1, 2, ("a",), ["n"]), _Counter("a", 3)):
        assert pickle.loads(pickle.dumps(value)) == value


def test_the_same_methods_as_the_dataclass_machinery() -> None:
    @dataclasses.dataclass(frozen=True, slots=True)
    class Reference:
        a: int
        b: str = "x"
        hidden: object = dataclasses.field(default=None, compare=False, repr=False)

    @frozen_record
    class Fast:
        a: int
        b: str = "x"
        hidden: object = field(default=None, compare=False, repr=False)

    assert repr(Fast(1)).replace("Fast", "Reference") == repr(Reference(1))
    assert Fast(1, hidden=1) == Fast(1, hidden=2)
    assert hash(Fast(1, "y")) == hash(Reference(1, "y"))


def test_mistakes_are_refused_when_the_class_is_made() -> None:
    with pytest.raises(TypeError):

        @record
        class Misordered:
            a: int = 0
            b: int  # type: ignore[misc]

    with pytest.raises(ValueError):

        @record
        class SharedDefault:
            items: list[int] = []  # noqa: RUF012

    with pytest.raises(TypeError):

        @record
        class WithPostInit:
            a: int

            def __post_init__(self) -> None:
                pass


def test_a_one_file_check_does_not_import_dataclasses_or_inspect(tmp_path) -> None:
    # Half of what they cost is start-up a pre-commit run pays for every file.
    compose = tmp_path / "compose.yml"
    compose.write_text("services:\n  web:\n    image: nginx:1\n    privileged: true\n")
    code = (
        "import sys\n"
        "from composelint.cli.main import main\n"
        "try:\n"
        f"    main(['check', '--output-format', 'json', {str(compose)!r}])\n"
        "except SystemExit:\n"
        "    pass\n"
        "sys.stderr.write(' '.join(m for m in ('dataclasses', 'inspect') if m in sys.modules))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert json.loads(run.stdout)["summary"]["diagnostics"] >= 1
    assert run.stderr == ""
