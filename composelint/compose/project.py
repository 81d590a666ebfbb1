"""Assemble compose projects: overrides, ``include``, ``extends``, validation.

A project is what ``docker compose`` would load together: a base file, its
override files, the files it includes and the files its services extend.
Each loaded file is kept once (``FileCache``) so a file shared by several
projects is parsed once and reports its own problems once.
"""

from __future__ import annotations

import os
from typing import Any

from msgspec import Struct, field

from composelint.compose.env_files import check_env_files
from composelint.compose.loader import (  # FileCache is this module's, too
    ComposeFile,
    file_exists,
    internal_error,
    is_remote,
    is_v1_layout,
    missing_file,
    resolve_relative,
)
from composelint.compose.loader import (
    FileCache as FileCache,
)
from composelint.compose.merge import copy_into, merge_trees
from composelint.compose.references import Undefined
from composelint.compose.schema import validate
from composelint.compose.services import build_services, network_definitions
from composelint.compose.tree import Path, Tree
from composelint.diagnostics import Diagnostic, make
from composelint.model.container import Project
from composelint.source import Source


class LoadedProject(Struct):
    project: Project
    tree: Tree | None
    files: list[str]  # every compose file the project read
    diagnostics: list[Diagnostic]  # project-level (CL001 in env files, CL002, CL005, CL006)
    env_files: dict[str, Source] = field(default_factory=dict)  # env files with a CL001
    # CL006 for networks, volumes, secrets, configs and services used but never defined:
    # reported only when the project stands alone (``run.collect`` decides), since a file
    # that another one includes, or that is layered with ``-f``, gets them from there.
    undefined: list[Undefined] = field(default_factory=list)
    group: tuple[str, ...] = ()  # the files the project was loaded from (base first)


def load_project(paths: list[str], cache: FileCache) -> LoadedProject:
    """Load ``paths`` (base first, overrides after) as one project.

    A bug met while loading is CL000 in the first file, and the run goes on."""
    try:
        return _load_project(paths, cache)
    except Exception as exc:  # MemoryError and RecursionError included
        empty = Project(_project_name(paths[0]), tuple(paths), _dirname(paths[0]), {}, False, {})
        return LoadedProject(empty, None, list(paths), [internal_error(paths[0], exc)])


def _load_project(paths: list[str], cache: FileCache) -> LoadedProject:
    diags: list[Diagnostic] = []
    undefined: list[Undefined] = []
    used: list[str] = []
    tree: Tree | None = None
    v1 = False
    complete = True  # every file read: the project's definitions are all known
    for index, path in enumerate(paths):
        loaded = cache.get(path)
        used.append(path)
        if loaded.tree is None:
            complete = False
            continue
        file_tree = _expand(loaded, cache, diags, used, chain=(path,))
        if index == 0:
            v1 = loaded.yaml is not None and is_v1_layout(loaded.yaml.root)
        _validate(file_tree, diags, v1 and index == 0)
        if tree is None:
            tree = file_tree
        else:
            tree = merge_trees(tree, file_tree, f"override {path}")
            _validate(tree, diags, False)
    services = build_services(tree, v1) if tree is not None else {}
    if tree is not None:
        _check_values(tree, diags)
        # A definition may sit in an include or extends base that could not be read.
        if complete and not v1 and not any(d.code == "CL006" for d in diags):
            undefined = _check_references(tree)
    data = tree.data if tree is not None else None
    services_data, prefix = _services_of(data), _services_prefix(data)
    env_files = check_env_files(tree, services_data, prefix, used, cache.overlay, diags)
    base = paths[0]
    project = Project(
        name=_project_name(base),
        files=tuple(used),
        directory=_dirname(base),
        services=services,
        v1_layout=v1,
        data=tree.data if tree is not None and isinstance(tree.data, dict) else {},
        networks=network_definitions(tree, tree.data) if tree is not None else {},
    )
    loaded_project = LoadedProject(project, tree, used, _dedupe(diags), env_files)
    loaded_project.undefined = undefined
    loaded_project.group = tuple(paths)
    return loaded_project


def _expand(
    loaded: ComposeFile,
    cache: FileCache,
    diags: list[Diagnostic],
    used: list[str],
    chain: tuple[str, ...],
) -> Tree:
    """The file's tree with its ``include:`` and ``extends:`` resolved."""
    tree = loaded.tree
    assert tree is not None
    data = tree.data
    if not isinstance(data, dict):
        return tree
    tree = _apply_includes(loaded, tree, cache, diags, used, chain)
    return _apply_extends(loaded.path, tree, cache, diags, used, chain)


