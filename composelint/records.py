"""Record classes: what ``@dataclass(slots=True)`` (and ``frozen=True``) give composelint,
built in a fraction of the time.

A pre-commit run over one file is mostly start-up, and the dataclass machinery was
a third of it: importing :mod:`dataclasses` pulls in :mod:`inspect` (about 20 ms),
and building a class compiles five or six functions from source and makes the class
twice (about 0.6 ms a class, some fifty classes).  Here a class is made once, with
``__slots__``; ``__repr__``, ``__eq__``, ``__hash__`` and pickling are shared
functions that read the class's field getters, and ``__init__`` is made from a
code template compiled once per shape (the number of fields, and which have default
factories), with the class's field names and defaults.

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

from functools import cache
from operator import attrgetter
from types import CodeType, FunctionType
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
    first_default = None
    for spec in specs:
        if spec.default is not _MISSING or spec.default_factory is not _MISSING:
            first_default = first_default or spec.name
        elif first_default:
            raise TypeError(f"{cls.__name__}: a field without a default follows {first_default!r}")
    if "__post_init__" in own:
        raise TypeError(f"{cls.__name__}: records do not call __post_init__")
    names = tuple(s.name for s in specs)
    namespace = {k: v for k, v in own.items() if k not in names and k not in _NOT_COPIED}
    namespace.update(
        __slots__=names,
        __qualname__=cls.__qualname__,
        __match_args__=names,
        __record_fields__=tuple(specs),
        __record_shown__=tuple(s.name for s in specs if s.repr),
        __record_key__=staticmethod(_getter(tuple(s.name for s in specs if s.compare))),
        __record_values__=staticmethod(_getter(names)),
        __repr__=_repr,
        __eq__=_eq,
        __reduce__=_reduce,
        __hash__=_hash if frozen else None,  # a mutable record compares by value
    )
    if frozen:
        namespace.update(__setattr__=_refuse_setattr, __delattr__=_refuse_delattr)
    made = type(cls)(cls.__name__, cls.__bases__, namespace)
    made.__init__ = _init(made, specs)
    return made


_NOT_COPIED = ("__dict__", "__weakref__")


def _getter(names: tuple[str, ...]) -> Any:
    """A function giving the tuple of these attributes (attrgetter gives a bare value
    for one name, and needs at least one)."""
    if len(names) > 1:
        return attrgetter(*names)
    if names:
        one = attrgetter(names[0])
        return lambda obj: (one(obj),)
    return lambda obj: ()


def _repr(self: Any) -> str:
    shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__record_shown__)
    return f"{self.__class__.__qualname__}({shown})"


def _eq(self: Any, other: Any) -> Any:
    if other.__class__ is self.__class__:
        key = self.__record_key__
        return key(self) == key(other)
    return NotImplemented


def _hash(self: Any) -> int:
    return hash(self.__record_key__(self))


def _reduce(self: Any) -> tuple[type, tuple[Any, ...]]:
    return self.__class__, self.__record_values__(self)


def _refuse_setattr(self: Any, name: str, value: Any) -> None:
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _refuse_delattr(self: Any, name: str) -> None:
    raise FrozenInstanceError(f"cannot delete field {name!r}")


def _init(made: type, specs: list[Field]) -> Any:
    """``__init__`` for ``made``: the template of its shape, with the field names as
    parameter names, storing each through its slot (frozen records refuse setattr)."""
    code = _template(tuple(s.default_factory is not _MISSING for s in specs))
    code = code.replace(
        co_varnames=("self", *(s.name for s in specs)) + code.co_varnames[len(specs) + 1 :]
    )
    scope: dict[str, Any] = {"_MISSING": _MISSING}
    defaults = []
    for number, spec in enumerate(specs):
        scope[f"_set{number}"] = made.__dict__[spec.name].__set__
        if spec.default_factory is not _MISSING:
            scope[f"_factory{number}"] = spec.default_factory
            defaults.append(_MISSING)
        elif spec.default is not _MISSING:
            defaults.append(spec.default)
    function = FunctionType(code, scope, "__init__", tuple(defaults) or None)
    function.__qualname__ = f"{made.__qualname__}.__init__"
    return function


@cache
def _template(factories: tuple[bool, ...]) -> CodeType:
    """The code of an ``__init__`` with one parameter per field (``factories`` says which
    fields have a default factory).  Defaults are not part of a code object: the
    function made from it gets them."""
    parameters = ["self"]
    body = []
    for number, factory in enumerate(factories):
        parameters.append(f"p{number}")
        value = (
            f"_factory{number}() if p{number} is _MISSING else p{number}"
            if factory
            else f"p{number}"
        )
        body.append(f"    _set{number}(self, {value})\n")
    source = f"def __init__({', '.join(parameters)}):\n{''.join(body) or '    pass'}\n"
    scope: dict[str, Any] = {}
    exec(source, scope)  # noqa: S102 - made here from a shape, not from input
    return scope["__init__"].__code__
