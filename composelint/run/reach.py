"""Which directories may name files that come earlier in tree order, read from raw bytes.

A tree is checked in batches of whole directories in tree order (see
``composelint.run.stream``).  A compose file that names a file of its own directory
or of a subdirectory (``env_file: .env``, ``include: db/compose.yml``,
``build: ./app``) names a file that is checked in the same batch or a later one,
and the findings its project makes there are handed on.  Only a reference that
climbs (``../``), starts at the root or home (``/``, ``~``) or depends on a
variable (``$``) may name a file that was already reported; such directories
are checked first.  The scan looks at the blocks under ``include:``,
``extends:`` and ``env_file:`` keys, and at ``COMPOSE_FILE`` in ``.env``; when
it cannot tell (a key it did not find at the start of a line, UTF-16 text) it
says yes.  Comments are not read: a URL in a comment under ``env_file:`` or a
commented-out ``include:`` names nothing.
"""

from __future__ import annotations

import os

from composelint import source
from composelint.source import lazy_pattern

_KEYS = (b"include", b"extends", b"env_file")
# A reaching key at the start of a line, after indentation and list dashes.
_KEY_LINE = lazy_pattern(
    rb"([ \t]*(?:-[ \t]+)*)[\"']?(?:include|extends|env_file)[\"']?[ \t]*:(.*)"
)
# In a reference: a parent directory, a variable, a home directory or an absolute path.
_ELSEWHERE = lazy_pattern(rb"\.\.|[$~]|(?:^|[\s\[,:'\"])/")
# A comment starts with a ``#`` at the start of a line or after a blank (``a#b`` is
# one word).
_COMMENT_START = lazy_pattern(rb"(?:^|[ \t])#")
# UTF-16/32 text cannot be scanned for ASCII words.
_WIDE_BOMS = (b"\xff\xfe", b"\xfe\xff")


def dotenv_reaches_back(directory: str) -> bool:
    """Whether the directory's ``.env`` sets ``COMPOSE_FILE`` (which may name any file)."""
    return b"COMPOSE_FILE" in read_bytes(os.path.join(directory or ".", ".env"))


def read_bytes(path: str) -> bytes:
    """A file's bytes for the scan; nothing for a file the loader will refuse (missing,
    unreadable, too large, a FIFO or a device: reading one would block or never end)."""
    try:
        return source.read_bytes(path)
    except (OSError, source.DecodeError):
        return b""  # the loader reports it


def reaches_back(data: bytes) -> bool:
    """Whether compose text may name a file that comes before its directory."""
    if data.startswith(_WIDE_BOMS):
        return True
    if not any(key in data for key in _KEYS):
        return False
    lines = [_without_comment(line) for line in data.splitlines()]
    mentioned = sum(line.count(key) for line in lines for key in _KEYS)
    seen = 0
    for number, line in enumerate(lines):
        match = _KEY_LINE.match(line)
        if match is None:
            continue
        seen += sum(line.count(key) for key in _KEYS)
        if _ELSEWHERE.search(_block(lines, number, len(match.group(1)), match.group(2))):
            return True
    return seen < mentioned  # a key somewhere this scan does not read: assume it reaches


def _without_comment(line: bytes) -> bytes:
    match = _COMMENT_START.search(line)
    if match is None:
        return line
    head = line[: match.start()]
    if b'"' in head or b"'" in head:
        return line  # the # may be inside quotes: keep the line whole (only adds a yes)
    return head


def _block(lines: list[bytes], number: int, column: int, value: bytes) -> bytes:
    """The key's value: the rest of its line and the lines indented deeper below it."""
    block = [value]
    for line in lines[number + 1 :]:
        stripped = line.strip()
        if stripped and not stripped.startswith(b"#"):
            indent = len(line) - len(line.lstrip())
            # A block sequence may sit at the key's own indentation.
            if indent < column or (indent == column and not stripped.startswith(b"-")):
                break
        block.append(line)
    return b"\n".join(block)
