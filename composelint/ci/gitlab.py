"""GitLab CI files: the ``script:``, ``before_script:`` and ``after_script:`` of each job.

A ``.gitlab-ci.yml`` (and each file it includes with ``include: local:``) holds jobs:
top-level mappings other than GitLab's own keywords.  Each script line (a string or a
list of strings, nested lists of anchors flattened) is read as a shell script where the
file wrote it.  The ``default:`` section's scripts (and the old top-level
``before_script:``/``after_script:``) run in every job that does not set its own: they
are read once, as a job of their own; a hidden job (``.setup:``) that other jobs reach
through ``extends:`` likewise.

A ``docker run`` in a job runs on the runner's host, unless the job has a Docker-in-Docker
service (``services:`` of the job, of a job it ``extends:``, of ``default:`` or of the
top level, naming any ``docker:*dind*`` image, as a string or as ``name:``): then it runs
inside that service's container, where a published port does not reach the host, and
port findings are information.  Includes from outside the repository (``remote:``,
``project:``, ``template:``, ``component:``) are not read: one information note says so.
"""

from __future__ import annotations

import os
import re

from composelint.ci.pipeline import JobBuilder, Pipeline, get, pairs, scalar, unreadable
from composelint.source import Source, lazy_pattern
from composelint.yaml.document import load_yaml
from composelint.yaml.nodes import AliasNode, MappingNode, Node, ScalarNode, SequenceNode

GITLAB_NAMES = frozenset({".gitlab-ci.yml", ".gitlab-ci.yaml"})
# Top-level keys that are not jobs.
_KEYWORDS = frozenset(
    {
        "after_script",
        "before_script",
        "cache",
        "default",
        "image",
        "include",
        "services",
        "spec",
        "stages",
        "types",
        "variables",
        "workflow",
    }
)
_SCRIPT_KEYS = ("before_script", "script", "after_script")
_DIND = lazy_pattern(r"(?:^|/)docker:\S*dind", re.IGNORECASE)
_REMOTE_INCLUDES = ("remote", "project", "template", "component")
_MAX_EXTENDS = 11  # GitLab's own limit on the depth of ``extends:``
DIND = (
    "the job runs docker in its docker:dind service's container, where a published port "
    "does not reach the runner's host"
)


def is_gitlab_path(path: str) -> bool:
    """Whether ``path`` is a GitLab CI file by name (``.gitlab-ci.yml``)."""
    return os.path.basename(path.replace("\\", "/")) in GITLAB_NAMES


def read_gitlab(source: Source, *, inherited_dind: bool = False) -> Pipeline:
    """The jobs of a GitLab CI file and their shell scripts.  ``inherited_dind``: the
    file is included by one whose default services hold a Docker-in-Docker service."""
    yaml = load_yaml(source)
    if yaml.fatal:
        return unreadable(source, yaml, "a GitLab CI file")
    root = yaml.root
    if not isinstance(root, MappingNode):
        return Pipeline(source, yaml)
    default = get(root, "default")
    services = get(default, "services") or get(root, "services")
    default_dind = _has_dind(services) if services is not None else inherited_dind
    entries = {key.value: (key, body) for key, body in pairs(root)}
    jobs, scripts, regions = [], [], []

    def add(name: str, key: ScalarNode, body: Node, nodes: list[ScalarNode], dind: bool) -> None:
        if not nodes:
            return
        builder = JobBuilder(source, name)
        for node in nodes:
            builder.read_shell(node)
        jobs.append(builder.job(key.start, body.end, dind, DIND if dind else ""))
        scripts.extend(builder.scripts)
        regions.extend(builder.regions)

    # The default scripts (``default:``'s, the old top-level keys): each read once.
    defaults: list[tuple[str, tuple[ScalarNode, Node] | None, tuple[str, ...]]] = [
        ("default", entries.get("default"), ("before_script", "after_script"))
    ]
    defaults += [(key, entries.get(key), (key,)) for key in ("before_script", "after_script")]
    for name, entry, keys in defaults:
        if entry is not None:
            body = entry[1] if name == "default" else root
            nodes = [n for key in keys for n in _lines(get(body, key))]
            add(name, entry[0], entry[1], nodes, default_dind)
    for name, (key, body) in entries.items():
        if name in _KEYWORDS or not isinstance(body, MappingNode):
            continue
        nodes = [n for script_key in _SCRIPT_KEYS for n in _lines(get(body, script_key))]
        dind = _job_dind(body, entries, default_dind)
        add(name, key, body, nodes, dind)
    failed = any(script.problem is not None for script in scripts)
    outside = None if failed else _outside_includes(get(root, "include"))
    return Pipeline(source, yaml, jobs, scripts, regions, outside, _include_at(root))


