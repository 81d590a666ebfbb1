"""From a run to its exposure graph: the model of each project, CL101's evidence of who
reaches whom, and the findings as risk marks, so the map and ``check`` tell one story."""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from composelint.config import Config
from composelint.map.graph import (
    Graph,
    HostAddress,
    Location,
    Mark,
    NetworkNode,
    ProjectMap,
    Publish,
    Reach,
    ServiceNode,
)
from composelint.model.origin import Origin
from composelint.rules.selection import Selection

if TYPE_CHECKING:
    from composelint.diagnostics import Diagnostic
    from composelint.model.container import NetworkDefinition, PortMapping, Service
    from composelint.rules.context import ProjectContext
    from composelint.run.engine import RunResult

# What a finding says about its service, shortly: the map's risk marks.
MARKS = {
    "CL201": "root (its Dockerfile)",
    "CL202": "root",
    "CL203": "privileged",
    "CL204": "dangerous capability",
    "CL205": "host namespace",
    "CL103": "host network",
    "CL301": "writable config mount",
    "CL302": "Docker socket",
    "CL303": "sensitive host path",
}


def build_map(
    paths: Sequence[str],
    *,
    config: Config | None = None,
    environ: Mapping[str, str] | None = None,
    after_fix: bool = False,
    unsafe: bool = False,
) -> Graph:
    """The exposure graph of ``paths``; with ``after_fix``, as ``check --fix`` (with
    ``unsafe``: ``--unsafe-fixes``) would leave them, computed in memory, each exposure
    the fixes remove kept and marked with the fix."""
    from composelint.run.engine import run

    config = config or Config()
    selection = Selection()  # the default rules: the marks are theirs
    before = run(list(paths), environ, selection, None, config)
    graph = _graph(before, config, {})
    if not after_fix:
        return graph
    from composelint.run.fixing import fix_run

    outcome = fix_run(list(paths), unsafe=unsafe, environ=environ, config=config)
    overlay = dict(outcome.changed)
    after = run(list(paths), environ, selection, overlay, config)
    return _with_removed(_graph(after, config, overlay), graph, before)


def _graph(result: RunResult, config: Config, overlay: Mapping[str, str]) -> Graph:
    from composelint.run.collect import rule_options
    from composelint.run.contexts import DockerfileCache, project_context

    options = rule_options(config)
    dockerfiles = DockerfileCache(dict(overlay))
    findings = _marking(result.diagnostics)
    projects = []
    seen: set[tuple[str, ...]] = set()
    for loaded in result.projects:
        if not loaded.project.services or tuple(loaded.files) in seen:
            continue
        seen.add(tuple(loaded.files))
        ctx = project_context(loaded, dockerfiles, options)
        projects.append(_project(loaded, ctx, findings))
    return Graph(projects=tuple(projects))


def _project(
    loaded: Any, ctx: ProjectContext, findings: Mapping[str, list[Diagnostic]]
) -> ProjectMap:
    """The map of one project (``loaded``: its compose LoadedProject, of which the map
    reads the model and the files)."""
    from composelint.rules.exposure.cl102_port_published_on_all_interfaces import (
        public_on_purpose,
    )
    from composelint.rules.exposure.evidence import (
        names_of,
        reaches_by_name,
        references,
    )
    from composelint.rules.images import is_backing_image

    project = loaded.project
    hosts: dict[str, HostAddress] = {}
    publishes: list[Publish] = []
    services: list[ServiceNode] = []
    for service in project.services.values():
        image = ctx.image_of(service)
        for mapping in service.ports:
            if mapping.error is not None:
                continue
            host = _host(mapping)
            hosts.setdefault(host.id, host)
            published = mapping.published or ""
            publishes.append(
                Publish(
                    host.id,
                    published,
                    (mapping.protocol or "tcp").lower(),
                    service.name,
                    mapping.target or "",
                    host.scope in ("all", "variable"),
                    intended=public_on_purpose(image, mapping, ctx.options.proxy_images),
                    location=_location(mapping.origin),
                )
            )
        joined = _networks(service)
        egress = any(not _internal(project.networks.get(n)) for n in joined)
        services.append(
            ServiceNode(
                service.name,
                joined,
                tuple(str(e.value) for e in service.expose),
                is_backing_image(image),
                egress,
                _marks(service, ctx, findings),
                _location(service.origin),
            )
        )
    reaches = []
    refs = references(ctx)
    for target in project.services.values():
        names = names_of(target)
        for ref in refs:
            if ref.by == target.name or ref.host not in names:
                continue
            if reaches_by_name(ctx, ref.by, target):
                where = _location(ref.origin)
                reaches.append(Reach(ref.by, target.name, ref.port, ref.what, where))
    used = sorted({n for s in services for n in s.networks})
    networks = tuple(
        NetworkNode(
            name,
            project.networks[name].internal if name in project.networks else False,
            project.networks[name].external if name in project.networks else False,
        )
        for name in used
    )
    return ProjectMap(
        project.name,
        _kind(project.services),
        tuple(loaded.files),
        tuple(sorted(hosts.values(), key=lambda h: h.id)),
        tuple(services),
        networks,
        tuple(publishes),
        tuple(dict.fromkeys(reaches)),
    )


