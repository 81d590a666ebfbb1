"""The exposure graph drawn: a text table per project, a Mermaid flowchart, Graphviz DOT,
or the graph as JSON."""

from __future__ import annotations

import json
from collections.abc import Callable

import msgspec

from composelint.map.graph import Graph, ProjectMap, Publish
from composelint.source import lazy_pattern

FORMATS = ("text", "mermaid", "dot", "json")


def _same(text: str) -> str:
    return text


def render(
    graph: Graph,
    output_format: str,
    *,
    color: bool = False,
    escape: Callable[[str], str] = _same,
) -> str:
    """``graph`` drawn in ``output_format``; ``escape`` makes the text format's lines safe
    for a terminal (the command line passes its escaping of control characters)."""
    if output_format == "json":
        return json.dumps(msgspec.to_builtins(graph), indent=1) + "\n"
    if output_format == "mermaid":
        return mermaid(graph)
    if output_format == "dot":
        return dot(graph)
    return text(graph, color=color, escape=escape)


# -- text ----------------------------------------------------------------------------


def _paint(on: bool, escape: str, value: str) -> str:
    return f"\x1b[{escape}m{value}\x1b[0m" if on else value


def text(graph: Graph, *, color: bool = False, escape: Callable[[str], str] = _same) -> str:
    printable = escape
    if not graph.projects:
        return "nothing to map: no compose project, script or Python file starts a container\n"
    out: list[str] = []
    for project in graph.projects:
        title = f"{project.name} ({project.kind}: {', '.join(project.files)})"
        out.append(_paint(color, "1", printable(title)))
        out.append("  published on the host")
        if not project.publishes:
            out.append("    nothing")
        hosts = {h.id: h for h in project.hosts}
        for p in project.publishes:
            host = hosts[p.host]
            port = f"{p.host_port or '(random)'}/{p.protocol}"
            line = f"    {host.address:<22} {port:<14} -> {p.service}:{p.container_port}"
            line += f"  {_publish_note(p)}"
            if p.removed_by is not None:
                line = f"{line}  [removed by the fix: {p.removed_by}]"
                line = _paint(color, "2", line)
            elif p.reachable_from_network and not p.intended:
                line = _paint(color, "33", line)
            out.append(printable(line))
        if project.reaches:
            out.append("  between services")
            for r in project.reaches:
                port = f":{r.port}" if r.port is not None else ""
                out.append(printable(f"    {r.source} -> {r.target}{port}  ({r.evidence})"))
        out.append("  networks")
        for n in project.networks:
            members = [s.name for s in project.services if n.name in s.networks]
            route = "internal, no route out" if n.internal else "route out"
            out.append(printable(f"    {n.name:<22} {route:<24} {', '.join(members)}"))
        for s in project.services:
            notes = [f"{m.label} ({m.code})" for m in s.marks]
            if s.backing and s.egress:
                notes.append("backing service that can reach the internet")
            if s.expose:
                notes.append(f"exposed to other containers only: {', '.join(s.expose)}")
            if notes:
                out.append(printable(f"  {s.name}: {'; '.join(notes)}"))
        out.append("")
    return "\n".join(out)


def _publish_note(p: Publish) -> str:
    if p.intended:
        return "public on purpose"
    if p.reachable_from_network:
        return "reachable from the network, ahead of ufw/firewalld"
    return "this host only" if p.host.startswith(("127.", "[::1]", "::1")) else "one address"


# -- Mermaid -------------------------------------------------------------------------

_MERMAID_PLAIN = lazy_pattern(r"[A-Za-z0-9 _.:/()-]")


def _mermaid_text(value: str) -> str:
    """A label Mermaid shows as written: every character outside a small safe set as a
    numeric entity (``#35;``), so no name can end the label or open a directive."""
    return "".join(c if _MERMAID_PLAIN.fullmatch(c) else f"#{ord(c)};" for c in value)


