"""Record classes: what ``@dataclass(slots=True)`` (and ``frozen=True``) give composelint,
built in a fraction of the time.

A pre-commit run over one file is mostly start-up, and the dataclass machinery was
a third of it: importing :mod:`dataclasses` pulls in :mod:`inspect` (about 20 ms),
and building each class compiles five or six functions one at a time and makes the
class twice (about 0.6 ms a class, some fifty classes).  Here a class is made once,
with ``__slots__``, and its methods are compiled together from one piece of source.

What a record has, as the dataclass would: an ``__init__`` taking the annotated
fields in order (defaults and ``field(default_factory=...)`` as usual), ``__repr__``,
``__eq__`` over the compared fields, ``__match_args__``, ``__slots__``, pickling.
A frozen record also has ``__hash__`` and refuses assignment
(:class:`FrozenInstanceError`); a mutable one is unhashable.  :func:`replace` and
:func:`fields` stand in for their dataclasses namesakes.  Not supported (nothing
here uses them): ``__post_init__``, ``InitVar``, ``kw_only``, ordering, inheriting
fields from another record.
"""

from __future__ import annotations

from typing import Any, TypeVar, dataclass_transform

T = TypeVar("T", bound=type)

_MISSING: Any = type("_Missing", (), {"__repr__": lambda self: "MISSING"})()


class FrozenInstanceError(AttributeError):
    """Assignment to a field of a frozen record."""


class Field:
    """A field's options, as ``dataclasses.field`` takes them."""

    __slots__ = ("name", "default", "default_factory", "compare", "repr")

    def __init__(
        self,
        default: Any = _MISSING,
        default_factory: Any = _MISSING,
        *,
        compare: bool = True,
        repr: bool = True,  # noqa: A002 - the dataclasses name
    ) -> None:
        if default is not _MISSING and default_factory is not _MISSING:
            raise ValueError("cannot specify both default and default_factory")
        self.name = ""
        self.default = default
        self.default_factory = default_factory
        self.compare = compare
        self.repr = repr

    def __repr__(self) -> str:
        return f"Field(name={self.name!r})"


def field(
    *,
    default: Any = _MISSING,
    default_factory: Any = _MISSING,
    compare: bool = True,
    repr: bool = True,  # noqa: A002 - the dataclasses name
) -> Any:
    """A field with a default, a default factory, or left out of ``==`` or ``repr``."""
    return Field(default, default_factory, compare=compare, repr=repr)


@dataclass_transform(field_specifiers=(field,))
def record(cls: T) -> T:
    """``@dataclass(slots=True)``."""
    return _build(cls, frozen=False)


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
def frozen_record(cls: T) -> T:
    """``@dataclass(frozen=True, slots=True)``."""
    return _build(cls, frozen=True)


def fields(obj: Any) -> tuple[Field, ...]:
    """The record's fields, in order (of a record class or instance)."""
    cls = obj if isinstance(obj, type) else type(obj)
    try:
        return cls.__record_fields__
    except AttributeError:
        raise TypeError(f"{cls.__name__} is not a record") from None


def replace(obj: T, **changes: Any) -> T:
    """A copy of the record ``obj`` with some fields changed."""
    values = {f.name: getattr(obj, f.name) for f in fields(obj)}
    unknown = changes.keys() - values.keys()
    if unknown:
        raise TypeError(f"{type(obj).__name__} has no field {sorted(unknown)[0]!r}")
    values.update(changes)
    return type(obj)(**values)


