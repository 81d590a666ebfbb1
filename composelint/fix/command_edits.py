"""The command-line editor: fix intents as text edits on the words of a launch.

Values are edited in place, in the spelling they were written in: ``-p 8080:80``,
``-p8080:80``, ``--publish=8080:80`` and ``-p "8080:80"`` all gain ``127.0.0.1:`` in
front of their value (inside the quotes); ``0.0.0.0`` and ``[::]`` are replaced; an
address that is a variable's default gets a new default.  A value built when the
script runs (``$(...)``) is never edited.  Each function returns None when no
literal can carry the intent.
"""

from __future__ import annotations

import re

from composelint.commands import RUNTIME, ValueNode, Word
from composelint.commands.ports import split_fields
from composelint.diagnostics import Edit
from composelint.fix.carry import Resolved, carry
from composelint.model.container import WILDCARDS, Mount, PortMapping, Service
from composelint.model.intents import NO_NEW_PRIVILEGES, READ_ONLY, Intent
from composelint.source import lazy_pattern

_STATIC_PORT = lazy_pattern(r"^\d+(-\d+)?$")
_FALSE = frozenset({"0", "false"})


def command_edits(intent: Intent) -> Resolved | None:
    """The edits carrying ``intent`` on a command line and the data paths they may
    change; None when the values are not a command line's or no literal can carry it."""
    return carry(
        intent,
        loopback=loopback_edits,
        expose=expose_edits,
        read_only=read_only_edits,
        setting=setting_edits,
        remove_ports=remove_ports,
    )


def _node(origin: object) -> ValueNode | None:
    node = getattr(origin, "node", None)
    if not isinstance(node, ValueNode) or node.word.runtime:
        return None
    return node


# -- bind a publish to loopback ------------------------------------------------------


def loopback_edits(mapping: PortMapping, v4: str, v6: str) -> tuple[Edit, ...] | None:
    """``127.0.0.1:`` in front of the value, or the wildcard address replaced."""
    node = _node(mapping.origin)
    if node is None or not node.has_address or mapping.origin is None:
        return None
    path = mapping.origin.path
    word, begin, text = node.word, node.offset, node.text
    if text.startswith("[::]:"):
        return _replace(path, word, begin, begin + 4, f"[{v6}]")
    if text.startswith(":::"):
        return _replace(path, word, begin, begin + 2, f"[{v6}]")
    if text.startswith("0.0.0.0:"):
        return _replace(path, word, begin, begin + 7, v4)
    if text.startswith(":"):  # an empty address: ":8080:80"
        return _insert(path, word, begin, v4)
    fields = split_fields(text)
    if len(fields) >= 3 or (text.startswith("[") and "]:" in text):
        return _variable_address(path, word, begin, fields[0], v4, v6)
    if mapping.host_ip:
        return None
    return _insert(path, word, begin, f"{v4}::" if len(fields) == 1 else f"{v4}:")


def _variable_address(
    path: str, word: Word, begin: int, written: str, v4: str, v6: str
) -> tuple[Edit, ...] | None:
    """An address written as ``${BIND:-0.0.0.0}``: a loopback default instead."""
    pieces = word.pieces_in(begin, begin + len(written))
    if len(pieces) != 1 or pieces[0].variable is None:
        return None
    use = pieces[0].variable
    if use.operator not in (":-", "-") or use.argument not in WILDCARDS:
        return None
    if use.argument_start is None or use.argument_end is None:
        return None
    new = f"[{v6}]" if use.argument in ("::", "[::]") else v4
    return (Edit(path, use.argument_start, use.argument_end, new),)


def _replace(path: str, word: Word, begin: int, end: int, new: str) -> tuple[Edit, ...] | None:
    span = word.span(begin, end)
    return None if span is None else (Edit(path, span[0], span[1], new),)


def _insert(path: str, word: Word, index: int, new: str) -> tuple[Edit, ...] | None:
    at = word.offset(index)
    return None if at is None else (Edit(path, at, at, new),)


# -- move a publish to --expose ------------------------------------------------------


def expose_edits(service: Service, mapping: PortMapping) -> tuple[Edit, ...] | None:
    """The option ``-p 5432:5432`` (in any spelling) replaced by ``--expose 5432``."""
    origin = mapping.origin
    node = _node(origin)
    if origin is None or node is None or node.form != "container":
        return None  # compose run and swarm services have no --expose
    flag = origin.key
    if not isinstance(flag, Word) or flag.value is None:
        return None
    target = mapping.target or ""
    if not _STATIC_PORT.match(target):
        return None
    protocol = f"/{mapping.protocol}" if mapping.protocol and mapping.protocol != "tcp" else ""
    new = f"--expose {target}{protocol}"
    if node.word is flag:  # -p5432:5432, --publish=5432:5432
        if not (flag.value.startswith("--publish=") or node.offset == 2):
            return None  # -dp5432:5432: the flag shares its word with other options
        return (Edit(origin.path, flag.start, flag.end, new),)
    if flag.value not in ("-p", "--publish"):
        return None
    return (Edit(origin.path, flag.start, node.word.end, new),)


