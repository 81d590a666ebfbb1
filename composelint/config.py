"""Project configuration: ``.composelint.yaml`` or ``[tool.composelint]`` in pyproject.toml.

Found by walking up from the current directory (stopping at a repository
root).  Every key and code is validated; a mistake is a ``ConfigError`` that
names the file and the key, and the command exits with status 2.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from msgspec import Struct, field

from composelint.diagnostics import Severity, did_you_mean
from composelint.source import DecodeError, read_bytes

if TYPE_CHECKING:
    from pathspec import GitIgnoreSpec

CONFIG_NAMES = (".composelint.yaml", ".composelint.yml")
_KEYS = {
    "select",
    "extend-select",
    "ignore",
    "per-file-ignores",
    "severity",
    "fail-on",
    "docs-url",
    "options",
    "kinds",
    "exclude",
    "extend-exclude",
}
# Kinds of files a configuration can turn off or widen (``kinds:``).
KINDS = (
    "compose",
    "dockerfile",
    "shell",
    "python",
    "daemon",
    "makefile",
    "markdown",
    "workflow",
    "gitlab",
)
_KIND_KEYS = {"enabled", "include", "exclude", "severity"}
_OPTION_KEYS = {"loopback-v4", "loopback-v6", "proxy-images"}
_SEVERITIES = {s.label: s for s in Severity}


class ConfigError(ValueError):
    pass


class PathGlobs(Struct, frozen=True):
    """gitignore-style patterns (``vendor/``, ``*.md``, ``deploy/**/old-*.yml``, ``!keep.yml``)
    relative to ``root``, the configuration's directory: the one glob syntax of every
    path setting (``exclude``, ``extend-exclude``, ``kinds.<kind>.include/exclude``)."""

    patterns: tuple[str, ...] = ()
    root: str = "."

    def __bool__(self) -> bool:
        return bool(self.patterns)

    def matches(self, path: str, is_dir: bool = False) -> bool:
        if not self.patterns:
            return False
        relative = os.path.relpath(os.path.abspath(path), self.root).replace(os.sep, "/")
        if relative == ".." or relative.startswith("../"):
            relative = os.path.basename(path)  # outside the root: only name patterns apply
        return _spec(self.patterns).match_file(relative + "/" if is_dir else relative)


@cache
def _spec(patterns: tuple[str, ...]) -> GitIgnoreSpec:
    from pathspec import GitIgnoreSpec

    return GitIgnoreSpec.from_lines(patterns)


class KindSettings(Struct, frozen=True):
    """``kinds.<kind>`` of the configuration: whether files of the kind are checked, and
    globs (gitignore-style, relative to the configuration's directory) that add files to
    it or leave some out."""

    enabled: bool = True
    include: PathGlobs = PathGlobs()
    exclude: PathGlobs = PathGlobs()
    # The highest severity a finding in a file of the kind has (Markdown: information
    # unless raised); None: the rules' own.
    severity: Severity | None = None

    def includes(self, path: str) -> bool:
        return self.include.matches(path)

    def wants(self, path: str) -> bool:
        if not self.enabled:
            return False
        return not self.exclude.matches(path)


class Config(Struct, frozen=True):
    path: str | None = None
    select: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    severity: dict[str, Severity] = field(default_factory=dict)
    fail_on: Severity | None = None
    docs_url: str | None = None
    options: dict[str, Any] = field(default_factory=dict)
    kinds: dict[str, KindSettings] = field(default_factory=dict)
    exclude: PathGlobs = PathGlobs()  # exclude + extend-exclude: paths never checked

    @property
    def root(self) -> str:
        return os.path.dirname(self.path) if self.path else os.getcwd()

    def ignored_in(self, path: str) -> set[str]:
        """Codes, prefixes, groups or ``ALL`` that ``per-file-ignores`` turns off for
        ``path`` (its keys are gitignore-style globs, as every path setting)."""
        if not self.per_file_ignores:
            return set()
        root = os.path.abspath(self.root)
        codes: set[str] = set()
        for pattern, patterns_codes in self.per_file_ignores:
            if PathGlobs((pattern,), root).matches(path):
                codes.update(patterns_codes)
        return codes


def find_config(start: str | Path | None = None) -> Path | None:
    directory = Path(start or os.getcwd()).resolve()
    for candidate in (directory, *directory.parents):
        for name in CONFIG_NAMES:
            if (candidate / name).is_file():
                return candidate / name
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file() and _has_tool_section(pyproject):
            return pyproject
        if (candidate / ".git").exists():
            return None
    return None


def _has_tool_section(path: Path) -> bool:
    try:
        return b"[tool.composelint" in read_bytes(path)
    except (OSError, DecodeError):
        return False


def load_config(path: Path | None, known_codes: set[str]) -> Config:
    if path is None:
        return Config()
    raw = _read(path)
    return _validate(raw, str(path), known_codes)


def _read(path: Path) -> dict[str, Any]:
    try:
        data = read_bytes(path)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None
    except DecodeError as exc:  # a FIFO, a device or too large
        raise ConfigError(f"{path}: cannot read: {exc}") from None
    if path.name == "pyproject.toml":
        import tomllib

        try:
            document = tomllib.loads(data.decode("utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: invalid TOML: {exc}") from None
        section = document.get("tool", {}).get("composelint", {})
        if not isinstance(section, dict):
            raise ConfigError(f"{path}: [tool.composelint] must be a table")
        return section
    return _read_yaml(path, data)


def _read_yaml(path: Path, data: bytes) -> dict[str, Any]:
    from composelint.compose.tree import build_tree
    from composelint.source import DecodeError, Source
    from composelint.yaml.composer import compose_text

    try:
        source = Source.from_bytes(str(path), data)
    except DecodeError as exc:
        raise ConfigError(f"{path}: {exc}") from None
    stream = compose_text(source.text)
    if stream.problems:
        problem = stream.problems[0]
        raise ConfigError(f"{path}:{problem.line + 1}:{problem.column + 1}: {problem.message}")
    if not stream.documents:
        return {}
    tree = build_tree(source, stream.documents[0], None)
    if tree.problems:
        found = tree.problems[0]
        raise ConfigError(f"{path}:{found.span.start.line + 1}: {found.message}")
    if not isinstance(tree.data, dict):
        raise ConfigError(f"{path}: the configuration must be a mapping")
    return tree.data


def _codes(value: Any, where: str, known: set[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where} must be a list of rule codes")
    for code in value:
        if code == "ALL" or code.lower() == "hardening":
            continue
        if not any(k.startswith(code) for k in known):
            raise ConfigError(
                f"{where}: unknown rule code or prefix '{code}'{did_you_mean(code, known)}"
            )
    return tuple(value)


def _severity(value: Any, where: str) -> Severity:
    if not isinstance(value, str) or value.lower() not in _SEVERITIES:
        raise ConfigError(f"{where} must be one of {', '.join(_SEVERITIES)}")
    return _SEVERITIES[value.lower()]


def _validate(raw: dict[str, Any], path: str, known: set[str]) -> Config:
    unknown = sorted(set(raw) - _KEYS)
    if unknown:
        raise ConfigError(
            f"{path}: unknown key '{unknown[0]}' (known keys: {', '.join(sorted(_KEYS))})"
        )
    per_file: list[tuple[str, tuple[str, ...]]] = []
    for pattern, codes in (raw.get("per-file-ignores") or {}).items():
        per_file.append((str(pattern), _codes(codes, f"{path}: per-file-ignores.{pattern}", known)))
    severity = {}
    for code, level in (raw.get("severity") or {}).items():
        if code not in known:
            raise ConfigError(
                f"{path}: severity: unknown rule code '{code}'{did_you_mean(code, known)}"
            )
        severity[code] = _severity(level, f"{path}: severity.{code}")
    options = raw.get("options") or {}
    if not isinstance(options, dict):
        raise ConfigError(f"{path}: options must be a mapping")
    bad = sorted(set(options) - _OPTION_KEYS)
    if bad:
        raise ConfigError(
            f"{path}: unknown option '{bad[0]}' (known: {', '.join(sorted(_OPTION_KEYS))})"
        )
    kinds = _kinds(raw.get("kinds"), path)
    root = os.path.dirname(os.path.abspath(path))
    excluded = _globs(raw.get("exclude", []), f"{path}: exclude") + _globs(
        raw.get("extend-exclude", []), f"{path}: extend-exclude"
    )
    docs_url = raw.get("docs-url")
    if docs_url is not None and not isinstance(docs_url, str):
        raise ConfigError(f"{path}: docs-url must be a string")
    return Config(
        path=path,
        select=_codes(raw.get("select", []), f"{path}: select", known),
        extend_select=_codes(raw.get("extend-select", []), f"{path}: extend-select", known),
        ignore=_codes(raw.get("ignore", []), f"{path}: ignore", known),
        per_file_ignores=tuple(per_file),
        severity=severity,
        fail_on=_severity(raw["fail-on"], f"{path}: fail-on") if "fail-on" in raw else None,
        docs_url=docs_url,
        options=dict(options),
        kinds=kinds,
        exclude=PathGlobs(excluded, root),
    )


def _kinds(value: Any, path: str) -> dict[str, KindSettings]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ConfigError(f"{path}: kinds must be a mapping of kinds ({', '.join(KINDS)})")
    root = os.path.dirname(os.path.abspath(path))
    out = {}
    for kind, settings in value.items():
        where = f"{path}: kinds.{kind}"
        if kind not in KINDS:
            raise ConfigError(f"{path}: unknown kind '{kind}' (known: {', '.join(KINDS)})")
        if not isinstance(settings, dict):
            raise ConfigError(f"{where} must be a mapping ({', '.join(sorted(_KIND_KEYS))})")
        bad = sorted(set(settings) - _KIND_KEYS)
        if bad:
            known = ", ".join(sorted(_KIND_KEYS))
            raise ConfigError(f"{where}: unknown key '{bad[0]}' (known: {known})")
        enabled = settings.get("enabled", True)
        if not isinstance(enabled, bool):
            raise ConfigError(f"{where}.enabled must be true or false")
        out[kind] = KindSettings(
            enabled,
            PathGlobs(_globs(settings.get("include", []), f"{where}.include"), root),
            PathGlobs(_globs(settings.get("exclude", []), f"{where}.exclude"), root),
            _severity(settings["severity"], f"{where}.severity")
            if "severity" in settings
            else None,
        )
    return out


def _globs(value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ConfigError(f"{where} must be a list of glob patterns")
    return tuple(value)
