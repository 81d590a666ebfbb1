"""What a CI reader found in one file: its jobs, each one project of containers.

A job's shell steps are read by the shell reader where the file wrote them (their
words placed in the file through :mod:`composelint.ci.scalars`); the containers its
steps start and the service containers it declares form one project, since a job
runs on one machine and jobs do not reach each other's containers.  Where a job's
published ports cannot reach the network a finding about them is information
(:meth:`Pipeline.settle`, the one place severities are lowered).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from msgspec.structs import replace

from composelint.ci.scalars import map_scalar
from composelint.commands import Launch
from composelint.diagnostics import Diagnostic, Severity, make
from composelint.model.container import Launched, NetworkDefinition, Project, Service
from composelint.shell import Command, Comment, Script, read_mapped
from composelint.source import Source
from composelint.yaml.document import YamlFile
from composelint.yaml.nodes import AliasNode, MappingNode, Node, ScalarNode, SequenceNode

NOTE_CODE = "CL007"
JOB_SERVICE = Launched("job", starts=True, detached=True, remove=True)
# Findings about a published port: information where the port cannot reach a network.
PORT_CODES = frozenset({"CL101", "CL102", "CL106"})


@dataclass(frozen=True, slots=True)
class Job:
    name: str
    start: int  # the job's entry in the file
    end: int
    quiet_ports: bool  # port findings here are information
    why: str  # what the message says about that (empty when they are not)
    project: Project


@dataclass(slots=True)
class JobBuilder:
    """A job being read: its scripts and the names its containers took."""

    source: Source
    name: str
    scripts: list[Script] = field(default_factory=list)
    services: dict[str, Service] = field(default_factory=dict)
    names: set[str] = field(default_factory=set)
    regions: list[tuple[int, int]] = field(default_factory=list)

    def read_shell(self, node: ScalarNode) -> None:
        """A shell text written as the scalar ``node``."""
        mapped = map_scalar(self.source.text, node)
        script = read_mapped(
            self.source, mapped.text, mapped.byte_mapper(), names=self.names, where=node.start
        )
        self.scripts.append(script)
        self.regions.extend(mapped.regions())

    def add_services(self, services: dict[str, Service], node: Node) -> None:
        """Service containers written in compose syntax (edited as YAML).  The runner
        starts them with its own options (``options:``, a string of ``docker create``
        flags), so a compose key such as ``security_opt`` cannot be added to them."""
        for name, service in services.items():
            self.services[name] = replace(service, launched=JOB_SERVICE)
            self.names.add(name)
        self.regions.append((node.start, node.end))

    def job(self, start: int, end: int, quiet_ports: bool, why: str) -> Job:
        services = dict(self.services)
        networks: dict[str, NetworkDefinition] = {}
        alive: set[tuple[str, str]] = set()
        for script in self.scripts:
            alive |= script.alive_together
            for launch in script.launches:
                services[launch.service.name] = launch.service
            networks.update((n.name, n) for n in script.networks)
        path = self.source.path
        project = Project(
            name=f"{path} job {self.name}",
            files=(path,),
            directory=os.path.dirname(path) or ".",
            services=services,
            networks=networks,
            alive_together=frozenset(alive),
        )
        return Job(self.name, start, end, quiet_ports, why, project)


class Pipeline:
    """One CI file as read: its jobs, their scripts, and what could not be read."""

    __slots__ = (
        "source",
        "yaml",
        "jobs",
        "scripts",
        "regions",
        "problem",
        "problem_at",
        "built_images",
    )

    def __init__(
        self,
        source: Source,
        yaml: YamlFile | None,
        jobs: Sequence[Job] = (),
        scripts: Sequence[Script] = (),
        regions: Iterable[tuple[int, int]] = (),
        problem: str | None = None,
        problem_at: int = 0,
        built_images: Iterable[str] = (),
    ) -> None:
        self.source = source
        # Images a step of the file builds (docker/build-push-action's ``tags``).
        self.built_images = tuple(built_images)
        self.yaml = yaml
        self.jobs = tuple(jobs)
        self.scripts = tuple(scripts)
        self.regions = tuple(sorted(regions))
        self.problem = problem
        self.problem_at = problem_at
        if problem is None:
            failed = next((s for s in self.scripts if s.problem is not None), None)
            if failed is not None:
                self.problem, self.problem_at = failed.problem, failed.problem_at

    # -- what the run reads ----------------------------------------------------------

    @property
    def projects(self) -> tuple[Project, ...]:
        """One project per job that starts containers."""
        return tuple(job.project for job in self.jobs if job.project.services)

    @property
    def launches(self) -> tuple[Launch, ...]:
        return tuple(launch for script in self.scripts for launch in script.launches)

    @property
    def commands(self) -> tuple[Command, ...]:
        return tuple(command for script in self.scripts for command in script.commands)

    @property
    def comments(self) -> tuple[Comment, ...]:
        return tuple(comment for script in self.scripts for comment in script.comments)

    @property
    def targets(self) -> tuple[tuple[int, int], ...]:
        return tuple(target for script in self.scripts for target in script.targets)

    @property
    def note(self) -> Diagnostic | None:
        """The one information-level note of a file its reader could not read whole."""
        if self.problem is None:
            return None
        span = self.source.span(self.problem_at, self.problem_at)
        return make(
            NOTE_CODE,
            f"{self.problem}; container launches in it may be missed (the CI service may "
            "still run it)",
            span,
        )

    @property
    def structure(self) -> Any:
        """The file's YAML shape (keys, and where scalars are), for the fix loop's check
        that a fix kept the YAML as it was around the edited values."""
        if self.yaml is None:
            return None
        return [_shape(document) for document in self.yaml.documents]

    def settle(self, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
        """Findings as they stand in this file: port findings of a job whose ports cannot
        reach a network at information; a fix whose edits leave the places written
        character by character dropped (the finding stays)."""
        out = []
        for diagnostic in diagnostics:
            offset = diagnostic.span.start.offset
            job = next((j for j in self.jobs if j.start <= offset < j.end), None)
            if (
                job is not None
                and job.quiet_ports
                and diagnostic.code in PORT_CODES
                and diagnostic.severity < Severity.INFORMATION
            ):
                diagnostic = replace(
                    diagnostic,
                    severity=Severity.INFORMATION,
                    message=f"{diagnostic.message} ({job.why})",
                )
            fix = diagnostic.fix
            if fix is not None and not all(self._editable(e.start, e.end) for e in fix.edits):
                diagnostic = replace(diagnostic, fix=None)
            out.append(diagnostic)
        return out

    def _editable(self, start: int, end: int) -> bool:
        return any(a <= start and end <= b for a, b in self.regions)

    def suppression_targets(self) -> tuple[list[Any], list[tuple[int, int, int]]]:
        """Comments and what they can cover: the YAML's (``# composelint: ignore`` on a
        step, a service, a port) and those of the shell steps (on a command)."""
        from composelint import suppress

        comments, ranges = suppress.shell_targets(self)
        if self.yaml is not None:
            more, nodes = suppress.yaml_targets(self.yaml)
            comments = [*more, *comments]
            ranges = sorted([*ranges, *nodes], key=lambda r: (r[1], -r[2]))
        return comments, ranges


def _shape(node: Node, depth: int = 0) -> Any:
    if isinstance(node, AliasNode):
        return "*"
    if depth > 200:
        return "…"
    if isinstance(node, MappingNode):
        return {
            (key.value if isinstance(key, ScalarNode) else repr(_shape(key, depth + 1))): _shape(
                value, depth + 1
            )
            for key, value in node.pairs
        }
    if isinstance(node, SequenceNode):
        return [_shape(item, depth + 1) for item in node.items]
    return "scalar"


def unreadable(source: Source, yaml: YamlFile, what: str) -> Pipeline:
    """A file the YAML reader could not read: one note, nothing judged."""
    problem = yaml.problems[0] if yaml.problems else None
    message = f"cannot read {source.path} as {what}"
    if problem is not None:
        message += f": {problem.message} (line {problem.line + 1})"
    return Pipeline(source, None, problem=message, problem_at=problem.offset if problem else 0)


def scalar(node: Node | None) -> ScalarNode | None:
    """``node`` when it is a scalar (through an alias)."""
    while isinstance(node, AliasNode):
        node = node.target
    return node if isinstance(node, ScalarNode) else None


def get(node: Node | None, key: str) -> Node | None:
    """The value of ``key`` in a mapping node (None elsewhere)."""
    while isinstance(node, AliasNode):
        node = node.target
    if not isinstance(node, MappingNode):
        return None
    for k, v in node.pairs:
        if isinstance(k, ScalarNode) and k.value == key:
            while isinstance(v, AliasNode):
                v = v.target
            return v
    return None


def pairs(node: Node | None) -> list[tuple[ScalarNode, Node]]:
    while isinstance(node, AliasNode):
        node = node.target
    if not isinstance(node, MappingNode):
        return []
    out = []
    for k, v in node.pairs:
        while isinstance(v, AliasNode):
            v = v.target
        if isinstance(k, ScalarNode):
            out.append((k, v))
    return out
