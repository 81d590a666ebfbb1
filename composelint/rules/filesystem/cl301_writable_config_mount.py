"""CL301 writable-config-mount: config, secrets, certificates or source mounted writable.

Not reported where the container is known to write: data directories (by name), what
an installer or build writes (``node_modules``, caches), what the service's image
writes (the curated table ``image_writes.toml``) and what the service's own command
shows it writes (``npm install`` into a source tree, an ``init`` that writes its
config).  A mount written writable in so many words (``:rw``, ``read_only: false``,
``"mode": "rw"``) is the owner's decision: information, without a fix.
"""

from __future__ import annotations

import fnmatch
import functools
import posixpath
import re
from collections.abc import Iterator
from typing import Any

from msgspec.structs import replace

from composelint.diagnostics import Applicability, Diagnostic, Fix, FixLevel, Severity
from composelint.model.container import Mount, Service
from composelint.model.intents import MakeReadOnly
from composelint.rules.base import NOT_IN_PLACE, Rule, at_value, container
from composelint.rules.context import ProjectContext
from composelint.rules.filesystem.paths import is_sensitive, normalize, socket_kind
from composelint.rules.images import repository
from composelint.source import lazy_pattern

CONFIG_TARGETS = (
    "/etc",
    "/docker-entrypoint-initdb.d",
    "/run/secrets",
    "/usr/share/nginx/html",
    "/usr/local/etc",
    "/usr/local/apache2/conf",
    "/config/Caddyfile",
    "/etc/caddy",
)
# Directories images write at run time: never flagged.
DATA_HINTS = (
    "/var/lib",
    "/data",
    "/var/log",
    "/var/cache",
    "/var/spool",
    "/tmp",
    "/var/tmp",
    "/srv/data",
    "/var/opt",
    "/var/backups",
    "/backup",
    "/backups",
    "/logs",
    "/log",
    "/cache",
    "/uploads",
    "/storage",
    "/media",
    "/downloads",
    "/var/www/html/storage",
    "/home",
)
DATA_WORDS = (
    "data",
    "db",
    "database",
    "logs",
    "log",
    "cache",
    "uploads",
    "storage",
    "backup",
    "backups",
    "media",
    "tmp",
    "downloads",
    "state",
    "volumes",
    "persist",
    "dat",
)
# Parts of a directory name that say the application writes there ("data-logs",
# "letsencrypt": certbot and proxies renew certificates in place).
DATA_PARTS = (
    "data",
    "log",
    "cache",
    "upload",
    "storage",
    "backup",
    "tmp",
    "state",
    "letsencrypt",
    "acme",
)
SOURCE_TARGETS = (
    "/app",
    "/srv/app",
    "/usr/src/app",
    "/code",
    "/src",
    "/var/www/html",
    "/opt/app",
    "/workspace",
    "/home/node/app",
)
CONFIG_EXTENSIONS = (
    ".conf",
    ".cnf",
    ".cfg",
    ".ini",
    ".yml",
    ".yaml",
    ".json",
    ".toml",
    ".xml",
    ".properties",
    ".env",
    ".lua",
    ".sql",
    ".sh",
    ".pem",
    ".crt",
    ".cert",
    ".key",
    ".p12",
    ".pfx",
    ".htpasswd",
    ".rules",
    ".tmpl",
    ".template",
    ".js",
    ".py",
    ".rb",
    ".php",
    ".caddyfile",
)
# Directories installers and builds write (dependencies, caches, compiled output).
BUILD_OUTPUT = frozenset(
    {
        "node_modules",
        ".venv",
        "venv",
        "__pycache__",
        ".next",
        ".nuxt",
        ".cache",
        ".gradle",
        ".m2",
        ".npm",
        ".yarn",
        ".pnpm-store",
        ".bundle",
    }
)
# Lock files and manifests an installer rewrites (``npm install`` updates both).
# Files an application may rewrite from its own settings page (AnythingLLM saves what its
# UI sets into /app/server/.env): read-only may lose those settings, so the fix is unsafe.
SETTINGS_FILES = frozenset({".env"})

