"""The compose files a context file changes the result of.

A commit may touch only a file that compose projects read: the project's ``.env`` (or an
``env_file``), or a reverse proxy's configuration that CL101 reads as evidence.  A hook
that names only that file would check nothing; instead it checks the compose files
that may read it: those in the file's directory and in the directories above it, up to
the repository's root (a ``.git`` entry) or the current directory's parent.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from composelint.discover.walk import COMPOSE, GITLAB_FILE_NAMES, classify_name
from composelint.source import lazy_pattern

# What a project reads besides its compose files and Dockerfiles, by name.
_ENV_NAME = lazy_pattern(r"(?:.*\.)?env|\.env\..+|.+\.env")
_PROXY_NAME = lazy_pattern(
    r"Caddyfile|haproxy\.cfg|(?:traefik|envoy)[\w.-]*\.(?:ya?ml|toml)|[\w.-]*\.conf"
)
_MAX_LEVELS = 4  # directories above the file that may hold the project reading it


def is_context_file(path: str) -> bool:
    """Whether ``path`` names a file compose projects read as context (an env file, a
    proxy configuration) rather than one composelint checks on its own."""
    name = os.path.basename(path)
    if classify_name(name) not in (None, "env"):
        return False
    if _ENV_NAME.fullmatch(name):
        return True
    return bool(_PROXY_NAME.fullmatch(name))


def projects_reading(paths: Sequence[str]) -> list[str]:
    """The compose files that may read the context files among ``paths``, not already
    named, in the order found."""
    named = {os.path.abspath(p) for p in paths}
    found: list[str] = []
    for path in paths:
        if not is_context_file(path) or not os.path.isfile(path):
            continue
        directory = os.path.dirname(path) or "."
        for _level in range(_MAX_LEVELS + 1):
            try:
                names = sorted(os.listdir(directory))
            except OSError:
                break
            for name in names:
                candidate = os.path.join(directory, name)
                if classify_name(name) == COMPOSE and os.path.abspath(candidate) not in named:
                    named.add(os.path.abspath(candidate))
                    found.append(candidate)
            if ".git" in names:
                break  # the repository's root: no project above it reads this file
            parent = os.path.dirname(os.path.abspath(directory))
            if parent == os.path.abspath(directory):
                break
            directory = os.path.relpath(parent) if not os.path.isabs(path) else parent
    return found


_YAML_SUFFIXES = (".yml", ".yaml")
_MAX_INCLUDED = 200  # files followed through ``include: local:`` chains, per pipeline


def gitlab_files_including(paths: Sequence[str]) -> tuple[list[str], set[str]]:
    """The GitLab CI files that include (``include: local:``, directly or through other
    included files) a YAML file among ``paths`` that composelint would not read on its
    own, and the named files they cover.  A commit that changes only ``ci/jobs.yml``
    then checks it as the pipeline runs it: through its ``.gitlab-ci.yml``."""
    named = {os.path.abspath(p) for p in paths}
    found: list[str] = []
    covered: set[str] = set()
    reached: dict[str, set[str]] = {}  # a pipeline file -> every file its chain includes
    for path in paths:
        name = os.path.basename(path)
        if not path.endswith(_YAML_SUFFIXES) or classify_name(name) or name in GITLAB_FILE_NAMES:
            continue
        if not os.path.isfile(path):
            continue
        target = os.path.abspath(path)
        for pipeline in _gitlab_files_above(path):
            chain = reached.get(pipeline)
            if chain is None:
                chain = reached[pipeline] = _include_chain(pipeline)
            if target in chain:
                covered.add(path)
                if pipeline not in named:
                    named.add(pipeline)
                    # Reported paths keep the form the user gave (relative stays relative).
                    found.append(pipeline if os.path.isabs(path) else os.path.relpath(pipeline))
                break
    return found, covered


def _gitlab_files_above(path: str) -> list[str]:
    """The ``.gitlab-ci.yml`` files in the directory of ``path`` and those above it, up to
    the repository's root, nearest first (absolute paths)."""
    out = []
    directory = os.path.dirname(os.path.abspath(path))
    for _level in range(_MAX_LEVELS + 2):
        try:
            names = os.listdir(directory)
        except OSError:
            break
        out += [os.path.join(directory, n) for n in sorted(names) if n in GITLAB_FILE_NAMES]
        parent = os.path.dirname(directory)
        if ".git" in names or parent == directory:
            break
        directory = parent
    return out


def _include_chain(pipeline: str) -> set[str]:
    """Every file reached from ``pipeline`` through ``include: local:`` (absolute paths;
    wildcards expanded; paths relative to the pipeline's directory, as GitLab reads
    them from the repository's root)."""
    import glob

    from composelint.ci import local_includes
    from composelint.source import Source
    from composelint.yaml.document import load_yaml

    root = os.path.dirname(pipeline)
    reached: set[str] = set()
    todo = [pipeline]
    while todo and len(reached) < _MAX_INCLUDED:
        current = todo.pop()
        try:
            yaml = load_yaml(Source.read(current))
        except (OSError, ValueError):
            continue
        if yaml.fatal:
            continue
        for value in local_includes(yaml.root):
            if "$" in value:
                continue  # a variable: known only when the pipeline runs
            pattern = os.path.normpath(os.path.join(root, value.lstrip("/")))
            matches = sorted(glob.glob(pattern)) if glob.has_magic(pattern) else [pattern]
            for included in matches:
                if included not in reached and os.path.isfile(included):
                    reached.add(included)
                    todo.append(included)
    return reached
