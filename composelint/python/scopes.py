"""The calls of a module, scope by scope, with what each scope's names are bound to.

A name bound in a scope (``client = docker.from_env()``, ``c = DockerContainer(...)``,
``with DockerContainer(...) as c``) is known in that scope and in the scopes nested
in it, unless they bind it again.  Where in the scope it was bound is not tracked:
a name bound to a docker client in one place of a function is one everywhere in it.
The walk is iterative: a deeply nested file cannot exhaust Python's stack here.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)

# What a name can be bound to: the binding's kind and the expression it was bound to.
Binding = tuple[str, ast.expr]
Classify = Callable[[ast.expr, dict[str, Binding]], str | None]


@dataclass
class Scope:
    node: ast.AST
    calls: list[ast.Call] = field(default_factory=list)
    names: dict[str, Binding] = field(default_factory=dict)


# Children that hold no call, no binding and no scope: a name's context, an operator.
_INERT = (ast.expr_context, ast.operator, ast.unaryop, ast.cmpop, ast.boolop, ast.Constant)
_FIELDS: dict[type, tuple[str, ...]] = {}


def children(node: ast.AST) -> list[ast.AST]:
    """``node``'s child nodes that may hold a call, a binding or a scope (what
    ``ast.iter_child_nodes`` gives, without the inert ones, at a third of its cost)."""
    names = _FIELDS.get(type(node))
    if names is None:
        names = _FIELDS[type(node)] = tuple(node._fields)
    out: list[ast.AST] = []
    for name in names:
        value = getattr(node, name, None)
        if type(value) is list:
            out.extend(v for v in value if isinstance(v, ast.AST) and not isinstance(v, _INERT))
        elif isinstance(value, ast.AST) and not isinstance(value, _INERT):
            out.append(value)
    return out


def statements(tree: ast.Module) -> Iterator[ast.stmt]:
    """Every statement of ``tree``, nested ones included (no expression is entered)."""
    todo: list[ast.stmt] = list(tree.body)
    while todo:
        node = todo.pop()
        yield node
        for name in ("body", "orelse", "finalbody", "handlers", "cases"):
            block = getattr(node, name, None)
            if block:
                for item in block:
                    if isinstance(item, (ast.ExceptHandler, ast.match_case)):
                        todo.extend(item.body)
                    else:
                        todo.append(item)


def scopes(tree: ast.Module, classify: Classify) -> Iterator[Scope]:
    """Each scope of ``tree`` with its own calls (in source order) and its bindings,
    outer ones included; ``classify`` says what an assigned value is (or None)."""
    todo: list[tuple[ast.AST, dict[str, Binding]]] = [(tree, {})]
    while todo:
        node, outer = todo.pop()
        scope = Scope(node, names=dict(outer))
        nested: list[ast.AST] = []
        assigned: list[tuple[str, ast.expr]] = []
        stack = children(node)
        while stack:
            child = stack.pop()
            if isinstance(child, _SCOPES):
                nested.append(child)
                continue
            if isinstance(child, ast.Call):
                scope.calls.append(child)
            elif isinstance(child, ast.Assign):
                assigned.extend(
                    (t.id, child.value) for t in child.targets if isinstance(t, ast.Name)
                )
            elif isinstance(child, ast.AnnAssign) and child.value is not None:
                if isinstance(child.target, ast.Name):
                    assigned.append((child.target.id, child.value))
            elif isinstance(child, (ast.With, ast.AsyncWith)):
                for item in child.items:
                    if isinstance(item.optional_vars, ast.Name):
                        assigned.append((item.optional_vars.id, item.context_expr))
            elif isinstance(child, ast.NamedExpr):
                assigned.append((child.target.id, child.value))
            stack.extend(children(child))
        # Twice: a name bound to another bound name (``c = client.containers``).
        known: set[str] = set()
        for _ in range(2):
            for name, value in assigned:
                kind = classify(value, scope.names)
                if kind is not None:
                    scope.names[name] = (kind, value)
                    known.add(name)
        for name, _value in assigned:
            if name not in known:
                scope.names.pop(name, None)  # bound here to something else
        scope.calls.sort(key=lambda c: (c.lineno, c.col_offset))
        yield scope
        todo.extend((child, scope.names) for child in reversed(nested))
