"""What an ``Origin`` of a Python container value points at.

Each node has the ``start``/``end`` the model needs (the text a diagnostic points
at) and what the Python editor needs to rewrite the value in place.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from composelint.python.literals import Lit

# How a publish was written.
SDK_PORT = "sdk"  # a value of the SDK's ports= / port_bindings= dict
TC_BIND = "testcontainers-bind"  # with_bind_ports(container, host): takes no address
TC_EXPOSED = "testcontainers-exposed"  # with_exposed_ports / ports=: a random host port

# How a mount was written.
VOLUME_DICT = "volume-dict"  # volumes={host: {"bind": ..., "mode": ...}}
VOLUME_STRING = "volume-string"  # volumes=["host:container:mode"]
MOUNT_CALL = "mount-call"  # docker.types.Mount(target, source, read_only=...)
VOLUME_MAPPING = "volume-mapping"  # with_volume_mapping(host, container, mode)
VOLUME_TUPLE = "volume-tuple"  # DockerContainer(volumes=[(host, container, mode)])


@dataclass(frozen=True, slots=True)
class PortNode:
    """One publish.  ``value`` is the host side as written in the SDK's forms (an int,
    a string, ``None`` or a tuple with an address), ``address`` the address string of
    such a tuple; testcontainers' forms have neither (no address can be given there)."""

    start: int
    end: int
    form: str
    value: Lit | None = None
    address: Lit | None = None
    # The whole ``ports={...}`` keyword argument it is written in, from the keyword's
    # name to the value's end: what removing every publish of the call takes out.
    argument: tuple[int, int] | None = None
    # Why the Python editor will not rewrite the file (``python.limits``), if it will not.
    refused: str | None = field(default=None, compare=False)

    @property
    def has_address(self) -> bool:
        """Whether the form can take a host address (testcontainers' cannot)."""
        return self.form == SDK_PORT


@dataclass(frozen=True, slots=True)
class MountNode:
    """One mount.  ``mode``: the literal holding its mode (a dict's ``"mode"`` value,
    a ``read_only=`` value, the mode argument), or None when none is written;
    ``holder``: where a missing mode goes (the dict, the call, the tuple)."""

    start: int
    end: int
    form: str
    mode: Lit | None = None
    holder: Lit | CallNode | None = None
    string: Lit | None = None  # VOLUME_STRING: the "host:container:mode" literal
    refused: str | None = field(default=None, compare=False)  # as PortNode's


@dataclass(frozen=True, slots=True)
class CallNode:
    """A call's span and where its last argument ends (a new keyword goes after it).
    ``close``: the offset of its closing parenthesis."""

    start: int
    end: int
    last_arg_end: int | None
    close: int
