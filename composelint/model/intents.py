"""Fix intents: what a rule asks to change, in the model's terms.

A rule never writes text.  It attaches one of these to its diagnostic's ``Fix``
(``Fix.intent``), pointing at model values; the editor of the source that wrote
those values (``composelint.fix``) turns the intent into text edits, or drops the
fix when no literal can carry it.  A new source implements the same intents.
"""

from __future__ import annotations

from msgspec import Struct

from composelint.model.container import Mount, PortMapping, Service
from composelint.model.daemon import DaemonConfig


class BindLoopback(Struct, frozen=True):
    """Publish ``port`` on loopback: ``v4``, or ``v6`` where the address is IPv6."""

    port: PortMapping
    v4: str
    v6: str


class MoveToExpose(Struct, frozen=True):
    """Stop publishing ``port`` of ``container``; list its container port as exposed."""

    container: Service
    port: PortMapping


class RemovePorts(Struct, frozen=True):
    """Stop publishing every port of ``container``: its ``ports:`` key with its items,
    its ``-p``/``--publish`` options, its ``ports=`` argument."""

    container: Service


class MakeReadOnly(Struct, frozen=True):
    """Mount ``mount`` read-only."""

    mount: Mount


class AddSetting(Struct, frozen=True):
    """Turn on a protection ``container`` does not have: ``read_only`` (a read-only root
    filesystem) or ``no_new_privileges`` (``no-new-privileges:true`` in its security
    options).  The key is added after the container's last key, or the option to the
    command line."""

    container: Service
    setting: str  # READ_ONLY | NO_NEW_PRIVILEGES


READ_ONLY = "read_only"
NO_NEW_PRIVILEGES = "no_new_privileges"


class SetOption(Struct, frozen=True):
    """Set the daemon option ``name`` to ``value``: the value replaced where it is
    written, else the key added to ``config``'s object."""

    config: DaemonConfig
    name: str
    value: str | bool | int


Intent = BindLoopback | MoveToExpose | RemovePorts | MakeReadOnly | AddSetting | SetOption
