"""The package's units and the arrows between them (README, "Architecture").

Every import counts, function-level and ``TYPE_CHECKING`` ones included: a unit may
import only what its row of ``MAY_IMPORT`` lists (and itself), and no two units may
reach each other through their imports.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "composelint"

CORE = frozenset({"__init__", "source", "diagnostics"})
MODEL = frozenset({"model"})
READERS = frozenset(
    {"yaml", "dockerfile", "proxies", "commands", "shell", "markdown", "make", "python", "daemon"}
)
PROJECT = frozenset({"compose", "discover", "config", "suppress", "ci"})
ENTRIES = frozenset({"cli", "lsp", "__main__"})

MAY_IMPORT: dict[frozenset[str], frozenset[str]] = {
    CORE: CORE,
    MODEL: CORE,
    READERS: CORE | MODEL | READERS,
    PROJECT: CORE | MODEL | READERS | PROJECT,
    frozenset({"rules"}): CORE | MODEL,
    frozenset({"fix"}): CORE | MODEL | READERS | frozenset({"compose", "config", "suppress"}),
    frozenset({"run"}): CORE | MODEL | READERS | PROJECT | frozenset({"rules", "fix"}),
    frozenset({"output"}): CORE,
    # config: what the run is told (its Config), as run itself takes it.
    frozenset({"map"}): CORE | MODEL | frozenset({"rules", "run", "config"}),
}


def _unit(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "composelint":
        return None
    return parts[1] if len(parts) > 1 else "__init__"


def _imports() -> dict[tuple[str, str], list[str]]:
    """(importing unit, imported unit) -> the modules where that import is written."""
    found: dict[tuple[str, str], list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE.parent).with_suffix("")
        parts = list(relative.parts)
        if parts[-1] == "__init__":
            parts.pop()
            package = parts
        else:
            package = parts[:-1]
        module = ".".join(parts)
        unit = _unit(module)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package[: len(package) - node.level + 1]
                    target = ".".join(base + ([node.module] if node.module else []))
                else:
                    target = node.module or ""
                # "from composelint import x" imports the unit x
                targets = [target]
                if target == "composelint":  # "from composelint import x": x may be a unit
                    targets = [
                        f"composelint.{alias.name}"
                        if (PACKAGE / alias.name).is_dir()
                        or (PACKAGE / f"{alias.name}.py").is_file()
                        else target
                        for alias in node.names
                    ]
            else:
                continue
            for target in targets:
                other = _unit(target)
                if unit and other and other != unit:
                    found.setdefault((unit, other), []).append(module)
    return found


def _allowed(unit: str) -> frozenset[str] | None:
    if unit in ENTRIES:
        return None  # an entry may import anything
    for units, allowed in MAY_IMPORT.items():
        if unit in units:
            return allowed
    return frozenset()  # a unit the table does not know may import nothing


def test_every_unit_imports_only_what_its_row_allows() -> None:
    wrong = {
        (unit, other): sorted(set(where))
        for (unit, other), where in sorted(_imports().items())
        if (allowed := _allowed(unit)) is not None and other not in allowed
    }
    assert wrong == {}


def _in_cycles(graph: dict[str, set[str]]) -> set[str]:
    """The nodes of ``graph`` that can reach themselves."""

    def reach(start: str) -> set[str]:
        seen: set[str] = set()
        todo = [start]
        while todo:
            for nxt in graph.get(todo.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return seen

    return {node for node in graph if node in reach(node)}


def test_no_two_units_import_each_other() -> None:
    graph: dict[str, set[str]] = {}
    for unit, other in _imports():
        graph.setdefault(unit, set()).add(other)

    assert _in_cycles(graph) == set()


def test_the_table_knows_every_unit_of_the_package() -> None:
    units = {
        path.stem if path.is_file() else path.name
        for path in PACKAGE.iterdir()
        if (path.suffix == ".py" or (path / "__init__.py").exists())
    }
    known = set(ENTRIES).union(*MAY_IMPORT)
    assert units - known == set()


def test_the_formatters_modules_import_each_other_without_a_cycle() -> None:
    """Inside ``output/`` too: a writer module never imports the package that picks it."""
    folder = PACKAGE / "output"
    graph: dict[str, set[str]] = {}
    for path in sorted(folder.glob("*.py")):
        module = (
            "composelint.output" if path.stem == "__init__" else f"composelint.output.{path.stem}"
        )
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                "composelint.output"
            ):
                graph.setdefault(module, set()).add(node.module or "")
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.startswith("composelint.output"):
                        graph.setdefault(module, set()).add(alias.name)

    assert graph, "output/ imports none of its modules: the test reads nothing"
    assert _in_cycles(graph) == set()
