"""CL106 publish-all-ports: every port the image exposes published at once.

``docker run -P`` (``--publish-all``; the Docker SDK's ``publish_all_ports=True``)
publishes each port the image declares with ``EXPOSE`` on a random host port of
every interface.  The rule reads the source-neutral field ``publish_all``.
"""

from __future__ import annotations

from collections.abc import Iterator

from composelint.diagnostics import Diagnostic
from composelint.model.container import Service
from composelint.rules.base import Rule, at_value, container, truthy
from composelint.rules.context import ProjectContext

# Network modes in which Docker publishes nothing: -P is ignored there (CL103 reports host).
_NO_PUBLISH_MODES = ("host", "none")
_SHARED_STACK_PREFIXES = ("container:", "service:")


def check(ctx: ProjectContext) -> Iterator[Diagnostic]:
    for service in ctx.services.values():
        flag = service.fields.get("publish_all")
        if flag is None or not truthy(flag.value) or _publishes_nothing(service):
            continue
        loopback = ctx.options.loopback_v4
        if service.kind == "sdk":  # the Docker SDK's keyword, in Python's own syntax
            instead = f'ports={{"80/tcp": ("{loopback}", 8080)}} instead of publish_all_ports=True'
        else:
            instead = f"-p {loopback}:8080:80 instead of -P"
        found = at_value(
            "CL106",
            f"{container(service)} publishes every port its image exposes, each on a "
            "random host port of all host interfaces, where Docker's NAT rules bypass the host "
            "firewall: nothing in the file says which ports are open; publish only the ports "
            f"needed, bound to {loopback} ({instead})",
            flag.origin,
        )
        if found:
            yield found


def _publishes_nothing(service: Service) -> bool:
    mode = service.network_mode
    if mode is None or not isinstance(mode.value, str):
        return False
    value = mode.value.lower()
    return value in _NO_PUBLISH_MODES or value.startswith(_SHARED_STACK_PREFIXES)


RULE = Rule(
    "CL106",
    "publish-all-ports",
    "publish every exposed port",
    check_project=check,
    docs="CL106.md",
)
