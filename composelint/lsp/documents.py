"""Open buffers: what each one is, what each compose file depends on, debounce timers.

A buffer is classified as ``composelint check`` classifies files: by name (compose
file, Dockerfile, ``.env``, ``*.sh``, ``*.py``, ``Makefile``, ``*.mk``, ``*.md``,
``.gitlab-ci.yml``) or place (a workflow in ``.github/workflows``), and a YAML file of
another name by its content (its text in the editor, not on disk).  A
buffer of no other kind is what the editor says it is written in (languageId
``python``; ``makefile`` or ``make``; ``markdown``; ``shellscript``, ``sh``, ``bash``,
``zsh``), else a shell script when its first line runs a shell (``#!/bin/bash``).

A compose file depends on the files its project read (base, overrides,
``include``/``extends`` targets), on the ``.env`` beside each, and on the Dockerfiles
its services build: a change to one of them lints it again.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from msgspec import Struct, field

from composelint.discover.walk import (
    MAKEFILE,
    MARKDOWN,
    PYTHON,
    SHELL,
    classify_ci,
    classify_name,
    looks_like_compose,
)

if TYPE_CHECKING:
    from composelint.compose.project import LoadedProject

YAML_SUFFIXES = (".yml", ".yaml")
SHELL_LANGUAGES = frozenset({"shellscript", "sh", "bash", "zsh"})
# The kind of a buffer whose name says nothing, by the editor's languageId (VS Code's
# ids; Neovim sends its filetype, ``make`` for a Makefile).
LANGUAGE_KINDS = {
    "python": PYTHON,
    "makefile": MAKEFILE,
    "make": MAKEFILE,
    "markdown": MARKDOWN,
    **{language: SHELL for language in SHELL_LANGUAGES},
}


class OpenDocument(Struct):
    uri: str
    path: str  # absolute and normalised, as the engine's overlay keys it
    text: str
    version: int | None = None
    language_id: str | None = None  # what the editor says the buffer is written in

    @property
    def kind(self) -> str | None:
        """The kind: compose, yaml-candidate, dockerfile, env, daemon (a ``daemon.json``,
        checked when its keys are dockerd's), shell, python, makefile, markdown,
        workflow, gitlab, or None (not checked)."""
        return classify(self.path, self.text, self.language_id)

    def differs_from_disk(self) -> bool:
        """Whether the buffer holds unsaved changes (other files' lints read the disk)."""
        try:
            with open(self.path, encoding="utf-8", errors="replace", newline="") as handle:
                return handle.read() != self.text
        except OSError:
            return True


def classify(path: str, text: str, language_id: str | None = None) -> str | None:
    name = os.path.basename(path)
    kind = classify_name(name) or classify_ci(name, path)
    if kind is None and name.endswith(YAML_SUFFIXES) and looks_like_compose(text, allow_v1=True):
        return "yaml-candidate"  # the engine confirms it by parsing
    if kind is None and language_id in LANGUAGE_KINDS:
        return LANGUAGE_KINDS[language_id]
    if kind is None and runs_a_shell(text):
        return SHELL
    return kind


def runs_a_shell(text: str) -> bool:
    """Whether the first line is a shebang that runs sh, bash, zsh or dash (the test
    ``composelint check`` makes of a file on disk, here on the editor's text)."""
    if not text.startswith("#!"):
        return False
    from composelint.discover import walk

    return walk.runs_a_shell(text[: walk.SHEBANG_BYTES].encode("utf-8", "replace"))


# Buffers never saved (``untitled:Untitled-1``) get a path in a directory that does not
# exist: they are linted alone (no .env, base file or Dockerfile beside them), and named
# by their language so they are classified as a saved file of that language would be.
UNTITLED_DIRECTORY = "composelint-untitled-buffers"
_UNTITLED_NAMES = {
    "dockerfile": "Dockerfile",
    "dockercompose": "compose.yaml",
    **{language: "untitled.sh" for language in SHELL_LANGUAGES},
    "python": "untitled.py",
    "makefile": "Makefile",
    "make": "Makefile",
    "markdown": "untitled.md",
}


def untitled_path(uri: str, language_id: str | None) -> str | None:
    """The stand-in path of an ``untitled:`` buffer, else None (a remote buffer)."""
    if not uri.startswith("untitled:"):
        return None
    import hashlib
    import tempfile

    name = _UNTITLED_NAMES.get(language_id or "", "untitled.yaml")
    key = hashlib.sha256(uri.encode()).hexdigest()[:16]
    return os.path.join(tempfile.gettempdir(), UNTITLED_DIRECTORY, key, name)


def uri_to_path(uri: str) -> str | None:
    """The file path of a ``file:`` URI, else None (an unsaved or remote buffer)."""
    from urllib.parse import unquote, urlparse

    parsed = urlparse(uri)
    if parsed.scheme != "file":
        return None
    path = unquote(parsed.path)
    if os.name == "nt" and path.startswith("/") and path[2:3] == ":":  # pragma: no cover
        path = path[1:]
    return os.path.normpath(path)


class Documents(Struct):
    """The open buffers by URI, and the files each linted document depends on."""

    open: dict[str, OpenDocument] = field(default_factory=dict)
    depends_on: dict[str, frozenset[str]] = field(default_factory=dict)  # uri -> paths

    def put(self, document: OpenDocument) -> None:
        self.open[document.uri] = document

    def get(self, uri: str) -> OpenDocument | None:
        return self.open.get(uri)

    def close(self, uri: str) -> OpenDocument | None:
        self.depends_on.pop(uri, None)
        return self.open.pop(uri, None)

    def overlay(self) -> dict[str, str]:
        """Path -> buffer text of every open document (unsaved edits count everywhere)."""
        return {doc.path: doc.text for doc in self.open.values()}

    def dependents(self, path: str) -> list[str]:
        """URIs of the open documents, other than ``path`` itself, that a change to it affects.

        Besides the recorded dependencies, a compose file or ``.env`` appearing in a
        document's directory counts (a new override file joins the project).
        """
        directory, name = os.path.split(path)
        neighbour = classify_name(name) in ("compose", "env")
        found = []
        for uri, document in self.open.items():
            if document.path == path:
                continue
            deps = self.depends_on.get(uri, frozenset())
            if path in deps or (neighbour and os.path.dirname(document.path) == directory):
                found.append(uri)
        return found


def project_dependencies(projects: Iterable[LoadedProject], own_path: str) -> frozenset[str]:
    """Files a compose document's lint read: its projects' files, ``.env`` files, Dockerfiles."""
    from composelint.run.contexts import build_paths

    paths = {own_path, os.path.join(os.path.dirname(own_path), ".env")}
    for loaded in projects:
        if own_path not in loaded.files:
            continue
        for path in loaded.files:
            paths.add(os.path.normpath(path))
            paths.add(os.path.join(os.path.dirname(os.path.normpath(path)), ".env"))
        for service in loaded.project.services.values():
            build = service.build
            if build is None or build.origin is None:
                continue
            found = build_paths(build, build.origin.path)
            if found is not None:
                paths.add(os.path.normpath(found[1]))
    paths.discard(own_path)
    return frozenset(paths)


class Debouncer:
    """One pending call per key: a new request for the key replaces the waiting one."""

    def __init__(self) -> None:
        self._pending: dict[str, asyncio.TimerHandle | asyncio.Handle] = {}

    def schedule(self, key: str, delay_ms: int, callback: Callable[[], None]) -> None:
        self.cancel(key)
        loop = asyncio.get_running_loop()

        def fire() -> None:
            self._pending.pop(key, None)
            callback()

        if delay_ms <= 0:
            self._pending[key] = loop.call_soon(fire)
        else:
            self._pending[key] = loop.call_later(delay_ms / 1000, fire)

    def cancel(self, key: str) -> None:
        handle = self._pending.pop(key, None)
        if handle is not None:
            handle.cancel()

    def pending(self, key: str) -> bool:
        return key in self._pending