def _build(cls: type, *, frozen: bool) -> Any:
    own = cls.__dict__
    specs: list[Field] = []
    for name, annotation in own.get("__annotations__", {}).items():
        if str(annotation).startswith(("ClassVar", "typing.ClassVar")):
            continue
        value = own.get(name, _MISSING)
        spec = value if isinstance(value, Field) else Field(value)
        spec.name = name
        if isinstance(spec.default, (list, dict, set)):
            raise ValueError(f"{cls.__name__}.{name}: use default_factory for a mutable default")
        specs.append(spec)
    seen_default = False
    for spec in specs:
        has_default = spec.default is not _MISSING or spec.default_factory is not _MISSING
        if seen_default and not has_default:
            raise TypeError(f"non-default field {spec.name!r} follows a default field")
        seen_default = seen_default or has_default
    if "__post_init__" in own:
        raise TypeError(f"{cls.__name__}: records do not call __post_init__")
    names = tuple(s.name for s in specs)
    namespace = {k: v for k, v in own.items() if k not in names and k not in _NOT_COPIED}
    namespace["__slots__"] = names
    namespace["__qualname__"] = cls.__qualname__
    namespace["__match_args__"] = names
    namespace["__record_fields__"] = tuple(specs)
    made = type(cls)(cls.__name__, cls.__bases__, namespace)
    scope: dict[str, Any] = {"_cls": made, "_MISSING": _MISSING, "_Frozen": FrozenInstanceError}
    exec(_methods(made, specs, frozen, scope), scope)  # noqa: S102 - from the class's own fields
    for method in _METHODS[frozen]:
        function = scope[method]
        function.__qualname__ = f"{made.__qualname__}.{method}"
        setattr(made, method, function)
    if not frozen:
        made.__hash__ = None  # type: ignore[assignment] - mutable and compared by value
    return made


_NOT_COPIED = ("__dict__", "__weakref__")
_METHODS = {
    False: ("__init__", "__repr__", "__eq__", "__reduce__"),
    True: (
        "__init__",
        "__repr__",
        "__eq__",
        "__reduce__",
        "__hash__",
        "__setattr__",
        "__delattr__",
    ),
}


def _methods(made: type, specs: list[Field], frozen: bool, scope: dict[str, Any]) -> str:
    arguments: list[str] = []
    stores: list[str] = []
    for spec in specs:
        name = spec.name
        value = name
        if spec.default is not _MISSING:
            scope[f"_default_{name}"] = spec.default
            arguments.append(f"{name}=_default_{name}")
        elif spec.default_factory is not _MISSING:
            scope[f"_factory_{name}"] = spec.default_factory
            arguments.append(f"{name}=_MISSING")
            value = f"_factory_{name}() if {name} is _MISSING else {name}"
        else:
            arguments.append(name)
        if frozen:  # through the slot's descriptor: __setattr__ refuses
            scope[f"_set_{name}"] = made.__dict__[name].__set__
            stores.append(f"    _set_{name}(self, {value})\n")
        else:
            stores.append(f"    self.{name} = {value}\n")
    compared = "".join(f"self.{s.name}," for s in specs if s.compare)
    others = "".join(f"other.{s.name}," for s in specs if s.compare)
    shown = ", ".join(f"{s.name}={{self.{s.name}!r}}" for s in specs if s.repr)
    values = "".join(f"self.{s.name}," for s in specs)
    source = (
        f"def __init__(self, {', '.join(arguments)}):\n{''.join(stores) or '    pass'}\n"
        "def __repr__(self):\n"
        f'    return self.__class__.__qualname__ + f"({shown})"\n'
        "def __eq__(self, other):\n"
        "    if other.__class__ is self.__class__:\n"
        f"        return ({compared}) == ({others})\n"
        "    return NotImplemented\n"
        "def __reduce__(self):\n"
        f"    return self.__class__, ({values})\n"
    )
    if frozen:
        names = "".join(f"{s.name!r}," for s in specs)
        source += (
            "def __hash__(self):\n"
            f"    return hash(({compared}))\n"
            "def __setattr__(self, name, value):\n"
            f"    if type(self) is _cls or name in ({names}):\n"
            '        raise _Frozen(f"cannot assign to field {name!r}")\n'
            "    super(_cls, self).__setattr__(name, value)\n"
            "def __delattr__(self, name):\n"
            f"    if type(self) is _cls or name in ({names}):\n"
            '        raise _Frozen(f"cannot delete field {name!r}")\n'
            "    super(_cls, self).__delattr__(name)\n"
        )
    return source