def mermaid(graph: Graph) -> str:
    lines = ["flowchart LR"]
    for number, project in enumerate(graph.projects):
        prefix = f"p{number}"
        lines.append(f'  subgraph {prefix}["{_mermaid_text(project.name)}"]')
        lines.append("    direction LR")
        host_ids = {h.id: f"{prefix}h{i}" for i, h in enumerate(project.hosts)}
        service_ids = {s.name: f"{prefix}s{i}" for i, s in enumerate(project.services)}
        for h in project.hosts:
            label = h.address + (" (network)" if h.scope in ("all", "variable") else "")
            lines.append(f'    {host_ids[h.id]}(["{_mermaid_text(label)}"])')
        for s in project.services:
            label = s.name
            if s.marks:
                label += " - " + ", ".join(f"{m.label} {m.code}" for m in s.marks)
            shape = f'[("{_mermaid_text(label)}")]' if s.backing else f'["{_mermaid_text(label)}"]'
            lines.append(f"    {service_ids[s.name]}{shape}")
        for p in project.publishes:
            label = f"{p.host_port or 'random'}/{p.protocol} to {p.container_port}"
            if p.removed_by is not None:
                label += f" - removed by: {p.removed_by}"
                arrow = "-.->"
            else:
                arrow = "-->"
            lines.append(
                f'    {host_ids[p.host]} {arrow}|"{_mermaid_text(label)}"| {service_ids[p.service]}'
            )
        for r in project.reaches:
            if r.source not in service_ids or r.target not in service_ids:
                continue
            label = (f":{r.port} " if r.port is not None else "") + r.evidence
            lines.append(
                f'    {service_ids[r.source]} ==>|"{_mermaid_text(label)}"| {service_ids[r.target]}'
            )
        lines.append("  end")
    return "\n".join(lines) + "\n"


# -- DOT -----------------------------------------------------------------------------


def _dot_string(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def dot(graph: Graph) -> str:
    lines = ["digraph composelint {", "  rankdir=LR;", "  node [shape=box];"]
    for number, project in enumerate(graph.projects):
        lines.append(f"  subgraph cluster_{number} {{")
        lines.append(f"    label={_dot_string(project.name)};")
        for p_host in project.hosts:
            shape = "doubleoctagon" if p_host.scope in ("all", "variable") else "ellipse"
            lines.append(
                f"    {_dot_string(f'{number}:host:{p_host.id}')} "
                f"[label={_dot_string(p_host.address)}, shape={shape}];"
            )
        for s in project.services:
            label = s.name + "".join(f"\n{m.label} ({m.code})" for m in s.marks)
            shape = "cylinder" if s.backing else "box"
            lines.append(
                f"    {_dot_string(f'{number}:service:{s.name}')} "
                f"[label={_dot_string(label)}, shape={shape}];"
            )
        for p in project.publishes:
            label = f"{p.host_port or 'random'}/{p.protocol} -> {p.container_port}"
            style = ""
            if p.removed_by is not None:
                label += f"\nremoved by: {p.removed_by}"
                style = ", style=dashed"
            elif p.reachable_from_network and not p.intended:
                style = ", color=red"
            lines.append(
                f"    {_dot_string(f'{number}:host:{p.host}')} -> "
                f"{_dot_string(f'{number}:service:{p.service}')} "
                f"[label={_dot_string(label)}{style}];"
            )
        names = {s.name for s in project.services}
        for r in project.reaches:
            if r.source not in names or r.target not in names:
                continue
            label = (f":{r.port} " if r.port is not None else "") + r.evidence
            lines.append(
                f"    {_dot_string(f'{number}:service:{r.source}')} -> "
                f"{_dot_string(f'{number}:service:{r.target}')} "
                f"[label={_dot_string(label)}, style=bold];"
            )
        lines.append("  }")
    lines.append("}")
    return "\n".join(lines) + "\n"


__all__ = ["FORMATS", "ProjectMap", "dot", "mermaid", "render", "text"]