def _internal(definition: NetworkDefinition | None) -> bool:
    return definition is not None and definition.internal


def _kind(services: Mapping[str, Service]) -> str:
    kinds = {s.kind for s in services.values()}
    return "compose" if kinds == {"compose"} or not kinds else sorted(kinds)[0]


def _networks(service: Service) -> tuple[str, ...]:
    mode = service.network_mode.value if service.network_mode is not None else None
    if isinstance(mode, str) and mode:
        return () if mode == "none" else (mode if ":" not in mode else mode.split(":", 1)[0],)
    if service.networks:
        return tuple(n.name for n in service.networks)
    return ("default",) if service.kind == "compose" else ("bridge",)


def _host(mapping: PortMapping) -> HostAddress:
    address = mapping.host_ip
    if mapping.depends_on_env and address:
        return HostAddress(f"var:{address}", f"{address} (from a variable)", "variable")
    if not address or address in ("0.0.0.0", "::", "[::]"):
        shown = "[::]" if address in ("::", "[::]") else "0.0.0.0"
        return HostAddress(shown, shown, "all")
    bare = address.strip("[]")
    try:
        loopback = ipaddress.ip_address(bare).is_loopback
    except ValueError:
        loopback = bare == "localhost"
    return HostAddress(address, address, "loopback" if loopback else "specific")


def _location(origin: Origin | None) -> Location | None:
    if origin is None:
        return None
    start = origin.span.start
    return Location(origin.path, start.line + 1, start.column + 1)


def _marks(
    service: Service, ctx: ProjectContext, findings: Mapping[str, list[Diagnostic]]
) -> tuple[Mark, ...]:
    """The risk marks of ``service``: the findings inside its definition, and CL201 of the
    Dockerfile it builds.  ``findings``: the findings that make marks, by file."""
    origin = service.origin
    built = ctx.dockerfiles.get(service.name)
    marks: dict[str, Mark] = {}
    if origin is not None:
        for d in findings.get(origin.path, ()):
            if origin.node.start <= d.span.start.offset <= origin.node.end:
                marks.setdefault(d.code, Mark(d.code, MARKS[d.code]))
    if built is not None:
        for d in findings.get(built.path, ()):
            if d.code == "CL201":
                marks.setdefault(d.code, Mark(d.code, MARKS[d.code]))
    return tuple(sorted(marks.values(), key=lambda m: m.code))


def _marking(findings: list[Diagnostic]) -> dict[str, list[Diagnostic]]:
    """The findings that make risk marks, by file (each service looks only at its own)."""
    by_path: dict[str, list[Diagnostic]] = {}
    for d in findings:
        if d.code in MARKS:
            by_path.setdefault(d.span.path, []).append(d)
    return by_path


def _with_removed(after: Graph, before: Graph, checked: RunResult) -> Graph:
    """``after`` plus the publishes of ``before`` the fixes removed, each marked with the
    title of the fix that removes it."""
    from msgspec.structs import replace

    titles: dict[tuple[str, int], str] = {}
    for d in checked.diagnostics:
        if d.fix is not None:
            titles.setdefault((d.span.path, d.span.start.line + 1), d.fix.title)
    by_name = {tuple(p.files): p for p in after.projects}
    projects = []
    for old in before.projects:
        new = by_name.get(tuple(old.files))
        if new is None:
            continue
        kept = {_key(p) for p in new.publishes}
        removed = []
        hosts = {h.id: h for h in new.hosts}
        for publish in old.publishes:
            if _key(publish) in kept:
                continue
            where = publish.location
            title = titles.get((where.path, where.line)) if where is not None else None
            removed.append(replace(publish, removed_by=title or "a fix"))
            hosts.setdefault(publish.host, next(h for h in old.hosts if h.id == publish.host))
        projects.append(
            replace(
                new,
                hosts=tuple(sorted(hosts.values(), key=lambda h: h.id)),
                publishes=new.publishes + tuple(removed),
            )
        )
    return Graph(after_fix=True, projects=tuple(projects))


def _key(publish: Publish) -> tuple[str, ...]:
    return (
        publish.host,
        publish.host_port,
        publish.protocol,
        publish.service,
        publish.container_port,
    )
