"""The env files a project reads: ``.env`` beside its compose files and ``env_file:``.

docker compose fails on a project whose ``.env`` or ``env_file`` has a line its
dotenv parser refuses (see :mod:`composelint.compose.dotenv`); each such line is
CL001 in the env file itself, so the output lists the env file like a checked
file.  A missing ``env_file`` (unless ``required: false``) is CL006 on the entry.
Lines compose accepts, odd or not, give no diagnostic.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from typing import Any

from msgspec import Struct

from composelint.compose.dotenv import parse_dotenv
from composelint.compose.loader import file_exists, missing_file, resolve_relative
from composelint.compose.tree import Origin, Path, Tree
from composelint.diagnostics import Diagnostic, make
from composelint.source import DecodeError, Source, read_bytes


class EnvFileEntry(Struct, frozen=True):
    """One ``env_file:`` entry as written."""

    path: str  # as written, relative to the compose file that wrote it
    origin: Origin
    required: bool
    parsed: bool  # compose reads it with its dotenv parser (no other ``format``)


def env_file_entries(
    tree: Tree, services: Mapping[str, Any], prefix: Path
) -> Iterator[EnvFileEntry]:
    """Each ``env_file`` entry of each service whose path does not depend on a variable."""
    for name, body in services.items():
        env_file = body.get("env_file") if isinstance(body, dict) else None
        entries = env_file if isinstance(env_file, list) else [env_file]
        for index, entry in enumerate(entries):
            path: Path = (*prefix, name, "env_file")
            if isinstance(env_file, list):
                path = (*path, index)
            required, parsed = True, True
            if isinstance(entry, dict):
                required = entry.get("required") not in (False, "false")
                parsed = entry.get("format") in (None, "", ".env")
                entry, path = entry.get("path"), (*path, "path")
            origin = tree.origins.get(path)
            if isinstance(entry, str) and origin is not None and not origin.depends_on_env:
                yield EnvFileEntry(entry, origin, required, parsed)


def check_env_files(
    tree: Tree | None,
    services: Mapping[str, Any],
    prefix: Path,
    compose_files: list[str],
    overlay: Mapping[str, str],
    diags: list[Diagnostic],
) -> dict[str, Source]:
    """Add CL006 for missing env files and CL001 for lines compose refuses in the
    ones that exist; returns the env files with a CL001, by path."""
    to_parse = [os.path.join(os.path.dirname(f), ".env") for f in compose_files]
    if tree is not None:
        for entry in env_file_entries(tree, services, prefix):
            target = resolve_relative(entry.origin.path, entry.path)
            if file_exists(target) or target in overlay:
                if entry.parsed:
                    to_parse.append(target)
            elif entry.required:
                message = f"env_file names '{entry.path}', {missing_file(target)}"
                diags.append(make("CL006", message, entry.origin.span))
    sources: dict[str, Source] = {}
    for path in dict.fromkeys(to_parse):
        try:
            source = _read(path, overlay)
        except DecodeError as exc:  # a FIFO or a device (compose waits on it), too large
            source = Source.from_text(path, "")
            message = f"docker compose cannot read this env file: {exc}"
            diags.append(make("CL001", message, source.span(0, 0)))
            sources[path] = source
            continue
        if source is None:
            continue
        # compose stops at the first line it refuses; what the parser makes of the lines
        # after it is a guess.  Refusals do not depend on the variables: no lookup.
        refusals = parse_dotenv(source.text).refusals
        if refusals:
            line, problem = refusals[0]
            start = source.offset(line, 0)
            span = source.span(start, start + len(source.line_text(line)))
            message = f"docker compose cannot read this env file: {problem}"
            diags.append(make("CL001", message, span))
            sources[path] = source
    return sources


def _read(path: str, overlay: Mapping[str, str]) -> Source | None:
    """The env file's text; bytes that are not UTF-8 are replaced, as compose passes them.
    None when it is missing or unreadable; DecodeError when it is not a regular file or
    is too large."""
    if path in overlay:
        return Source.from_text(path, overlay[path])
    try:
        data = read_bytes(path)
    except OSError:
        return None  # missing or unreadable: compose fails too, but on no line of the file
    try:
        return Source.from_bytes(path, data)
    except DecodeError:  # NUL bytes or not UTF-8: compose reads the bytes anyway
        text = data.decode("utf-8", errors="replace")
        return Source(path, data, text, "utf-8", b"", "\n")
