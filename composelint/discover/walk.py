"""Stage 1: expand command-line paths into classified files.

:func:`discover` walks directories (``.gitignore``-aware, hidden folders included, ``.git``
never) and classifies every file by its base name; other ``*.yml``/``*.yaml`` files are
kept as *yaml-candidates* when a cheap line scan says they may be compose files. Nothing
here parses YAML: the loader confirms candidates and adds files that a project references
(``include:``, ``extends: file:``, ``COMPOSE_FILE``) but no name or scan revealed.

Problems with paths (missing, unreadable, a symlink loop) become :attr:`Discovery.errors`
entries; :func:`discover` never raises for them.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Collection, Mapping, Sequence
from fnmatch import fnmatchcase
from pathlib import Path

from msgspec import Struct, field

from composelint.config import KindSettings, PathGlobs
from composelint.discover.gitignore import IgnoreStack, read_spec
from composelint.source import file_kind, lazy_pattern

__all__ = [
    "Discovery",
    "Found",
    "classify_name",
    "discover",
    "find_project_env",
    "looks_like_compose",
]

COMPOSE = "compose"
DOCKERFILE = "dockerfile"
SHELL = "shell"
PYTHON = "python"
MAKEFILE = "makefile"
MARKDOWN = "markdown"
WORKFLOW = "workflow"  # a GitHub Actions workflow
GITLAB = "gitlab"  # a GitLab CI file (``.gitlab-ci.yml``)
ENV = "env"
DAEMON = "daemon"  # a daemon.json: the reader keeps it only when its keys are dockerd's
YAML_CANDIDATE = "yaml-candidate"

SCAN_BYTES = 256 * 1024  # only the head of a candidate YAML file is scanned
MAX_SCAN_SIZE = 64 * 1024 * 1024  # larger YAML files are not scanned at all

_COMPOSE_NAME = lazy_pattern(
    r"(?:compose|docker-compose.*|compose\..*|.*\.compose)\.ya?ml", re.DOTALL
)
# Any ``Dockerfile.*`` / ``Containerfile.*`` counts, templates (``Dockerfile.j2``)
# included: a simple rule is easier to predict than a list of template suffixes, and a
# file that does not parse is reported (CL001) rather than silently skipped. The two
# exceptions are BuildKit's per-Dockerfile ignore file (``Dockerfile.dockerignore``) and
# documentation (``Dockerfile.md``), which are never Dockerfiles.
_DOCKERFILE_NAME = lazy_pattern(r"(?:Dockerfile|Containerfile)(?:\..*)?|.*\.Dockerfile", re.DOTALL)
_NOT_DOCKERFILE_SUFFIXES = (".dockerignore", ".md")
_YAML_SUFFIXES = (".yml", ".yaml")
_SHELL_SUFFIXES = (".sh", ".bash", ".zsh")
# Justfiles have a syntax of their own: not read.
_MAKEFILE_NAMES = frozenset({"Makefile", "makefile", "GNUmakefile"})
_MAKEFILE_SUFFIXES = (".mk", ".makefile")
_MARKDOWN_SUFFIXES = (".md", ".markdown")
GITLAB_FILE_NAMES = frozenset({".gitlab-ci.yml", ".gitlab-ci.yaml"})
# A file without a suffix is a shell script when its first line names sh, bash or zsh.
_SHELL_SHEBANG = lazy_pattern(
    rb"#![ \t]*(?:/usr/bin/env[ \t]+(?:-\S+[ \t]+)*)?(?:\S*/)?(?:ba|z|da)?sh(?:[ \t]|\r?$)"
)
SHEBANG_BYTES = 128

# ``services:`` at column 0, nothing after it but blanks or a comment.
_SERVICES_LINE = lazy_pattern(r"services:[ \t]*(?:#.*)?", re.DOTALL)
# An indented mapping key (``  web:``, ``  "web": {}``), not a sequence item (``  - x``).
_INDENTED_KEY = lazy_pattern(
    r" +(?!-(?:[ \t]|$))(?:\"[^\"]*\"|'[^']*'|[^\s#:][^:]*?)[ \t]*:(?:[ \t]|$)"
)
# A top-level key (column 0); ``value`` is what follows the colon on the same line.
_TOP_KEY = lazy_pattern(
    r"(?:\"[^\"]*\"|'[^']*'|[^\s#\-\"'?{\[][^:]*?)[ \t]*:(?:[ \t]+(?P<value>.*))?$"
)
# A value that still allows the key's value to be a mapping: an anchor on a block
# mapping (``web: &web``), an alias or a flow mapping. Anything else is a scalar.
_MAPPING_VALUE = lazy_pattern(r"(?:&\S+[ \t]*(?:#.*)?|\*\S+.*|\{.*|#.*)$")
_V1_SERVICE_KEY = lazy_pattern(r"(?:image|build)[ \t]*:(?:[ \t]|$)")


class Found(Struct, frozen=True):
    """One classified file.

    *path* is kept as given or joined during the walk (never resolved), so paths stay
    relative when the user passed relative ones. *reason* is ``"name"`` (classified by
    base name), ``"content-scan"`` (a YAML file whose text looks like compose) or
    ``"explicit"`` (named on the command line). *explicit* marks targets.
    """

    path: Path
    kind: str
    reason: str
    explicit: bool = False


class Discovery(Struct):
    """Result of :func:`discover`: files sorted by path, and ``(path, message)`` errors."""

    files: list[Found] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)


def classify_name(name: str) -> str | None:
    """Kind implied by a base name alone (case-sensitive): compose, dockerfile, env, daemon
    or None."""
    if _COMPOSE_NAME.fullmatch(name):
        return COMPOSE
    if _DOCKERFILE_NAME.fullmatch(name) and not name.endswith(_NOT_DOCKERFILE_SUFFIXES):
        return DOCKERFILE
    if name == ".env":
        return ENV
    if name == "daemon.json":
        return DAEMON
    if name.endswith(_SHELL_SUFFIXES):
        return SHELL
    if name.endswith(".py"):
        return PYTHON
    if name in _MAKEFILE_NAMES or name.endswith(_MAKEFILE_SUFFIXES):
        return MAKEFILE
    if name.endswith(_MARKDOWN_SUFFIXES):
        return MARKDOWN
    return None


def classify_ci(name: str, path: str) -> str | None:
    """The CI kind a YAML file is by its name or where it sits: ``.github/workflows/*.y[a]ml``
    is a workflow, ``.gitlab-ci.yml`` a GitLab CI file (never compose candidates)."""
    if not name.endswith(_YAML_SUFFIXES):
        return None
    if name in GITLAB_FILE_NAMES:
        return GITLAB
    parts = path.replace("\\", "/").rsplit("/", 3)
    if len(parts) < 3:
        parts = os.path.abspath(path).replace("\\", "/").rsplit("/", 3)
    if len(parts) >= 3 and parts[-2] == "workflows" and parts[-3] == ".github":
        return WORKFLOW
    return None


def has_shell_shebang(path: str) -> bool:
    """Whether the first line of the file at ``path`` runs it with sh, bash or zsh."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return False
    try:
        head = os.read(fd, SHEBANG_BYTES)
    except OSError:  # BlockingIOError: swapped for a FIFO meanwhile
        return False
    finally:
        os.close(fd)
    return runs_a_shell(head)


def runs_a_shell(head: bytes) -> bool:
    """Whether the first line of ``head`` (a file's first bytes) names sh, bash, zsh or
    dash as its interpreter."""
    return _SHELL_SHEBANG.match(head.split(b"\n", 1)[0]) is not None


def find_project_env(compose_path: Path) -> Path | None:
    """The ``.env`` file beside *compose_path* (what compose reads for interpolation)."""
    env = compose_path.parent / ".env"
    return env if env.is_file() else None


def _is_blank_or_comment(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


def looks_like_compose(text: str, *, allow_v1: bool = False) -> bool:
    """Cheap pre-filter: may *text* be a compose file? The loader confirms by parsing.

    True when a line is exactly ``services:`` at column 0 (optionally followed by blanks
    or a comment) and the next content line is an indented mapping key: a mapping of
    services, not a ``.gitlab-ci.yml``-style list. With *allow_v1*, also true for the
    version-1 layout: every top-level value is a mapping and at least one has ``image:``
    or ``build:`` one indentation level below its key.
    """
    lines = text.splitlines()
    if lines and lines[0].startswith("\ufeff"):
        lines[0] = lines[0][1:]
    for i, line in enumerate(lines):
        if line.startswith("services:") and _SERVICES_LINE.fullmatch(line):
            for following in lines[i + 1 :]:
                if not _is_blank_or_comment(following):
                    if _INDENTED_KEY.match(following):
                        return True
                    break
    return allow_v1 and _looks_like_v1(lines)


def _looks_like_v1(lines: list[str]) -> bool:
    has_service = False
    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        if _is_blank_or_comment(line) or line.startswith(("---", "...", "%")):
            i += 1
            continue
        top = _TOP_KEY.match(line)
        if top is None:  # a top-level sequence or scalar, or stray indentation
            return False
        value = top.group("value")
        if value and not _MAPPING_VALUE.match(value):
            return False  # a scalar value: not a service definition
        child_indent = 0
        j = i + 1
        while j < n:
            current = lines[j]
            stripped = current.lstrip(" ")
            if not stripped or stripped.startswith("#"):
                j += 1
                continue
            indent = len(current) - len(stripped)
            if indent == 0:
                break
            if not child_indent:
                child_indent = indent
                if stripped == "-" or stripped.startswith("- "):
                    return False  # a block sequence
            if indent == child_indent and _V1_SERVICE_KEY.match(stripped):
                has_service = True
            j += 1
        if not child_indent and not value:
            return False  # ``key:`` with nothing below is null, not a mapping
        i = j
    return has_service


def _read_head(path: str) -> str:
    # Only regular files get here (their stat was checked), but one may be swapped for a
    # FIFO meanwhile: opened without blocking, it then reads as empty.
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        return os.read(fd, SCAN_BYTES).decode("utf-8", errors="replace")
    except BlockingIOError:
        return ""
    finally:
        os.close(fd)


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()  # follows symlinks
    except OSError:
        return False


def _is_file(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_file()
    except OSError:
        return False


def _message(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _may_have_shebang(name: str) -> bool:
    return "." not in name.lstrip(".")


class _Collector:
    def __init__(
        self,
        extra_globs: tuple[str, ...],
        kinds: Mapping[str, KindSettings] | None = None,
        exclude: PathGlobs | None = None,
    ) -> None:
        self.extra_globs = extra_globs
        self.kinds = dict(kinds or {})
        self.exclude = exclude if exclude else None  # the configuration's exclude globs
        self.includes = {k: s for k, s in self.kinds.items() if s.include and s.enabled}
        self.found: dict[tuple[int, int], Found] = {}
        self.errors: list[tuple[str, str]] = []
        self.visited_dirs: set[tuple[int, int]] = set()

    def error(self, path: str | os.PathLike[str], message: str) -> None:
        self.errors.append((os.fspath(path), message))

    def add(self, ident: tuple[int, int], found: Found) -> None:
        old = self.found.get(ident)
        if old is None or (found.explicit and not old.explicit):
            self.found[ident] = found

    def extra_match(self, rel: str, name: str) -> bool:
        return any(fnmatchcase(rel, g) or fnmatchcase(name, g) for g in self.extra_globs)

    def kind_by_name(self, rel: str, name: str, path: str) -> str | None:
        kind = classify_name(name) or classify_ci(name, path)
        if kind is None and self.extra_globs and self.extra_match(rel, name):
            kind = COMPOSE
        if kind is None and self.includes:
            kind = next((k for k, s in self.includes.items() if s.includes(path)), None)
        return kind

    def wanted(self, kind: str, path: str) -> bool:
        """Whether the configuration lets the file at ``path``, of ``kind``, be checked."""
        if self.exclude is not None and self.exclude.matches(path):
            return False
        settings = self.kinds.get(kind)
        return settings is None or settings.wants(path)

    def scan(self, path: str, st: os.stat_result, *, allow_v1: bool) -> bool:
        if st.st_size > MAX_SCAN_SIZE:
            return False
        try:
            text = _read_head(path)
        except OSError as exc:
            self.error(path, _message(exc))
            return False
        return looks_like_compose(text, allow_v1=allow_v1)

    def explicit_file(self, path: Path, st: os.stat_result) -> None:
        kind, _why = self.explicit_kind(path, st)
        if kind is not None:
            self.add((st.st_dev, st.st_ino), Found(path, kind, "explicit", True))

    def unsaved_file(self, path: Path, number: int) -> None:
        """A named file that exists only as text the caller holds: its name decides."""
        kind = self.kind_by_name(path.as_posix(), path.name, os.fspath(path))
        if kind is None and path.name.endswith(_YAML_SUFFIXES):
            kind = YAML_CANDIDATE
        if kind is not None and self.wanted(kind, os.fspath(path)):
            self.add((-1, number), Found(path, kind, "explicit", True))

    def explicit_kind(self, path: Path, st: os.stat_result) -> tuple[str | None, str]:
        """The kind of a file named on the command line, or None and why it is skipped."""
        name = path.name
        kind = self.kind_by_name(path.as_posix(), name, os.fspath(path))
        if kind is None and _may_have_shebang(name) and has_shell_shebang(os.fspath(path)):
            kind = SHELL
        if kind is None:
            if not name.endswith(_YAML_SUFFIXES):
                return None, SKIPPED_KIND
            if not self.scan(os.fspath(path), st, allow_v1=True):
                return None, "YAML without a top-level 'services:' mapping: not a compose file"
            kind = YAML_CANDIDATE
        if self.exclude is not None and self.exclude.matches(os.fspath(path)):
            return None, "excluded by the configuration's 'exclude'"
        if not self.wanted(kind, os.fspath(path)):
            return None, f"a {kind.replace('_', ' ')} file the configuration's 'kinds' leave out"
        return kind, ""

    def walk(self, root: Path, root_st: os.stat_result) -> None:
        root_ident = (root_st.st_dev, root_st.st_ino)
        if root_ident in self.visited_dirs:
            return  # already walked as part of another root
        self.visited_dirs.add(root_ident)
        # (directory path, path relative to the root, ignore layers, ancestor identities)
        stack: list[tuple[str, str, IgnoreStack, tuple[tuple[int, int], ...]]] = [
            (os.fspath(root), "", IgnoreStack(), (root_ident,))
        ]
        while stack:
            dirpath, rel, ignores, ancestors = stack.pop()
            try:
                with os.scandir(dirpath) as it:
                    entries = sorted(it, key=lambda e: e.name)
            except OSError as exc:
                self.error(dirpath, _message(exc))
                continue
            ignores = self._load_ignores(dirpath, rel, ignores, entries)
            subdirs: list[tuple[str, str, IgnoreStack, tuple[tuple[int, int], ...]]] = []
            for entry in entries:
                name = entry.name
                if name == ".git":
                    continue
                entry_rel = f"{rel}/{name}" if rel else name
                if _is_dir(entry):
                    if ignores and ignores.is_ignored(entry_rel, True):
                        continue
                    if self.exclude is not None and self.exclude.matches(entry.path, True):
                        continue
                    ident = self._enter_dir(entry, ancestors)
                    if ident is not None:
                        subdirs.append((entry.path, entry_rel, ignores, (*ancestors, ident)))
                    continue
                self._walked_file(entry, entry_rel, ignores)
            stack.extend(reversed(subdirs))

    def _load_ignores(
        self, dirpath: str, rel: str, ignores: IgnoreStack, entries: list[os.DirEntry[str]]
    ) -> IgnoreStack:
        by_name = {e.name: e for e in entries if e.name in (".git", ".gitignore")}
        git = by_name.get(".git")
        if git is not None and _is_dir(git):
            # A repository root: git applies only this repository's ignore files to it
            # (the directory itself was already checked against the outer repository's).
            ignores = IgnoreStack()
            exclude = os.path.join(git.path, "info", "exclude")
            if os.path.isfile(exclude):
                ignores = self._push_spec(ignores, rel, exclude)
        gitignore = by_name.get(".gitignore")
        if gitignore is not None and _is_file(gitignore):
            ignores = self._push_spec(ignores, rel, gitignore.path)
        return ignores

    def _push_spec(self, ignores: IgnoreStack, rel: str, path: str) -> IgnoreStack:
        try:
            return ignores.push(rel, read_spec(path))
        except OSError as exc:
            self.error(path, _message(exc))
            return ignores

    def _enter_dir(
        self, entry: os.DirEntry[str], ancestors: tuple[tuple[int, int], ...]
    ) -> tuple[int, int] | None:
        try:
            st = entry.stat()
        except OSError as exc:
            self.error(entry.path, _message(exc))
            return None
        ident = (st.st_dev, st.st_ino)
        if ident in self.visited_dirs:
            if ident in ancestors:
                self.error(entry.path, "Directory loop: links back to an ancestor, not followed")
            return None  # otherwise reached before through another path: files already found
        self.visited_dirs.add(ident)
        return ident

    def _walked_file(self, entry: os.DirEntry[str], rel: str, ignores: IgnoreStack) -> None:
        name = entry.name
        kind = self.kind_by_name(rel, name, entry.path)
        shebang = kind is None and _may_have_shebang(name)
        if kind is None and not shebang and not name.endswith(_YAML_SUFFIXES):
            return  # most files: decided by name, no system call, no gitignore lookup
        if kind is not None and not self.wanted(kind, entry.path):
            return
        if ignores and ignores.is_ignored(rel, False):
            return
        try:
            st = entry.stat()
        except OSError as exc:  # e.g. a dangling symlink named compose.yml
            self.error(entry.path, _message(exc))
            return
        if not stat.S_ISREG(st.st_mode):
            return
        reason = "name"
        if shebang:
            if not has_shell_shebang(entry.path) or not self.wanted(SHELL, entry.path):
                return
            kind, reason = SHELL, "shebang"
        if kind is None:
            if not self.scan(entry.path, st, allow_v1=False):
                return
            kind, reason = YAML_CANDIDATE, "content-scan"
        self.add((st.st_dev, st.st_ino), Found(Path(entry.path), kind, reason, False))


SKIPPED_KIND = (
    "not a compose file, Dockerfile, shell script, Makefile, Python, Markdown, workflow "
    "or daemon.json"
)


def skipped_paths(
    paths: Sequence[str],
    kinds: Mapping[str, KindSettings] | None = None,
    exclude: PathGlobs | None = None,
) -> list[tuple[str, str]]:
    """The regular files among ``paths`` (as a person named them) that a check skips,
    each with why: so that naming a file is never answered by silence."""
    collector = _Collector((), kinds, exclude)
    skipped: list[tuple[str, str]] = []
    for raw in paths:
        try:
            st = os.stat(raw)
        except (OSError, ValueError):
            continue  # reported by the check itself
        if stat.S_ISREG(st.st_mode):
            kind, why = collector.explicit_kind(Path(raw), st)
            if kind is None:
                skipped.append((raw, why))
    return skipped


def discover(
    paths: Sequence[str | os.PathLike[str]],
    *,
    extra_compose_globs: Sequence[str] = (),
    kinds: Mapping[str, KindSettings] | None = None,
    unsaved: Collection[str] = (),
    exclude: PathGlobs | None = None,
) -> Discovery:
    """Expand *paths* (files and directories) into classified files.

    Directories are walked recursively (``.gitignore`` and ``.git/info/exclude``
    honoured, ``.git`` skipped, hidden folders walked, symlink loops cut). Files named
    directly are targets (``explicit=True``) and are not subject to ignore files; one
    that is neither compose, Dockerfile, shell script, Python, ``.env``, ``daemon.json`` nor
    compose-shaped YAML is ignored silently. *extra_compose_globs* are ``fnmatch``
    patterns (case-sensitive) matched against the path relative to the walk root and
    against the base name. *kinds* are the configuration's per-kind settings
    (``kinds:``): a kind turned off is not found, ``include`` globs add files of that
    kind, ``exclude`` globs drop some. A file
    reached more than once appears once (its explicit occurrence when there is one).
    *unsaved* are paths whose text the caller holds (standard input, an editor's new
    buffer): one missing on disk is classified by its name alone.
    """
    collector = _Collector(tuple(extra_compose_globs), kinds, exclude)
    for number, raw in enumerate(paths):
        path = Path(raw)
        try:
            st = os.stat(path)
        except FileNotFoundError as exc:
            if os.fspath(raw) in unsaved:
                collector.unsaved_file(path, number)
            else:
                collector.error(raw, _message(exc))
            continue
        except OSError as exc:
            collector.error(raw, _message(exc))
            continue
        except ValueError as exc:  # e.g. an embedded NUL byte
            collector.error(raw, str(exc))
            continue
        if stat.S_ISDIR(st.st_mode):
            collector.walk(path, st)
        elif stat.S_ISREG(st.st_mode):
            collector.explicit_file(path, st)
        else:  # a FIFO would block, /dev/zero never ends: named, it is not read, and said so
            collector.error(raw, f"{file_kind(st.st_mode)}, not a regular file: not read")
    files = sorted(collector.found.values(), key=lambda f: f.path.parts)
    return Discovery(files=files, errors=collector.errors)
