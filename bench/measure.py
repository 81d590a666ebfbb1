"""Timing a command and the peak RSS of its whole process tree."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from common import CACHE_DIR_NAME, MB, POLL_SECONDS, RUN_TIMEOUT


def descendants(pid: int) -> list[int]:
    """*pid* and every live descendant, from /proc/<pid>/task/*/children."""
    seen = [pid]
    i = 0
    while i < len(seen):
        current = seen[i]
        i += 1
        try:
            tasks = os.listdir(f"/proc/{current}/task")
        except OSError:
            continue
        for tid in tasks:
            try:
                with open(f"/proc/{current}/task/{tid}/children", "rb") as fh:
                    seen.extend(int(c) for c in fh.read().split())
            except (OSError, ValueError):
                continue
    return seen


def descendants_by_scan(pid: int) -> list[int]:
    """Fallback when the kernel has no ``children`` files: scan /proc/*/stat for ppids."""
    parent_of: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                stat = fh.read()
            ppid = int(stat[stat.rindex(b")") + 2 :].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        parent_of[int(entry)] = ppid
    tree = {pid}
    grew = True
    while grew:
        grew = False
        for child, parent in parent_of.items():
            if parent in tree and child not in tree:
                tree.add(child)
                grew = True
    return sorted(tree)


HAVE_CHILDREN_FILE = os.path.exists(f"/proc/{os.getpid()}/task/{os.getpid()}/children")


def tree_rss(pid: int) -> tuple[int, int]:
    """``(summed RSS now, largest VmHWM)`` in bytes over *pid* and its descendants.

    VmHWM is each process's own peak RSS since its exec, so it also catches a peak
    shorter than the polling interval. (``wait4``'s ``ru_maxrss`` cannot be used for
    that: after a vfork it includes the RSS of the benchmark process itself.)
    """
    pids = descendants(pid) if HAVE_CHILDREN_FILE else descendants_by_scan(pid)
    total = 0
    hwm = 0
    for p in pids:
        try:
            with open(f"/proc/{p}/status", "rb") as fh:
                status = fh.read()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith((b"VmRSS:", b"VmHWM:")):
                try:
                    kib = int(line.split()[1]) * 1024
                except (ValueError, IndexError):
                    continue
                if line.startswith(b"VmRSS:"):
                    total += kib
                else:
                    hwm = max(hwm, kib)
    return total, hwm


@dataclass
class Run:
    wall: float
    peak_rss: int  # bytes
    returncode: int
    timed_out: bool
    stderr_tail: str
    ok: bool
    note: str = ""


class TreeWatcher(threading.Thread):
    """Polls the RSS of a process tree every 10 ms and kills it after a deadline."""

    def __init__(self, pid: int, timeout: float | None) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.timeout = timeout
        self.peak = 0
        self.timed_out = False
        self.stop = threading.Event()

    def run(self) -> None:
        start = time.monotonic()
        while not self.stop.is_set():
            self.peak = max(self.peak, *tree_rss(self.pid))
            if self.timeout is not None and time.monotonic() - start > self.timeout:
                self.timed_out = True
                kill_group(self.pid)
                return
            self.stop.wait(POLL_SECONDS)


def kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def tail(path: Path, limit: int = 2000) -> str:
    try:
        with open(path, "rb") as fh:
            fh.seek(0, os.SEEK_END)
            size = fh.tell()
            fh.seek(max(0, size - limit))
            return fh.read().decode("utf-8", errors="replace")
    except OSError:
        return ""


def measure(
    argv_batches: Sequence[Sequence[str]],
    cwd: Path,
    logs: Path,
    *,
    timeout: float | None = RUN_TIMEOUT,
    accept: Callable[[int, Path], str | None] | None = None,
) -> Run:
    """Run the commands one after another, timing them together as one run.

    Each command runs as a fresh process in its own session, with stdout and stderr sent
    to files under *logs*; the wall time covers all of them, the peak RSS is the largest
    summed RSS of any one command's process tree (bounded below by the largest VmHWM of a
    process in it, see :func:`tree_rss`). Exit codes 0 and 1 are success; *accept* may
    accept another code (returning a note) given the stdout file.
    """
    logs.mkdir(parents=True, exist_ok=True)
    stdout_path = logs / "stdout"
    stderr_path = logs / "stderr"
    peak = 0
    returncode = 0
    timed_out = False
    notes: list[str] = []
    ok = True
    stdout_path.write_bytes(b"")
    stderr_path.write_bytes(b"")
    start = time.perf_counter()
    for argv in argv_batches:
        remaining = None if timeout is None else timeout - (time.perf_counter() - start)
        with open(stdout_path, "ab") as out, open(stderr_path, "ab") as err:
            proc = subprocess.Popen(
                list(argv),
                cwd=cwd,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=err,
                start_new_session=True,
            )
            watcher = TreeWatcher(proc.pid, remaining)
            watcher.start()
            _, status = os.waitpid(proc.pid, 0)
            watcher.stop.set()
            watcher.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        kill_group(proc.pid)  # anything the command left running in its session
        returncode = proc.returncode
        peak = max(peak, watcher.peak)
        if watcher.timed_out:
            timed_out = True
            ok = False
            break
        if returncode == 1 and b"Traceback (most recent call last)" in tail(
            stderr_path, 4000
        ).encode():  # a crash exits 1 too: it is not a run that found problems
            ok = False
            break
        if returncode not in (0, 1):
            note = accept(returncode, stdout_path) if accept is not None else None
            if note is None:
                ok = False
                break
            notes.append(note)
    wall = time.perf_counter() - start
    return Run(
        wall=wall,
        peak_rss=peak,
        returncode=returncode,
        timed_out=timed_out,
        stderr_tail="" if ok else tail(stderr_path),
        ok=ok,
        note="; ".join(sorted(set(notes))),
    )


def compose_lint_accept(returncode: int, stdout_path: Path) -> str | None:
    """compose-lint exits 2 when some inputs cannot be linted (a missing ``include:``
    target, a Compose v1 file, ...) but still lints the rest and prints a full report.
    Accept that when the JSON report on stdout is complete."""
    if returncode != 2:
        return None
    head = tail_head(stdout_path)
    end = tail(stdout_path, 64).rstrip()
    if head.startswith("{") and end.endswith("}") and '"findings"' in head:
        return "exit 2 accepted, see notes"
    return None


def tail_head(path: Path, limit: int = 4096) -> str:
    try:
        with open(path, "rb") as fh:
            return fh.read(limit).decode("utf-8", errors="replace").lstrip()
    except OSError:
        return ""


def arg_batches(prefix: list[str], files: list[str]) -> list[list[str]]:
    """Split *files* so no command line comes near the kernel's ARG_MAX."""
    env_size = sum(len(k) + len(v) + 2 + 8 for k, v in os.environ.items())
    limit = min(os.sysconf("SC_ARG_MAX"), 2 * MB) // 2 - env_size
    base = sum(len(a) + 1 + 8 for a in prefix)
    batches: list[list[str]] = []
    current: list[str] = []
    size = base
    for f in files:
        cost = len(f) + 1 + 8
        if current and size + cost > limit:
            batches.append(prefix + current)
            current, size = [], base
        current.append(f)
        size += cost
    if current or not batches:
        batches.append(prefix + current)
    return batches


def clear_cache(*dirs: Path) -> None:
    for d in dirs:
        cache = d / CACHE_DIR_NAME
        if cache.is_dir():
            shutil.rmtree(cache)
        elif cache.exists():
            cache.unlink()