def _apply_includes(
    loaded: ComposeFile,
    tree: Tree,
    cache: FileCache,
    diags: list[Diagnostic],
    used: list[str],
    chain: tuple[str, ...],
) -> Tree:
    includes = tree.data.get("include")
    if not isinstance(includes, list):
        return tree
    for index, entry in enumerate(includes):
        entry_path: Path = ("include", index)
        refs: list[tuple[Any, Path]] = []
        if isinstance(entry, str):
            refs.append((entry, entry_path))
        elif isinstance(entry, dict):
            value = entry.get("path")
            if isinstance(value, str):
                refs.append((value, (*entry_path, "path")))
            elif isinstance(value, list):
                refs.extend((v, (*entry_path, "path", i)) for i, v in enumerate(value))
        for ref, ref_path in refs:
            if not isinstance(ref, str):
                continue
            target = _follow(loaded.path, ref, "include", tree, ref_path, diags, chain)
            if target is None:
                continue
            included = cache.get(target)
            if target not in used:
                used.append(target)
            if included.tree is None:
                continue
            sub = _expand(included, cache, diags, used, (*chain, target))
            if isinstance(sub.data, dict):
                body = {k: v for k, v in sub.data.items() if k != "include"}
                tree = merge_trees(tree, _as_included(sub, body), "")
    return tree


def _as_included(tree: Tree, body: dict[str, Any]) -> Tree:
    """An included file's resources, each origin marked as coming through ``include``."""
    out = Tree(data=None)
    out.data = copy_into(body, tree, (), out, (), "include")
    return out


def _apply_extends(
    path: str,
    tree: Tree,
    cache: FileCache,
    diags: list[Diagnostic],
    used: list[str],
    chain: tuple[str, ...],
) -> Tree:
    prefix = _services_prefix(tree.data)
    done: set[str] = set()
    for name in list(_services_of(tree.data)):
        body = _services_of(tree.data).get(name)
        if isinstance(body, dict) and "extends" in body and f"{path}#{name}" not in done:
            state = _Extending(cache, diags, used, done)
            tree = state.extend(path, tree, prefix, name)
    return tree


def _services_prefix(data: Any) -> Path:
    """Where services live: under ``services:``, or at the top in a version-1 layout."""
    if isinstance(data, dict) and isinstance(data.get("services"), dict):
        return ("services",)
    return ()


class _Extending(Struct):
    cache: FileCache
    diags: list[Diagnostic]
    used: list[str]
    done: set[str]

    def extend(
        self,
        path: str,
        tree: Tree,
        prefix: Path,
        name: str,
        seen: tuple[tuple[str, str], ...] = (),
        root: tuple[Tree, Path] | None = None,
    ) -> Tree:
        """``tree`` with service ``name`` merged onto the service it extends.

        ``seen``: the (file, service) chain that led here; ``root``: where the chain
        started (the extends a cycle is reported on, in the file being loaded)."""
        seen = (*seen, (path, name))
        self.done.add(f"{path}#{name}")
        body = _services_of(tree.data)[name]
        ext = body.get("extends")
        ext_path: Path = (*prefix, name, "extends")
        root = root or (tree, ext_path)
        if isinstance(ext, str):
            base_name, base_file = ext, None
        elif isinstance(ext, dict) and isinstance(ext.get("service"), str):
            base_name = ext["service"]
            base_file = ext.get("file") if isinstance(ext.get("file"), str) else None
        else:
            return tree
        if base_file is None:
            base_tree, base_path, base_prefix = tree, path, prefix
        else:
            target = _follow(path, base_file, "extends", tree, (*ext_path, "file"), self.diags, ())
            other = self.cache.get(target) if target is not None else None
            if target is None or other is None or other.tree is None:
                return tree
            if target not in self.used:
                self.used.append(target)
            base_tree, base_path = other.tree, target
            base_prefix = _services_prefix(base_tree.data)
        if (base_path, base_name) in seen:
            names = _chain_names([*seen, (base_path, base_name)])
            _reference_problem(*root, f"extends cycle: {names}", self.diags)
            return tree
        base_body = _services_of(base_tree.data).get(base_name)
        if not isinstance(base_body, dict):
            where = "" if base_file is None else f" in {base_file}"
            message = f"extends names service '{base_name}'{where}, which does not exist"
            _reference_problem(tree, ext_path, message, self.diags)
            return tree
        if "extends" in base_body:
            base_tree = self.extend(base_path, base_tree, base_prefix, base_name, seen, root)
            base_body = _services_of(base_tree.data).get(base_name, base_body)
            if base_file is None:
                tree = base_tree
                body = _services_of(tree.data)[name]
        base = (base_tree, (*base_prefix, base_name), base_body)
        return _merge_extended(tree, prefix, name, body, base)


def _chain_names(chain: list[tuple[str, str]]) -> str:
    """``a -> b -> a`` in one file; across files each service with its file, relative
    to the first one's directory: ``x (compose.yml) -> y (b.yml) -> x (compose.yml)``."""
    if len({path for path, _name in chain}) == 1:
        return " -> ".join(name for _path, name in chain)
    home = os.path.dirname(chain[0][0])
    return " -> ".join(f"{name} ({os.path.relpath(path, home or '.')})" for path, name in chain)