INSTALLER_FILES = frozenset(
    {
        "package.json",
        "package-lock.json",
        "npm-shrinkwrap.json",
        "pnpm-lock.yaml",
        "composer.json",
        "pyproject.toml",
        "pipfile",
        "gemfile",
        "go.mod",
    }
)
# A command or entrypoint that installs into the tree it runs in, or initialises its
# own configuration: the container writes where such a service's mounts point.
WRITING_COMMANDS = lazy_pattern(
    r"(?<![\w.-])(?:"
    r"npm\s+(?:install|i|ci|update)|yarn(?:\s+(?:install|add))?(?=\s*(?:$|&&|;|\|))"
    r"|pnpm\s+(?:install|i|add)|bun\s+install|pip3?\s+install|python3?\s+-m\s+pip\s+install"
    r"|poetry\s+(?:install|lock)|uv\s+(?:sync|lock|pip\s+install)|pipenv\s+install"
    r"|composer\s+(?:install|update|require)|bundle\s+(?:install|update)"
    r"|go\s+(?:mod\s+download|mod\s+tidy|get|build)|cargo\s+(?:build|fetch)"
    r"|mix\s+deps\.get|certbot\s+(?:certonly|renew)|ovpn_genconfig|ovpn_initpki"
    r"|init(?=\s|$)"
    r")(?![\w.-])",
    re.IGNORECASE,
)
# Files the container itself writes (traefik's certificate store, SQLite databases).
WRITTEN_FILES = ("acme.json",)
WRITTEN_EXTENSIONS = (".sqlite", ".sqlite3", ".db", ".rdb", ".aof", ".log", ".pid", ".lock")
SECRET_WORDS = (
    "secret",
    "secrets",
    "cert",
    "certs",
    "ssl",
    "tls",
    "keys",
    "credentials",
    "htpasswd",
    "acme",
)


def _under(path: str, roots: tuple[str, ...]) -> bool:
    return any(path == root or path.startswith(root.rstrip("/") + "/") for root in roots)


def classify(mount: Mount) -> tuple[str, bool] | None:
    """(what it is, is a single file) for a mount CL301 should flag, else None."""
    source, target = mount.source or "", normalize(mount.target or "")
    if socket_kind(source) or is_sensitive(source) or not target.startswith("/"):
        return None
    base = posixpath.basename(source.rstrip("/"))
    if base.lower() in WRITTEN_FILES or base.lower().endswith(WRITTEN_EXTENSIONS):
        return None
    single_file = (
        "." in base.lstrip(".")
        and base.lower().endswith(CONFIG_EXTENSIONS)
        or base.lower() in ("caddyfile", "dockerfile", ".env", "htpasswd")
    )
    if _under(target, DATA_HINTS) and not single_file:
        return None
    parts = {p.lower() for p in source.replace("\\", "/").split("/") + target.split("/")}
    if parts & BUILD_OUTPUT:
        return None
    if not single_file and (
        parts & set(DATA_WORDS) or any(word in part for part in parts for word in DATA_PARTS)
    ):
        return None
    if parts & set(SECRET_WORDS):
        return ("secrets or certificates", single_file)
    if single_file:
        return ("a configuration file", True)
    if _under(target, CONFIG_TARGETS):
        return ("configuration", False)
    # A source tree is the project's own checkout (a relative path), not an app's state
    # directory on the host such as /docker/statping.
    relative = not source.startswith(("/", "~", "$"))
    if relative and (_under(target, SOURCE_TARGETS) or base in ("src", "app", "source", "code")):
        return ("source code", False)
    return None


