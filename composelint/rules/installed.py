"""What is installed, read straight from the ``*.dist-info`` folders on ``sys.path``.

``importlib.metadata`` answers the same questions, but importing it (email, zipfile,
...) and asking it made the one-file cold check (``bench/run.py``'s row, JSON output)
9.7 ms slower: a median of 103.4 ms against 93.7 ms, where compose-lint took 95.7 ms in
the same run.  A check needs two answers: does any other distribution register rules
(then ``importlib.metadata`` loads them), and composelint's own ``Project-URL`` s.
Each is a directory listing and a few small reads.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator
from functools import cache

OWN_NAME = "composelint"
_INFO_SUFFIXES = (".dist-info", ".egg-info")


def normalized(name: str) -> str:
    """A distribution name as packaging compares them (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _distributions() -> Iterator[tuple[str, str | None]]:
    """(normalized name, metadata folder) on ``sys.path``, first of each name only.

    A ``sys.path`` entry that is a file (a zip or an egg) cannot be listed cheaply:
    it is reported as ("", None), which callers read as "ask importlib.metadata".
    """
    seen: set[str] = set()
    for entry in sys.path:
        folder = entry or "."
        try:
            with os.scandir(folder) as listing:
                names = sorted(e.name for e in listing if e.name.endswith(_INFO_SUFFIXES))
        except NotADirectoryError:
            yield "", None
            continue
        except OSError:
            continue
        for name in names:
            stem = name.rsplit(".", 1)[0]  # without .dist-info / .egg-info
            dist = normalized(stem.split("-", 1)[0])
            if dist not in seen:
                seen.add(dist)
                yield dist, os.path.join(folder, name)


def other_distributions_register(group: str) -> bool:
    """Whether a distribution other than composelint declares entry points of ``group``
    (True also when some ``sys.path`` entry could not be looked into)."""
    header = f"[{group}]"
    for dist, folder in _distributions():
        if folder is None:
            return True
        if dist == OWN_NAME:
            continue
        try:
            with open(os.path.join(folder, "entry_points.txt"), encoding="utf-8") as handle:
                if any(line.strip() == header for line in handle):
                    return True
        except OSError:
            continue
    return False


@cache
def own_project_urls() -> tuple[str, ...] | None:
    """composelint's ``Project-URL`` metadata lines, or None when it is not installed."""
    for dist, folder in _distributions():
        if folder is None:
            break
        if dist != OWN_NAME:
            continue
        for name in ("METADATA", "PKG-INFO"):
            try:
                with open(os.path.join(folder, name), encoding="utf-8") as handle:
                    return tuple(_header_values(handle, "Project-URL"))
            except OSError:
                continue
        return None
    return _project_urls_from_importlib()


def docs_url_from_metadata() -> str | None:
    """The ``Documentation`` entry of composelint's ``Project-URL`` s, if any."""
    for entry in own_project_urls() or ():
        label, _sep, url = entry.partition(",")
        if label.strip().lower() == "documentation":
            return url.strip()
    return None


def _header_values(lines: Iterator[str], header: str) -> Iterator[str]:
    prefix = f"{header.lower()}:"
    for line in lines:
        if not line.strip():
            return  # the headers end at the first blank line; the description follows
        if line.lower().startswith(prefix):
            yield line[len(prefix) :].strip()


def _project_urls_from_importlib() -> tuple[str, ...] | None:
    from importlib.metadata import PackageNotFoundError, metadata

    try:
        return tuple(metadata(OWN_NAME).get_all("Project-URL") or [])
    except PackageNotFoundError:
        return None
