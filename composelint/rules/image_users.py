"""Who a container runs as when its image decides: the curated table
``data/image_users.toml`` (images that run as a non-root user, images whose entrypoint
drops root, images that keep a root process) and WebAssembly runtimes, which have no
Linux user at all."""

from __future__ import annotations

import fnmatch
import functools
import posixpath
from typing import Any

from msgspec import Struct

from composelint.model.container import Service
from composelint.rules.images import image_tag, repository
from composelint.source import lazy_pattern


class ImageUser(Struct, frozen=True):
    """One row of the table."""

    image: str
    why: str
    source: str
    tags: tuple[str, ...] = ()
    user: str | None = None  # runs as this non-root user by default
    drops_to: str | None = None  # started as root, the entrypoint switches to this user
    commands: tuple[str, ...] | None = None  # None: every command drops
    root: str | None = None  # what keeps running as root
    non_root: str | None = None  # how to start it non-root
    root_commands: tuple[str, ...] = ()  # commands of the image that must start as root
    needs_root: str | None = None  # why they do

    def needs_root_for(self, entrypoint: Any, command: Any) -> bool:
        """Whether the service's own ``entrypoint`` or, without one, its ``command``
        starts one of the image's commands that must run as root (``/cron.sh``)."""
        if self.needs_root is None or not self.root_commands:
            return False
        first = _first_word(entrypoint if entrypoint is not None else command)
        return first is not None and posixpath.basename(first) in self.root_commands

    def drops_for(self, entrypoint: Any, command: Any) -> bool:
        """Whether the entrypoint drops root for a container started with this
        ``entrypoint`` and ``command`` (None: the image's own)."""
        if self.drops_to is None or entrypoint is not None:
            return False
        if self.commands is None:
            return True
        first = _first_word(command)
        return first is None or first.startswith("-") or posixpath.basename(first) in self.commands


def _first_word(value: Any) -> str | None:
    """The program an ``entrypoint:``/``command:`` value (a string or a list) starts."""
    if value is None:
        return None
    words = value.split() if isinstance(value, str) else [str(w) for w in value]
    return words[0] if words else None


@functools.cache
def table() -> tuple[ImageUser, ...]:
    """The rows of ``image_users.toml``, in order."""
    import tomllib
    from importlib.resources import files

    text = files("composelint.rules").joinpath("data/image_users.toml").read_text("utf-8")
    rows: list[dict[str, Any]] = tomllib.loads(text)["image"]
    out = []
    for row in rows:
        tag = row.get("tag", ())
        commands = row.get("commands")
        out.append(
            ImageUser(
                image=row["image"],
                why=row["why"],
                source=row["source"],
                tags=(tag,) if isinstance(tag, str) else tuple(tag),
                user=row.get("user"),
                drops_to=row.get("drops_to"),
                commands=None if commands is None else tuple(commands),
                root=row.get("root"),
                non_root=row.get("non_root"),
                root_commands=tuple(row.get("root_commands", ())),
                needs_root=row.get("needs_root"),
            )
        )
    return tuple(out)


def image_user(image: str | None) -> ImageUser | None:
    """The first row matching ``image``, or None (an unknown or interpolated image).

    A variable with a default stands for its default (``${TAG:-8.1}``); a leading
    variable component is a registry (``${REGISTRY}/grafana/grafana``); a variable tag
    (``logstash:${ELASTIC_VERSION}``) matches the rows that do not depend on the tag."""
    found = _reference(image)
    if found is None:
        return None
    name, tag = found
    for row in table():
        if not fnmatch.fnmatchcase(name, row.image):
            continue
        if row.tags and (tag is None or not any(fnmatch.fnmatchcase(tag, t) for t in row.tags)):
            continue
        return row
    return None


_DEFAULTED = lazy_pattern(r"\$\{[A-Za-z_][A-Za-z0-9_]*:?-([^}$]*)\}")
_LEADING_VARIABLE = lazy_pattern(
    r"^(?:\$\{[A-Za-z_][A-Za-z0-9_]*\}|\$[A-Za-z_][A-Za-z0-9_]*)/(?=.)"
)


def _reference(image: str | None) -> tuple[str, str | None] | None:
    """The repository and tag ``image`` names (the tag None when a variable sets it),
    or None when a variable stands for the repository itself."""
    if not image:
        return None
    text = _LEADING_VARIABLE.sub("", _DEFAULTED.sub(lambda m: m.group(1), image.strip()))
    text = text.lstrip("/")  # an unset registry variable, interpolated to nothing
    ref = text.split("@", 1)[0]
    last = ref.rsplit("/", 1)[-1]
    if "$" in ref[: len(ref) - len(last)] or "$" in last.split(":", 1)[0]:
        return None
    tag = image_tag(text)
    return repository(text), (None if "$" in tag else tag)


# containerd shims that run WebAssembly modules (runwasi, containerd-wasm-shims)
WASM_SHIMS = ("wasmedge", "wasmtime", "wasmer", "wamr", "spin", "slight", "wws", "lunatic")


def wasm_runtime(runtime: object) -> bool:
    """``io.containerd.wasmedge.v1`` and the other WebAssembly shims."""
    if not isinstance(runtime, str):
        return False
    text = runtime.strip().lower()
    parts = text.split(".")
    if len(parts) == 4 and parts[:2] == ["io", "containerd"]:
        return parts[2] in WASM_SHIMS
    return "wasm" in text


def wasm_platform(platform: object) -> bool:
    """``wasi/wasm``, ``wasi/wasm32``, ``wasip1/wasm``: no Linux kernel user."""
    if not isinstance(platform, str):
        return False
    os_part = platform.strip().lower().split("/", 1)[0]
    return os_part.startswith("wasi")


def runs_wasm(service: Service) -> bool:
    """A container run by a WebAssembly runtime: it has no Linux root user."""
    runtime = service.runtime.value if service.runtime is not None else None
    platform = service.platform.value if service.platform is not None else None
    return wasm_runtime(runtime) or wasm_platform(platform)
