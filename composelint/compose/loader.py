"""Load one compose file: bytes -> YAML nodes -> interpolated trees, with CL001s."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path as FsPath

from msgspec import Struct, field

from composelint.compose.merge import merge_trees
from composelint.compose.tree import Tree, build_tree
from composelint.diagnostics import Diagnostic, make
from composelint.source import DecodeError, Source, file_kind, read_bytes
from composelint.yaml.document import YamlFile, load_yaml
from composelint.yaml.nodes import MappingNode, ScalarNode, deref

Lookup = Callable[[str], str | None]


class ComposeFile(Struct):
    path: str
    source: Source | None
    yaml: YamlFile | None
    tree: Tree | None  # all documents merged, interpolated
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def data(self) -> object:
        return None if self.tree is None else self.tree.data


def read_source(
    path: str, diagnostics: list[Diagnostic], overlay: Mapping[str, str] | None = None
) -> Source | None:
    """Read and decode a file; problems become CL001 at 0:0 naming the cause.

    ``overlay`` maps paths to text that stands in for the file on disk (an
    editor's unsaved buffer, a fix pass not yet written).
    """
    if overlay and path in overlay:
        return _overlay_source(path, overlay[path])
    try:
        return _read(path)
    except DecodeError as exc:
        empty = Source.from_text(path, "")
        diagnostics.append(make("CL001", f"cannot read {path}: {exc}", empty.span(0, 0)))
    except OSError as exc:
        empty = Source.from_text(path, "")
        reason = exc.strerror or str(exc)
        diagnostics.append(make("CL001", f"cannot read {path}: {reason}", empty.span(0, 0)))
    return None


def _read(path: str) -> Source:
    return Source.from_bytes(path, read_bytes(path))


def _overlay_source(path: str, text: str) -> Source:
    """A Source for edited text that keeps the file's encoding and BOM when it exists."""
    try:
        original = Source.read(path)
    except (OSError, DecodeError):
        return Source.from_text(path, text)
    return Source(
        path, original.encode(text), text, original.encoding, original.bom, original.newline
    )


class FileCache(Struct):
    """Each compose file loaded once per run (several projects may read it)."""

    lookup_for: Callable[[str], Lookup]
    overlay: dict[str, str] = field(default_factory=dict)
    files: dict[str, ComposeFile] = field(default_factory=dict)

    def get(self, path: str) -> ComposeFile:
        loaded = self.files.get(path)
        if loaded is None:
            try:
                source = read_source(path, [], self.overlay) if path in self.overlay else None
                loaded = load_compose_file(path, self.lookup_for(path), source)
            except Exception as exc:  # a bug in loading one file must not stop the run
                loaded = ComposeFile(path, None, None, None, [internal_error(path, exc)])
            self.files[path] = loaded
        return loaded


def internal_error(path: str, exc: BaseException) -> Diagnostic:
    """CL000 at the start of ``path`` for a bug met while loading it."""
    import traceback

    where = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    place = f" at {where.filename.rsplit('/', 1)[-1]}:{where.lineno}" if where else ""
    detail = str(exc)[:200]
    message = (
        f"internal error while loading the file: {type(exc).__name__}: {detail}{place}; "
        "please report it"
    )
    return make("CL000", message, Source.from_text(path, "").span(0, 0))


def load_compose_file(path: str, lookup: Lookup, source: Source | None = None) -> ComposeFile:
    diagnostics: list[Diagnostic] = []
    if source is None:
        source = read_source(path, diagnostics)
    if source is None:
        return ComposeFile(path, None, None, None, diagnostics)
    yaml = load_yaml(source)
    for problem in yaml.problems:
        end = problem.end if problem.end is not None else problem.offset
        diagnostics.append(make("CL001", problem.message, source.span(problem.offset, end)))
    if not yaml.fatal and not yaml.documents:
        what = "has only comments" if source.text.strip() else "is empty"
        diagnostics.append(
            make("CL002", f"the compose file {what}: docker compose refuses it", source.span(0, 0))
        )
    if yaml.fatal or not yaml.documents:
        return ComposeFile(path, source, yaml, None, diagnostics)
    tree = _documents_tree(source, yaml, lookup)
    for found in tree.problems:
        diagnostics.append(make(found.code, found.message, found.span))
    if any(found.code == "CL001" for found in tree.problems):
        # A tag compose cannot read (say !!python/object): the file is refused whole.
        return ComposeFile(path, source, yaml, None, diagnostics)
    return ComposeFile(path, source, yaml, tree, diagnostics)


def _documents_tree(source: Source, yaml: YamlFile, lookup: Lookup) -> Tree:
    trees = [build_tree(source, doc, lookup) for doc in yaml.documents]
    tree = trees[0]
    for later in trees[1:]:
        tree = merge_trees(tree, later, "document")
    return tree


def looks_like_compose(yaml: YamlFile) -> bool:
    """The compose shape: ``services:`` mapping of mappings, ``include:``, or a v1 layout."""
    root = yaml.root
    if not isinstance(root, MappingNode):
        return False
    keys = {n.value: deref(v) for k, v in root.pairs if isinstance(n := deref(k), ScalarNode)}
    services = keys.get("services")
    if isinstance(services, MappingNode):
        return all(isinstance(deref(v), MappingNode) for _k, v in services.pairs)
    if services is not None:
        return False
    if "include" in keys:
        return True
    return is_v1_layout(root)


def is_v1_layout(root: object) -> bool:
    """Top-level values are mappings with ``image`` or ``build`` (no ``services:``)."""
    if not isinstance(root, MappingNode) or not root.pairs:
        return False
    found = False
    for key, value in root.pairs:
        key, value = deref(key), deref(value)
        if not isinstance(key, ScalarNode):
            return False
        if key.value in ("version", "services", "networks", "volumes") or key.value.startswith(
            "x-"
        ):
            if key.value == "services":
                return False
            continue
        if not isinstance(value, MappingNode):
            return False
        names = {n.value for k, _v in value.pairs if isinstance(n := deref(k), ScalarNode)}
        if not names & {"image", "build", "extends"}:
            return False
        found = True
    return found


def environment_lookup(
    dotenv: Mapping[str, str], environ: Mapping[str, str] | None = None
) -> Lookup:
    """Variables as compose reads them: the process environment wins over ``.env``."""
    env = os.environ if environ is None else environ

    def lookup(name: str) -> str | None:
        value = env.get(name)
        if value is not None:
            return value
        return dotenv.get(name)

    return lookup


def is_remote(reference: str) -> bool:
    return "://" in reference or reference.startswith(("git@", "oci:", "github.com/"))


def resolve_relative(base_file: str, reference: str) -> str:
    ref = os.path.expanduser(reference)
    if os.path.isabs(ref):
        return ref
    return os.path.normpath(os.path.join(os.path.dirname(base_file) or ".", ref))


def file_exists(path: str) -> bool:
    return FsPath(path).is_file()


def missing_file(path: str) -> str:
    """Why ``path`` is not a file to read, for a message: what it is, or that it is
    missing (``include: /dev/zero`` is a device, not a missing file)."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return "which does not exist"
    return f"which is {file_kind(mode)}, not a regular file"
