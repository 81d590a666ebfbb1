"""CL105 duplicate-host-port: one host port published twice by containers that run at once.

Compose services start together, except variants in profiles of their own (a service
without profiles always starts; two with profiles start together when they share one).
Two services whose publish is one written text (a template they both extend) are
variants too.  Containers a script starts are judged only where its reader knows they
run at once (``Project.alive_together``): a container removed or stopped before the
next one starts, or started in another branch, is not a duplicate.
"""

from __future__ import annotations

from collections.abc import Iterator

from composelint.diagnostics import Diagnostic, Related, Severity
from composelint.model.container import WILDCARDS, PortMapping, Project, Service
from composelint.rules.base import Rule, at_value, container
from composelint.rules.context import ProjectContext

_NOT_OWN_NETWORK = ("host", "none")
_MAX_RANGE = 65536


class Publish:
    """One publish of fixed host ports."""

    __slots__ = ("service", "mapping", "address", "protocol", "ports", "order")

    def __init__(
        self, service: Service, mapping: PortMapping, ports: range, order: tuple[int, int, int]
    ) -> None:
        self.service = service
        self.mapping = mapping
        self.address = _address(mapping.host_ip)
        self.protocol = (mapping.protocol or "tcp").strip().lower()
        self.ports = ports
        self.order = order


def _address(host_ip: str | None) -> str:
    ip = (host_ip or "").strip()
    if ip in WILDCARDS:
        return ""
    return ip.removeprefix("[").removesuffix("]").lower()


def _range(text: str | None) -> range | None:
    if text is None:
        return None
    first, dash, last = text.strip().partition("-")
    if not first.isdigit() or (dash and not last.isdigit()):
        return None
    low, high = int(first), int(last) if dash else int(first)
    if not 0 < low <= high < _MAX_RANGE:
        return None
    return range(low, high + 1)


def fixed_ports(mapping: PortMapping) -> range | None:
    """The host ports a publish takes whatever else runs, or None: no host port (Docker
    picks one), a host range for one container port (Docker picks a free one in it),
    a value from an unset variable, or one that could not be parsed."""
    if mapping.error or mapping.depends_on_env or not mapping.published:
        return None
    host, target = _range(mapping.published), _range(mapping.target)
    if host is None or target is None:
        return None
    if len(host) > 1 and len(host) != len(target):
        return None
    return host


def _own_network(service: Service) -> bool:
    mode = str(service.network_mode.value).strip() if service.network_mode else ""
    return not (mode in _NOT_OWN_NETWORK or mode.startswith(("service:", "container:")))


def _publishes(project: Project) -> list[Publish]:
    files = {path: index for index, path in enumerate(project.files)}
    out = []
    for service in project.services.values():
        if not _own_network(service) or service.kind == "service":
            continue
        for mapping in service.ports:
            ports = fixed_ports(mapping)
            origin = mapping.origin
            if ports is None or origin is None:
                continue
            order = (files.get(origin.path, len(files)), origin.node.start, origin.node.end)
            out.append(Publish(service, mapping, ports, order))
    out.sort(key=lambda p: p.order)
    return out


def together(project: Project, first: Service, second: Service) -> bool:
    """Whether ``first`` and ``second`` (``first`` started earlier) run at the same time."""
    if first.kind == "compose" and second.kind == "compose":
        # A service starts when one of its profiles is active (always, without any): two
        # that share a profile start together; variants in profiles of their own (dev,
        # prod) are chosen between.
        mine, theirs = set(first.profiles), set(second.profiles)
        return not mine or not theirs or bool(mine & theirs)
    return (first.name, second.name) in project.alive_together


def _same_text(earlier: Publish, later: Publish) -> bool:
    one, other = earlier.mapping.origin, later.mapping.origin
    return (
        one is not None
        and other is not None
        and one.path == other.path
        and (one.node.start, one.node.end) == (other.node.start, other.node.end)
    )


def _clash(earlier: Publish, later: Publish) -> int | None:
    """The first host port both take, or None."""
    if earlier.protocol != later.protocol:
        return None
    if earlier.address and later.address and earlier.address != later.address:
        return None
    low = max(earlier.ports.start, later.ports.start)
    return low if low < min(earlier.ports.stop, later.ports.stop) else None


def check(ctx: ProjectContext) -> Iterator[Diagnostic]:
    publishes = _publishes(ctx.project)
    if len(publishes) < 2:
        return
    for index, later in enumerate(publishes):
        for earlier in publishes[:index]:
            port = _clash(earlier, later)
            if port is None:
                continue
            if _same_text(earlier, later):
                continue  # one template (extends, an anchor) copied into variants
            same = earlier.service is later.service
            if same and earlier.mapping.target == later.mapping.target:
                continue  # the same publish written twice: one binding
            if not same and not together(ctx.project, earlier.service, later.service):
                continue
            found = _report(earlier, later, port, same)
            if found:
                yield found
                break


def _report(earlier: Publish, later: Publish, port: int, same: bool) -> Diagnostic | None:
    address = later.address or earlier.address
    shown = f"[{address}]:{port}" if ":" in address else f"{address}:{port}"
    shown = shown if address else str(port)
    shown += "" if later.protocol == "tcp" else f"/{later.protocol}"
    if same:
        message = (
            f"host port {shown} is published twice by {container(later.service)}, to "
            f"container ports {earlier.mapping.target} and {later.mapping.target}: docker "
            "refuses the second binding ('port is already allocated'); publish one of them "
            "on another host port"
        )
    else:
        message = (
            f"host port {shown} is already published by {container(earlier.service)}, "
            f"which runs at the same time as {container(later.service)}: whichever starts "
            "second fails with 'port is already allocated'; publish one of them on another "
            "host port"
        )
    origin = earlier.mapping.origin
    related = () if origin is None else (Related(origin.span, "the port is first published here"),)
    return at_value("CL105", message, later.mapping.origin, related=related)


RULE = Rule(
    "CL105",
    "duplicate-host-port",
    "one host port published twice",
    check_project=check,
    severity=Severity.ERROR,
    docs="CL105.md",
)
