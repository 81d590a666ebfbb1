"""CL301 writable-config-mount: config, secrets, certificates or source mounted writable."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator

from composelint.diagnostics import Applicability, Diagnostic, Fix, FixLevel
from composelint.model.container import Mount
from composelint.model.intents import MakeReadOnly
from composelint.rules.base import NOT_IN_PLACE, Rule, at_value, container
from composelint.rules.context import ProjectContext
from composelint.rules.filesystem.paths import is_sensitive, normalize, socket_kind

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
        for mount in service.volumes:
            if mount.type != "bind" or mount.read_only or not mount.source:
                continue
            found = classify(mount)
            if found is None:
                continue
            what, single_file = found
            how = "read_only: true" if mount.long_syntax else ":ro"
            fix = Fix(
                f"Mount read-only ({how})",
                Applicability.SAFE if single_file else Applicability.UNSAFE,
                intent=MakeReadOnly(mount),
            )
            diagnostic = at_value(
                "CL301",
                f"{container(service)} mounts {what} {mount.source} at {mount.target} "
                "writable: a compromised container can rewrite it on the host; mount it read-only",
                mount.origin,
                fix=fix,
            )
            if diagnostic:
                yield diagnostic


RULE = Rule(
    "CL301",
    "writable-config-mount",
    "writable bind mount of config, secrets or source",
    check_project=check,
    fixes=(
        FixLevel(
            Applicability.SAFE,
            "for a single file (a configuration file, certificate or script is read, not written)",
        ),
        FixLevel(Applicability.UNSAFE, "for a directory, which the image may write into"),
        NOT_IN_PLACE,
    ),
    docs="CL301.md",
)
