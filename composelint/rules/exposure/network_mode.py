"""Network modes in which Docker ignores a container's published ports.

A container with ``network_mode: host`` uses the host's network stack: its ports are
the host's, and Docker discards ``ports:``.  One with ``service:other`` or
``container:other`` joins another container's stack, whose own publishes decide what
the host exposes.  Either way its publishes publish nothing.
"""

from __future__ import annotations

from composelint.model.container import Located, Service


def ignoring_mode(service: Service) -> Located[str] | None:
    """The service's ``network_mode`` when it makes Docker ignore its publishes."""
    mode = service.network_mode
    if mode is None or not isinstance(mode.value, str):
        return None
    value = mode.value.strip().lower()
    if value == "host" or (value.startswith(("service:", "container:")) and value[-1] != ":"):
        return mode
    return None


def publishes_ignored(service: Service) -> bool:
    return ignoring_mode(service) is not None
