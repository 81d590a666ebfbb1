"""Writing fixed files back: atomically, in place of the original, or not at all.

A fixed file is written to a temporary file next to the real target, synced,
given the original's permission bits (and owner, when running as root), and
renamed over the target.  A reader sees the old bytes or the new bytes, never
a mix; on any failure the original is untouched and the temporary file is
removed.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile

from composelint.source import Source

__all__ = ["ChangedOnDisk", "WriteError", "TEMP_PREFIX", "write_atomic", "write_source"]

TEMP_PREFIX = ".composelint-"


class WriteError(OSError):
    """A file could not be written; ``str()`` reads ``"<path>: <reason>"``."""

    def __init__(self, path: str, reason: str, error: int | None = None) -> None:
        if error is None:
            super().__init__(reason)
        else:
            super().__init__(error, reason)
        self.path = path
        self.reason = reason
        self.filename = path

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.path, self.reason, self.errno))


class ChangedOnDisk(WriteError):
    """The file changed after it was read: it was not overwritten."""

    def __init__(self, path: str, reason: str = "", error: int | None = None) -> None:
        super().__init__(
            path, reason or "changed on disk since it was read; not overwritten", error
        )


def _describe(exc: OSError, what: str) -> str:
    reason = exc.strerror or str(exc) or type(exc).__name__
    return f"{reason} ({what})"


def _wrap(path: str, exc: OSError, what: str) -> WriteError:
    if isinstance(exc, WriteError):
        return exc
    return WriteError(path, _describe(exc, what), exc.errno)


def _default_mode() -> int:
    """Mode bits of a newly created file: 0o666 less the umask."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return 0o666 & ~int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    return 0o644


def _is_root() -> bool:
    geteuid = getattr(os, "geteuid", None)
    return geteuid is not None and geteuid() == 0


def _read_current(real: str) -> bytes | None:
    try:
        with open(real, "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        return None


def _fsync_dir(directory: str) -> None:
    """Make the rename durable; best effort (some platforms cannot open a dir)."""
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)
    try:
        fd = os.open(directory, flags)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_atomic(
    path: str | os.PathLike[str], data: bytes, *, expected: bytes | None = None
) -> None:
    """Replace the contents of ``path`` by ``data``, atomically.

    A symlink is followed (the link stays, its target is written).  The
    permission bits of the original are kept (and its owner, best effort, when
    running as root).  With ``expected``, the file is re-read just before the
    rename and :class:`ChangedOnDisk` is raised, leaving it alone, if its bytes
    are no longer ``expected`` (a missing file counts as changed).  Failures
    raise :class:`WriteError` (an :class:`OSError`) with a readable message;
    the original is then untouched and no temporary file is left behind.

    Hard links to the original keep the old contents (the rename gives the
    path a new inode); extended attributes and ACLs are not copied.
    """
    name = os.fspath(path)
    real = os.path.realpath(name)
    directory = os.path.dirname(real) or os.curdir

    try:
        st: os.stat_result | None = os.stat(real)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise _wrap(name, exc, "cannot stat the file") from exc
    if st is not None:
        if not stat.S_ISREG(st.st_mode):
            raise WriteError(name, "not a regular file; not overwritten")
        if not os.access(real, os.W_OK):
            raise WriteError(name, "Permission denied (the file is read-only)", errno.EACCES)
    elif expected is not None:
        raise ChangedOnDisk(name, "deleted since it was read; not recreated")

    try:
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=TEMP_PREFIX, suffix=".tmp")
    except OSError as exc:
        raise _wrap(name, exc, f"cannot create a temporary file in {directory}") from exc

    try:
        try:
            handle = os.fdopen(fd, "wb")
        except BaseException:
            os.close(fd)
            raise
        with handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if st is not None:
            if _is_root() and (st.st_uid, st.st_gid) != _owner(tmp):
                # Before chmod: chown clears set-user/group-ID bits.
                with contextlib.suppress(OSError):
                    os.chown(tmp, st.st_uid, st.st_gid)
            os.chmod(tmp, stat.S_IMODE(st.st_mode))
        else:
            os.chmod(tmp, _default_mode())
        if expected is not None:
            current = _read_current(real)
            if current is None:
                raise ChangedOnDisk(name, "deleted since it was read; not recreated")
            if current != expected:
                raise ChangedOnDisk(name)
        os.replace(tmp, real)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError) and not isinstance(exc, WriteError):
            raise _wrap(name, exc, "writing the new contents failed; file left unchanged") from exc
        raise
    _fsync_dir(directory)


def _owner(path: str) -> tuple[int, int]:
    st = os.stat(path)
    return st.st_uid, st.st_gid


def write_source(source: Source, text: str) -> None:
    """Write ``text`` back to ``source.path`` in its encoding and BOM, unless it changed."""
    write_atomic(source.path, source.encode(text), expected=source.data)