# -- stop publishing ----------------------------------------------------------------


def remove_ports(service: Service) -> tuple[Edit, ...] | None:
    """Every ``-p X``/``--publish X`` (in any spelling) taken out with the blanks beside
    it."""
    edits: list[Edit] = []
    for mapping in service.ports:
        origin = mapping.origin
        node = _node(origin)
        if origin is None or node is None or node.form != "container":
            return None
        flag = origin.key
        if not isinstance(flag, Word) or flag.value is None:
            return None
        if node.word is flag:  # -p8080:80, --publish=8080:80
            if not (flag.value.startswith("--publish=") or node.offset == 2):
                return None  # -dp8080:80: the flag shares its word with other options
        elif flag.value not in ("-p", "--publish"):
            return None
        edit = _remove_words(origin.source.text, origin.path, flag.start, node.word.end)
        if edit is None:
            return None
        edits.append(edit)
    return tuple(edits) or None


def _remove_words(text: str, path: str, start: int, end: int) -> Edit | None:
    """``text[start:end]`` taken out with the blanks before it, or after it when it is the
    first word of its line.  Lines are never joined: a container started further down
    keeps its line, and with it its name."""
    line_start = text.rfind("\n", 0, start) + 1
    blanks = start
    while blanks > line_start and text[blanks - 1] in " \t":
        blanks -= 1
    before = text[line_start:blanks]
    if blanks == start or before.endswith((",", "[", "(")):
        return None  # not a word of a shell line (a Python list)
    if before.strip():
        return Edit(path, blanks, end, "")
    # The first word of a continuation line ("  -p 8080:80 \"): the blanks after it go.
    after = end
    while after < len(text) and text[after] in " \t":
        after += 1
    if after == end or text[after : after + 1] in ("", "\r", "\n"):
        return None
    return Edit(path, start, after, "")


# -- mount read-only -----------------------------------------------------------------


def read_only_edits(mount: Mount) -> tuple[Edit, ...] | None:
    """``:ro`` on ``-v`` (``:rw`` -> ``:ro``, ``:z`` -> ``:ro,z``); ``,readonly`` on
    ``--mount`` (``readonly=false`` -> ``readonly``)."""
    node = _node(mount.origin)
    if node is None or mount.origin is None or mount.read_only:
        return None
    path = mount.origin.path
    word, begin, text = node.word, node.offset, node.text
    end = begin + len(text)
    if mount.long_syntax:
        for match in re.finditer(r"(?:^|,)((?:readonly|ro)=[^,]*)", text):
            if match.group(1).split("=", 1)[1].strip().lower() in _FALSE:
                return _replace(
                    path, word, begin + match.start(1), begin + match.end(1), "readonly"
                )
        return _insert(path, word, end, ",readonly")
    if mount.options:
        colon = text.rfind(":")
        options = [o for o in mount.options if o not in ("rw", "ro")]
        return _replace(path, word, begin + colon, end, ":" + ",".join(["ro", *options]))
    if word.pieces and word.pieces[-1].kind == RUNTIME:
        return None
    return _insert(path, word, end, ":ro")


# -- turn a protection on ------------------------------------------------------------

_SETTING_OPTIONS = {
    READ_ONLY: "--read-only",
    NO_NEW_PRIVILEGES: "--security-opt no-new-privileges:true",
}


def setting_edits(service: Service, setting: str) -> tuple[Edit, ...] | None:
    """``--read-only`` or ``--security-opt no-new-privileges:true`` written before the
    image of a ``docker run``/``create`` line whose options are all in sight."""
    launched, image = service.launched, service.image
    option = _SETTING_OPTIONS.get(setting)
    if launched is None or launched.form != "container" or launched.opaque or option is None:
        return None
    if image is None or image.origin is None or not isinstance(image.origin.node, Word):
        return None
    word = image.origin.node
    if not word.pieces or not word.pieces[0].linear:
        return None
    text = image.origin.source.text
    before = text[: word.start].rstrip(" \t\\\r\n")
    if word.start == 0 or text[word.start - 1] not in " \t\n" or before[-1:] in (",", "[", "("):
        return None  # not a word of a shell line (a Python list, an unusual spelling)
    return (Edit(image.origin.path, word.start, word.start, f"{option} "),)