def _merge_extended(
    tree: Tree,
    prefix: Path,
    name: str,
    body: dict[str, Any],
    base: tuple[Tree, Path, dict[str, Any]],
) -> Tree:
    """The extended service as base, the service's own keys on top (compose's rule)."""
    base_tree, base_path, base_body = base
    base_only = Tree(data=None)
    cleaned = {k: v for k, v in base_body.items() if k not in ("extends", "depends_on")}
    copy_into(cleaned, base_tree, base_path, base_only, (*prefix, name), "extends")
    base_only.data = _nest(prefix, name, cleaned)
    mine = Tree(
        data=_nest(prefix, name, {k: v for k, v in body.items() if k != "extends"}),
        origins=tree.origins,
    )
    merged = merge_trees(base_only, mine, "")
    new_tree = Tree(data=dict(tree.data), origins=dict(tree.origins), problems=tree.problems)
    services = _services_of(merged.data)[name]
    services["extends"] = body.get("extends")
    if prefix:
        new_tree.data["services"] = {**tree.data["services"], name: services}
    else:
        new_tree.data[name] = services
    new_tree.origins.update(merged.origins)
    return new_tree


def _nest(prefix: Path, name: str, body: dict[str, Any]) -> dict[str, Any]:
    return {"services": {name: body}} if prefix else {name: body}


def _services_of(data: Any) -> dict[str, Any]:
    if not isinstance(data, dict):
        return {}
    services = data.get("services")
    if isinstance(services, dict):
        return services
    return {k: v for k, v in data.items() if isinstance(v, dict) and not k.startswith("x-")}


def _follow(
    base_file: str,
    ref: str,
    what: str,
    tree: Tree,
    ref_path: Path,
    diags: list[Diagnostic],
    chain: tuple[str, ...],
) -> str | None:
    """The path a reference names, or None after reporting CL006."""
    if is_remote(ref):
        _reference_problem(
            tree,
            ref_path,
            f"{what} names a remote reference '{ref}', which composelint never fetches",
            diags,
        )
        return None
    target = resolve_relative(base_file, ref)
    if target in chain:
        _reference_problem(tree, ref_path, f"{what} cycle: '{ref}' is already being loaded", diags)
        return None
    if not file_exists(target):
        _reference_problem(tree, ref_path, f"{what} names '{ref}', {missing_file(target)}", diags)
        return None
    return target


def _reference_problem(tree: Tree, path: Path, message: str, diags: list[Diagnostic]) -> None:
    origin = tree.origin(path)
    if origin is not None:
        diags.append(make("CL006", message, origin.span))


def _validate(tree: Tree, diags: list[Diagnostic], v1: bool) -> None:
    data = tree.data
    if v1:
        origin = tree.origin(())
        if origin is not None:
            diags.append(
                make(
                    "CL002",
                    "version 1 layout: services at the top level without 'services:'; "
                    "docker compose no longer reads this format",
                    origin.source.span(origin.node.start, origin.node.start),
                )
            )
        return
    if data is None:
        return
    if not isinstance(data, dict):
        origin = tree.origin(())
        if origin is not None:
            kind = "a list" if isinstance(data, list) else "a scalar"
            diags.append(make("CL002", f"the top level must be a mapping, got {kind}", origin.span))
        return
    for error in validate(data):
        origin = tree.origin(error.path)
        if origin is None or _depends_on_env(tree, error.path):
            continue
        span = origin.key_span if error.at_key else origin.span
        diags.append(make("CL002", error.message, span))


def _depends_on_env(tree: Tree, path: Path) -> bool:
    """True when the failing value (or anything under it) came from an unset variable."""
    n = len(path)
    return any(
        origin.depends_on_env for candidate, origin in tree.origins.items() if candidate[:n] == path
    )


def _check_values(tree: Tree, diags: list[Diagnostic]) -> None:
    from composelint.compose.checks import check_values

    diags.extend(check_values(tree))


def _check_references(tree: Tree) -> list[Undefined]:
    from composelint.compose.references import check_references

    return check_references(tree)


def _dedupe(diags: list[Diagnostic]) -> list[Diagnostic]:
    seen: set[tuple[str, str, int, int, str]] = set()
    out = []
    for d in diags:
        key = (d.code, d.span.path, d.span.start.offset, d.span.end.offset, d.message)
        if key not in seen:
            seen.add(key)
            out.append(d)
    return out


def _project_name(base: str) -> str:
    return os.path.basename(os.path.dirname(os.path.abspath(base))) or "default"


def _dirname(path: str) -> str:
    return os.path.dirname(path) or "."