def _lines(node: Node | None, depth: int = 0) -> list[ScalarNode]:
    """The script lines of ``node``: a string, or a list of strings and of lists (not
    ``!reference`` tags: the lines they name are read in the job that holds them)."""
    one = scalar(node)
    if one is not None:
        return [one] if one.value.strip() else []
    while isinstance(node, AliasNode):
        node = node.target
    if not isinstance(node, SequenceNode) or depth > 8 or node.tag == "!reference":
        return []  # ``!reference [.setup, script]``: read where it is written
    return [line for item in node.items for line in _lines(item, depth + 1)]


def _has_dind(services: Node | None) -> bool:
    """Whether a ``services:`` list names a Docker-in-Docker image."""
    while isinstance(services, AliasNode):
        services = services.target
    if not isinstance(services, SequenceNode):
        return False
    for item in services.items:
        image = scalar(item) or scalar(get(item, "name"))
        if image is not None and _DIND.search(image.value.strip()):
            return True
    return False


def _job_dind(
    body: MappingNode, entries: dict[str, tuple[ScalarNode, Node]], default: bool
) -> bool:
    """Whether the job has a Docker-in-Docker service: its own ``services:``, else those of
    the jobs it ``extends:`` (nearest first), else the default ones."""
    seen: set[str] = set()
    queue: list[Node] = [body]
    for _ in range(_MAX_EXTENDS + 1):
        if not queue:
            break
        current = queue.pop(0)
        services = get(current, "services")
        if services is not None:
            return _has_dind(services)
        for parent in _extends(current):
            if parent not in seen and parent in entries:
                seen.add(parent)
                queue.append(entries[parent][1])
    return default


def _extends(job: Node) -> list[str]:
    node = get(job, "extends")
    one = scalar(node)
    if one is not None:
        return [one.value]
    if isinstance(node, SequenceNode):
        return [s.value for s in map(scalar, node.items) if s is not None]
    return []


def included_files(pipeline: Pipeline) -> tuple[list[str], bool]:
    """The ``include: local:`` paths of a GitLab CI file as written, and whether its
    default services hold a Docker-in-Docker service (the included jobs inherit them)."""
    root = pipeline.yaml.root if pipeline.yaml is not None else None
    if not isinstance(root, MappingNode):
        return [], False
    services = get(get(root, "default"), "services") or get(root, "services")
    return local_includes(root), _has_dind(services)


def local_includes(root: Node | None) -> list[str]:
    """The ``include: local:`` paths of a GitLab CI file's root (as written)."""
    include = get(root, "include")
    out = []
    for item in _include_items(include):
        one = scalar(item)
        if one is not None:
            value = one.value.strip()
            if value and "://" not in value:
                out.append(value)
            continue
        local = scalar(get(item, "local"))
        if local is not None and local.value.strip():
            out.append(local.value.strip())
    return out


def _include_items(include: Node | None) -> list[Node]:
    while isinstance(include, AliasNode):
        include = include.target
    if isinstance(include, SequenceNode):
        return list(include.items)
    return [include] if include is not None else []


def _outside_includes(include: Node | None) -> str | None:
    """The note about includes this reader does not follow, or None."""
    for item in _include_items(include):
        one = scalar(item)
        outside = one is not None and "://" in one.value
        if outside or any(get(item, key) is not None for key in _REMOTE_INCLUDES):
            return (
                "includes from outside the repository (remote, project, template or "
                "component) are not read"
            )
    return None


def _include_at(root: MappingNode) -> int:
    return next((k.start for k, _v in pairs(root) if k.value == "include"), 0)
