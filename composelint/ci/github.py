"""GitHub Actions workflows: the ``run:`` steps of each job and its service containers.

A ``run:`` step is read as a shell script where the shell named by ``shell:`` (the
step's, else the job's or the workflow's ``defaults.run.shell``, else bash) is bash or
sh; ``pwsh``, ``python``, ``cmd`` and ``powershell`` steps are not shell.  A job's
``services:`` are containers in compose syntax (``image``, ``ports``, ``volumes``),
built by compose's own service reader so their fixes are YAML edits.  A job on a
GitHub-hosted runner runs on an ephemeral VM: its port findings are information; on
a self-hosted runner (``runs-on: self-hosted``, a label list holding it, a runner
``group:``) or one this reader cannot tell, they are warnings.
"""

from __future__ import annotations

import re

from composelint.ci.pipeline import JobBuilder, Pipeline, get, pairs, scalar, unreadable
from composelint.compose.services import build_services
from composelint.compose.tree import build_tree
from composelint.source import Source, lazy_pattern
from composelint.yaml.document import load_yaml
from composelint.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

_SHELLS = frozenset({"bash", "sh"})
_MATRIX = lazy_pattern(r"^\$\{\{\s*matrix\.([A-Za-z0-9_-]+)\s*\}\}$")
HOSTED = "the job runs on a GitHub-hosted runner, an ephemeral VM"


def is_workflow_path(path: str) -> bool:
    """Whether ``path`` is a workflow: a YAML file right in ``.github/workflows``."""
    parts = path.replace("\\", "/").split("/")
    return (
        len(parts) >= 3
        and parts[-2] == "workflows"
        and parts[-3] == ".github"
        and parts[-1].endswith((".yml", ".yaml"))
    )


def read_workflow(source: Source) -> Pipeline:
    """The jobs of a workflow, their shell steps and their service containers."""
    yaml = load_yaml(source)
    if yaml.fatal:
        return unreadable(source, yaml, "a workflow")
    root = yaml.root
    if not isinstance(root, MappingNode):
        return Pipeline(source, yaml)
    default_shell = _shell_of(get(get(root, "defaults"), "run"), "bash")
    jobs, scripts, regions, built = [], [], [], []
    for key, body in pairs(get(root, "jobs")):
        builder = JobBuilder(source, key.value)
        shell = _shell_of(get(get(body, "defaults"), "run"), default_shell)
        steps = get(body, "steps")
        for step in steps.items if isinstance(steps, SequenceNode) else ():
            built.extend(_built_tags(step))
            run = scalar(get(step, "run"))
            if run is None or _shell_of(step, shell) not in _SHELLS:
                continue
            builder.read_shell(run)
        services = get(body, "services")
        if isinstance(services, MappingNode) and services.pairs:
            tree = build_tree(source, body, None)
            builder.add_services(build_services(tree), services)
        hosted = _github_hosted(body)
        jobs.append(builder.job(key.start, body.end, hosted, HOSTED if hosted else ""))
        scripts.extend(builder.scripts)
        regions.extend(builder.regions)
    return Pipeline(source, yaml, jobs, scripts, regions, built_images=built)


def _built_tags(step: Node) -> list[str]:
    """The tags a ``docker/build-push-action`` step gives the image it builds (a list, or
    one string of tags separated by newlines or commas)."""
    uses = scalar(get(step, "uses"))
    if uses is None or not uses.value.startswith("docker/build-push-action@"):
        return []
    tags = get(get(step, "with"), "tags")
    if isinstance(tags, SequenceNode):
        values = [item.value for item in map(scalar, tags.items) if item is not None]
    else:
        value = scalar(tags)
        values = re.split(r"[\n,]", value.value) if value is not None else []
    return [v.strip() for v in values if v.strip()]


def _shell_of(node: Node | None, default: str) -> str:
    """The program a ``shell:`` names (``bash -e {0}`` is bash)."""
    shell = scalar(get(node, "shell"))
    if shell is None or not shell.value.strip():
        return default
    program = shell.value.split()[0].rsplit("/", 1)[-1]
    return "bash" if program == "bash" else program


def _github_hosted(job: Node) -> bool:
    """Whether every runner the job may run on is GitHub-hosted (known labels, none of
    them ``self-hosted``, no runner group)."""
    runs_on = get(job, "runs-on")
    if isinstance(runs_on, MappingNode):
        if get(runs_on, "group") is not None:
            return False
        runs_on = get(runs_on, "labels")
    labels = _labels(runs_on)
    if len(labels) == 1:
        matrix = _MATRIX.match(labels[0])
        if matrix is not None:
            labels = _labels(get(get(get(job, "strategy"), "matrix"), matrix.group(1)))
    return bool(labels) and all(
        "${{" not in label and label.strip().lower() != "self-hosted" for label in labels
    )


def _labels(node: Node | None) -> list[str]:
    one = scalar(node)
    if one is not None:
        return [one.value]
    if isinstance(node, SequenceNode):
        found = [scalar(item) for item in node.items]
        if all(isinstance(item, ScalarNode) for item in found):
            return [item.value for item in found if item is not None]
    return ["${{ unknown }}"] if node is not None else []
