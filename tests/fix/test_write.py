"""Tests for composelint.fix.write: atomic, permission-keeping, race-aware writes."""

from __future__ import annotations

import os
import stat
import tempfile
import threading
from pathlib import Path

import pytest

from composelint.fix import write as write_mod
from composelint.fix.write import (
    TEMP_PREFIX,
    ChangedOnDisk,
    WriteError,
    write_atomic,
    write_source,
)
from composelint.source import Source

ORIGINAL = b"services:\n  web:\n    image: nginx\n"
FIXED = b"services:\n  web:\n    image: nginx:1.27\n"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.startswith(TEMP_PREFIX))


@pytest.fixture
def compose(tmp_path: Path) -> Path:
    path = tmp_path / "compose.yaml"
    path.write_bytes(ORIGINAL)
    return path


def test_content_replaced(compose: Path) -> None:
    write_atomic(str(compose), FIXED)
    assert compose.read_bytes() == FIXED
    assert leftovers(compose.parent) == []


def test_accepts_pathlike(compose: Path) -> None:
    write_atomic(compose, FIXED)
    assert compose.read_bytes() == FIXED


def test_new_inode_is_used(compose: Path) -> None:
    before = compose.stat().st_ino
    write_atomic(str(compose), FIXED)
    assert compose.stat().st_ino != before  # renamed over, not truncated in place


def test_mode_bits_kept(compose: Path) -> None:
    compose.chmod(0o640)
    write_atomic(str(compose), FIXED)
    assert stat.S_IMODE(compose.stat().st_mode) == 0o640
    compose.chmod(0o755)
    write_atomic(str(compose), ORIGINAL)
    assert stat.S_IMODE(compose.stat().st_mode) == 0o755


def test_owner_kept(compose: Path) -> None:
    st = compose.stat()
    write_atomic(str(compose), FIXED)
    after = compose.stat()
    assert (after.st_uid, after.st_gid) == (st.st_uid, st.st_gid)


def test_root_copies_owner(compose: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[str, int, int]] = []
    monkeypatch.setattr(write_mod, "_is_root", lambda: True)
    monkeypatch.setattr(write_mod, "_owner", lambda path: (-5, -5))  # pretend it differs
    monkeypatch.setattr(os, "chown", lambda path, uid, gid: calls.append((path, uid, gid)))
    write_atomic(str(compose), FIXED)
    st = compose.stat()
    assert len(calls) == 1 and calls[0][1:] == (st.st_uid, st.st_gid)
    assert os.path.basename(calls[0][0]).startswith(TEMP_PREFIX)


def test_symlink_stays_symlink_and_target_updated(tmp_path: Path) -> None:
    real_dir = tmp_path / "real"
    real_dir.mkdir()
    target = real_dir / "compose.yaml"
    target.write_bytes(ORIGINAL)
    target.chmod(0o640)
    link_dir = tmp_path / "links"
    link_dir.mkdir()
    link = link_dir / "compose.yaml"
    link.symlink_to(os.path.relpath(target, link_dir))
    link_text = os.readlink(link)

    write_atomic(str(link), FIXED, expected=ORIGINAL)

    assert link.is_symlink()
    assert os.readlink(link) == link_text
    assert target.read_bytes() == FIXED
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    # The temp file was made next to the target, not the link.
    assert leftovers(real_dir) == [] and leftovers(link_dir) == []


def test_symlink_chain(tmp_path: Path) -> None:
    target = tmp_path / "target.yaml"
    target.write_bytes(ORIGINAL)
    (tmp_path / "one.yaml").symlink_to("target.yaml")
    (tmp_path / "two.yaml").symlink_to("one.yaml")
    write_atomic(str(tmp_path / "two.yaml"), FIXED)
    assert (tmp_path / "two.yaml").is_symlink() and (tmp_path / "one.yaml").is_symlink()
    assert target.read_bytes() == FIXED