def check(ctx: ProjectContext) -> Iterator[Diagnostic]:
    for service in ctx.services.values():
        writes = command_writes(service)
        image = service.image.value if service.image is not None else None
        for mount in service.volumes:
            if mount.type != "bind" or mount.read_only or not mount.source:
                continue
            found = classify(mount)
            if found is None or image_writes(image, mount.target or "") is not None:
                continue
            what, single_file = found
            installer_file = _base(mount.source) in INSTALLER_FILES
            if writes is not None and (not single_file or installer_file):
                continue  # the service's own command writes there
            diagnostic = _finding(service, mount, what)
            if diagnostic is None:
                continue
            if _written_writable(mount, service):
                how = "rw" if "rw" in mount.options else "read-only: false"
                yield replace(
                    diagnostic,
                    message=f"{container(service)} mounts {what} {mount.source} at "
                    f"{mount.target} writable on purpose (written {how}): a compromised container "
                    "can rewrite it on the host; if nothing in the container writes it, "
                    "mount it read-only",
                    severity=Severity.INFORMATION,
                )
                continue
            settings_file = _base(mount.target or "") in SETTINGS_FILES
            safe = single_file and not installer_file and not settings_file and writes is None
            how = "read_only: true" if mount.long_syntax else ":ro"
            fix = Fix(
                f"Mount read-only ({how})",
                Applicability.SAFE if safe else Applicability.UNSAFE,
                intent=MakeReadOnly(mount),
            )
            yield replace(diagnostic, fix=fix)


def _finding(service: Service, mount: Mount, what: str) -> Diagnostic | None:
    return at_value(
        "CL301",
        f"{container(service)} mounts {what} {mount.source} at {mount.target} "
        "writable: a compromised container can rewrite it on the host; mount it read-only",
        mount.origin,
    )


def _base(source: str) -> str:
    return posixpath.basename(source.replace("\\", "/").rstrip("/")).lower()


def _written_writable(mount: Mount, service: Service) -> bool:
    """The mount says writable in so many words: ``:rw``, ``read_only: false``,
    ``readonly=false``, ``"mode": "rw"``, ``read_only=False``."""
    return "rw" in mount.options or mount.writable_written


def command_writes(service: Service) -> str | None:
    """What in the service's command or entrypoint writes (``npm install``), else None."""
    for located in (service.command, service.entrypoint):
        if located is None:
            continue
        value = located.value
        text = " ".join(str(v) for v in value) if isinstance(value, list) else str(value or "")
        found = WRITING_COMMANDS.search(text) if text else None  # not compiled for nothing
        if found:
            return found.group(0)
    return None


@functools.cache
def _table() -> tuple[tuple[str, tuple[str, ...], str], ...]:
    """The rows of ``image_writes.toml``: (image pattern, paths, why)."""
    import tomllib
    from importlib.resources import files

    text = files("composelint.rules.filesystem").joinpath("image_writes.toml").read_text("utf-8")
    rows: list[dict[str, Any]] = tomllib.loads(text)["image"]
    return tuple((row["image"], tuple(row["paths"]), row["why"]) for row in rows)


def image_writes(image: str | None, target: str) -> str | None:
    """Why the image writes at ``target`` (from the curated table), else None."""
    name = repository(image)
    if not name or not target.startswith("/"):
        return None
    path = normalize(target)
    for pattern, paths, why in _table():
        if fnmatch.fnmatchcase(name, pattern) and any(
            path == p or path.startswith(p.rstrip("/") + "/") for p in paths
        ):
            return why
    return None


RULE = Rule(
    "CL301",
    "writable-config-mount",
    "writable bind mount of config, secrets or source",
    check_project=check,
    fixes=(
        FixLevel(
            Applicability.SAFE,
            "for a single file (a configuration file, certificate or script is read, not "
            "written) of a service whose command installs or initialises nothing",
        ),
        FixLevel(
            Applicability.UNSAFE,
            "for a directory, which the image may write into, for a manifest or lock file "
            "an installer rewrites (package.json, package-lock.json), and for a single file "
            "of a service whose command installs or initialises",
        ),
        NOT_IN_PLACE,
    ),
    docs="CL301.md",
)
