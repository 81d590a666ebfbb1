"""``frozen_dataclass``: ``@dataclass(frozen=True, slots=True)``, cheaper to build and to call.

Two costs of frozen dataclasses show on composelint's hot paths:

- Building one: the dataclass machinery compiles six small functions per class
  (``__init__``, ``__repr__``, ``__eq__``, ``__hash__``, ``__setattr__``,
  ``__delattr__``), which is most of what importing the package costs, and a
  pre-commit run over one file is mostly imports.  Here the six are compiled
  together, in one piece of source.
- Calling ``__init__``: the generated one stores each field through
  ``object.__setattr__``; the loader creates hundreds of thousands of ``Origin``
  and model objects on a big tree.  Here each field is stored through its slot
  descriptor, in about half the time.

The result is a dataclass (``fields``, ``replace``, ``asdict`` and
``__dataclass_params__`` say so) with the same signature, defaults, frozenness,
equality, hash and repr as ``@dataclass(frozen=True, slots=True)`` gives.
"""

from __future__ import annotations

import dataclasses
from typing import TypeVar, dataclass_transform

T = TypeVar("T", bound=type)


@dataclass_transform(frozen_default=True)
def frozen_dataclass(cls: T) -> T:
    """``@dataclass(frozen=True, slots=True)``, built and initialised faster."""
    documented = bool(cls.__dict__.get("__doc__"))
    # Fields, __match_args__ and __slots__ from the dataclass machinery; the methods below.
    cls = dataclasses.dataclass(cls, init=False, repr=False, eq=False, slots=True)
    fields = dataclasses.fields(cls)
    for f in fields:
        if not f.init or f.kw_only:
            raise TypeError(f"{cls.__name__}.{f.name}: only plain init fields are supported")
    if "__post_init__" in cls.__dict__:
        raise TypeError(f"{cls.__name__} has __post_init__, which frozen_dataclass does not call")
    namespace: dict[str, object] = {
        "_cls": cls,
        "_FrozenInstanceError": dataclasses.FrozenInstanceError,
        "_MISSING": dataclasses.MISSING,
    }
    exec(_source(cls, fields, namespace), namespace)  # noqa: S102 - from the class's fields
    for name in ("__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__"):
        function = namespace[name]
        function.__qualname__ = f"{cls.__qualname__}.{name}"  # type: ignore[attr-defined]
        setattr(cls, name, function)
    params = cls.__dataclass_params__  # type: ignore[attr-defined]
    params.init = params.repr = params.eq = params.frozen = True
    if not documented:
        import inspect

        cls.__doc__ = cls.__name__ + str(inspect.signature(cls)).replace(" -> None", "")
    return cls


def _source(cls: type, fields: tuple[dataclasses.Field, ...], namespace: dict) -> str:  # type: ignore[type-arg]
    arguments: list[str] = []
    stores: list[str] = []
    for f in fields:
        namespace[f"_set_{f.name}"] = cls.__dict__[f.name].__set__
        value = f.name
        if f.default is not dataclasses.MISSING:
            namespace[f"_default_{f.name}"] = f.default
            arguments.append(f"{f.name}=_default_{f.name}")
        elif f.default_factory is not dataclasses.MISSING:
            namespace[f"_factory_{f.name}"] = f.default_factory
            arguments.append(f"{f.name}=_MISSING")
            value = f"_factory_{f.name}() if {f.name} is _MISSING else {f.name}"
        else:
            arguments.append(f.name)
        stores.append(f"    _set_{f.name}(self, {value})\n")
    compared = "".join(f"self.{f.name}," for f in fields if f.compare)
    others = "".join(f"other.{f.name}," for f in fields if f.compare)
    hashed = "".join(f"self.{f.name}," for f in fields if (f.compare if f.hash is None else f.hash))
    shown = ", ".join(f"{f.name}={{self.{f.name}!r}}" for f in fields if f.repr)
    names = "".join(f"{f.name!r}," for f in fields)
    return (
        f"def __init__(self, {', '.join(arguments)}):\n{''.join(stores) or '    pass'}\n"
        "def __repr__(self):\n"
        f'    return self.__class__.__qualname__ + f"({shown})"\n'
        "def __eq__(self, other):\n"
        "    if other.__class__ is self.__class__:\n"
        f"        return ({compared}) == ({others})\n"
        "    return NotImplemented\n"
        "def __hash__(self):\n"
        f"    return hash(({hashed}))\n"
        "def __setattr__(self, name, value):\n"
        f"    if type(self) is _cls or name in ({names}):\n"
        '        raise _FrozenInstanceError(f"cannot assign to field {name!r}")\n'
        "    super(_cls, self).__setattr__(name, value)\n"
        "def __delattr__(self, name):\n"
        f"    if type(self) is _cls or name in ({names}):\n"
        '        raise _FrozenInstanceError(f"cannot delete field {name!r}")\n'
        "    super(_cls, self).__delattr__(name)\n"
    )