def test_expected_match_writes(compose: Path) -> None:
    write_atomic(str(compose), FIXED, expected=ORIGINAL)
    assert compose.read_bytes() == FIXED


def test_expected_mismatch_raises_and_leaves_file(compose: Path) -> None:
    edited_meanwhile = ORIGINAL + b"    user: app\n"
    compose.write_bytes(edited_meanwhile)
    with pytest.raises(ChangedOnDisk) as info:
        write_atomic(str(compose), FIXED, expected=ORIGINAL)
    assert "changed on disk" in str(info.value)
    assert str(compose) in str(info.value)
    assert isinstance(info.value, WriteError) and isinstance(info.value, OSError)
    assert compose.read_bytes() == edited_meanwhile
    assert leftovers(compose.parent) == []


def test_expected_but_file_deleted(compose: Path) -> None:
    compose.unlink()
    with pytest.raises(ChangedOnDisk):
        write_atomic(str(compose), FIXED, expected=ORIGINAL)
    assert not compose.exists()
    assert leftovers(compose.parent) == []


def test_change_between_temp_write_and_replace_detected(
    compose: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The re-read happens after the temp file is written, just before the rename."""
    real_fsync = os.fsync

    def fsync_then_edit(fd: int) -> None:
        real_fsync(fd)
        compose.write_bytes(b"edited by someone else\n")

    monkeypatch.setattr(os, "fsync", fsync_then_edit)
    with pytest.raises(ChangedOnDisk):
        write_atomic(str(compose), FIXED, expected=ORIGINAL)
    assert compose.read_bytes() == b"edited by someone else\n"
    assert leftovers(compose.parent) == []


def test_new_file_is_created(tmp_path: Path) -> None:
    path = tmp_path / "new.yaml"
    write_atomic(str(path), FIXED)
    assert path.read_bytes() == FIXED
    assert stat.S_IMODE(path.stat().st_mode) & 0o600 == 0o600


def test_replace_failure_leaves_original(compose: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    compose.chmod(0o640)

    def boom(src: str, dst: str) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError) as info:
        write_atomic(str(compose), FIXED)
    assert "Input/output error" in str(info.value)
    assert compose.read_bytes() == ORIGINAL
    assert stat.S_IMODE(compose.stat().st_mode) == 0o640
    assert leftovers(compose.parent) == []


def test_fsync_failure_leaves_original(compose: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", boom)
    with pytest.raises(OSError) as info:
        write_atomic(str(compose), FIXED)
    assert "No space left on device" in str(info.value)
    assert info.value.errno == 28
    assert compose.read_bytes() == ORIGINAL
    assert leftovers(compose.parent) == []


def test_chmod_failure_leaves_original(compose: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(path: str, mode: int) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "chmod", boom)
    with pytest.raises(WriteError):
        write_atomic(str(compose), FIXED)
    assert compose.read_bytes() == ORIGINAL
    assert leftovers(compose.parent) == []


def test_non_oserror_failure_also_cleans_up(compose: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(src: str, dst: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(str(compose), FIXED)
    assert compose.read_bytes() == ORIGINAL
    assert leftovers(compose.parent) == []


def test_directory_fsync_failure_is_ignored(compose: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_open = os.open

    def no_dirs(path: str, flags: int, *args: int) -> int:
        if os.path.isdir(path):
            raise OSError(21, "Is a directory")
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", no_dirs)
    write_atomic(str(compose), FIXED)
    assert compose.read_bytes() == FIXED


def test_read_only_directory_gives_clear_error(
    compose: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    directory = compose.parent
    if IS_ROOT:
        # root ignores directory permissions: simulate the refusal instead.
        def denied(*args: object, **kwargs: object) -> tuple[int, str]:
            raise PermissionError(13, "Permission denied", str(directory))

        monkeypatch.setattr(tempfile, "mkstemp", denied)
    else:
        directory.chmod(0o555)
    try:
        with pytest.raises(WriteError) as info:
            write_atomic(str(compose), FIXED)
    finally:
        directory.chmod(0o755)
    message = str(info.value)
    assert message.startswith(f"{compose}: Permission denied")
    assert str(directory) in message
    assert isinstance(info.value, OSError) and info.value.errno == 13
    assert compose.read_bytes() == ORIGINAL
    assert leftovers(directory) == []


def test_read_only_file_gives_clear_error(compose: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    compose.chmod(0o444)
    if IS_ROOT:
        # root may write anything: simulate the missing write permission.
        real_access = os.access
        monkeypatch.setattr(os, "access", lambda p, m: False if m == os.W_OK else real_access(p, m))
    with pytest.raises(WriteError) as info:
        write_atomic(str(compose), FIXED)
    assert str(info.value) == f"{compose}: Permission denied (the file is read-only)"
    assert compose.read_bytes() == ORIGINAL
    assert leftovers(compose.parent) == []


def test_not_a_regular_file(tmp_path: Path) -> None:
    with pytest.raises(WriteError, match="not a regular file"):
        write_atomic(str(tmp_path), FIXED)


def test_concurrent_writers_leave_one_complete_version(tmp_path: Path) -> None:
    path = tmp_path / "compose.yaml"
    path.write_bytes(ORIGINAL)
    versions = [b"a" * 300_000 + b"\n", b"b" * 200_000 + b"\n"]
    errors: list[BaseException] = []
    for _round in range(10):
        barrier = threading.Barrier(len(versions))

        def writer(data: bytes, barrier: threading.Barrier = barrier) -> None:
            try:
                barrier.wait()
                for _ in range(5):
                    write_atomic(str(path), data)
            except BaseException as exc:  # surfaced below
                errors.append(exc)

        threads = [threading.Thread(target=writer, args=(v,)) for v in versions]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        assert path.read_bytes() in versions
    assert leftovers(tmp_path) == []


def test_concurrent_reader_never_sees_partial_file(tmp_path: Path) -> None:
    path = tmp_path / "compose.yaml"
    versions = [b"a" * 500_000, b"b" * 400_000]
    path.write_bytes(versions[0])
    stop = threading.Event()
    seen_bad: list[int] = []

    def reader() -> None:
        while not stop.is_set():
            data = path.read_bytes()
            if data not in versions:
                seen_bad.append(len(data))

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        for i in range(30):
            write_atomic(str(path), versions[i % 2])
    finally:
        stop.set()
        thread.join()
    assert seen_bad == []


def test_write_source_keeps_encoding_and_bom(tmp_path: Path) -> None:
    path = tmp_path / "compose.yaml"
    path.write_bytes("\ufeffservices:\r\n  web:\r\n    image: nginx\r\n".encode("utf-16-le"))
    source = Source.read(path)
    assert source.bom == b"\xff\xfe"
    write_source(source, source.text.replace("nginx", "nginx:1.27"))
    data = path.read_bytes()
    assert data.startswith(b"\xff\xfe")
    assert data[2:].decode("utf-16-le") == "services:\r\n  web:\r\n    image: nginx:1.27\r\n"


def test_write_source_refuses_changed_file(tmp_path: Path) -> None:
    path = tmp_path / "compose.yaml"
    path.write_bytes(ORIGINAL)
    source = Source.read(path)
    path.write_bytes(b"edited\n")
    with pytest.raises(ChangedOnDisk):
        write_source(source, "x")
    assert path.read_bytes() == b"edited\n"


def test_write_error_str_and_pickle() -> None:
    import pickle

    err = WriteError("compose.yaml", "Permission denied (read-only)", 13)
    assert str(err) == "compose.yaml: Permission denied (read-only)"
    assert err.errno == 13 and err.filename == "compose.yaml"
    again = pickle.loads(pickle.dumps(err))
    assert str(again) == str(err) and type(again) is WriteError
    changed = pickle.loads(pickle.dumps(ChangedOnDisk("compose.yaml")))
    assert type(changed) is ChangedOnDisk and "changed on disk" in str(changed)
