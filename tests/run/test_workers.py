"""Batches spread over processes come back in order, and as if checked one after another."""

from __future__ import annotations

import json
import multiprocessing
import os
import subprocess
import sys
from pathlib import Path

import pytest

from composelint.run import workers
from tests.conftest import CORPUS_TREE


def _echo(state: dict, number: int, payload: object, findings: tuple) -> tuple:
    """A stand-in for checking a batch: what it was given, and where it ran."""
    return number, findings, state["tag"], os.getpid()


def _echo_payload(state: dict, number: int, payload: object, findings: tuple) -> tuple:
    return number, payload, os.getpid()


def _dies_in_a_worker(state: dict, number: int, payload: object, findings: tuple) -> tuple:
    if number == 2 and os.getpid() != state["parent"]:
        os._exit(3)  # a worker killed mid-batch (out of memory, a signal)
    return number, findings


class _HandOn:
    """Findings handed on to batch n+1 once batch n's result is taken, like the stream's."""

    def __init__(self) -> None:
        self.findings: dict[int, tuple] = {}
        self.versions: dict[int, int] = {}

    def __call__(self, number: int) -> tuple[tuple, int]:
        return self.findings.get(number, ()), self.versions.get(number, 0)

    def taken(self, number: int) -> None:
        following = number + 1
        self.findings[following] = (*self.findings.get(following, ()), f"from {number}")
        self.versions[following] = self.versions.get(following, 0) + 1


@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_results_come_in_order_with_every_finding_handed_on(jobs: int) -> None:
    hand_on = _HandOn()
    results = []
    for result in workers.in_order(12, _echo, {"tag": "t"}, hand_on, jobs):
        results.append(result)
        hand_on.taken(result[0])
    # Batches started before the batch ahead of them handed on its findings are run
    # again with them.
    assert [(n, f, tag) for n, f, tag, _pid in results] == [
        (n, () if n == 0 else (f"from {n - 1}",), "t") for n in range(12)
    ]
    pids = {pid for *_rest, pid in results}
    assert (len(pids) > 1) == (jobs > 1)


def test_a_worker_that_dies_leaves_its_batches_to_this_process() -> None:
    state = {"parent": os.getpid()}
    results = list(workers.in_order(8, _dies_in_a_worker, state, lambda n: ((), 0), 2))
    assert results == [(n, ()) for n in range(8)]


def test_spawned_workers_get_the_run_and_its_state_by_pickle(monkeypatch) -> None:
    # What macOS and Windows do; on Linux the workers are forked.
    monkeypatch.setattr(workers, "_context", lambda: multiprocessing.get_context("spawn"))
    results = list(workers.in_order(6, _echo, {"tag": "s"}, lambda n: ((), 0), 2))
    assert [(n, tag) for n, _f, tag, _pid in results] == [(n, "s") for n in range(6)]
    assert len({pid for *_rest, pid in results}) == 2


def test_each_batch_gets_its_own_payload_wherever_it_runs() -> None:
    results = list(workers.in_order(8, _echo_payload, {}, lambda n: ((), 0), 2, lambda n: [n] * n))
    assert [(n, payload) for n, payload, _pid in results] == [(n, [n] * n) for n in range(8)]
    assert len({pid for *_rest, pid in results}) == 2


def test_workers_started_before_the_state_exists_wait_for_it() -> None:
    early = workers.Workers(2)
    state = {"tag": "late"}  # made after the workers were forked: it reaches them anyway
    results = list(workers.in_order(9, _echo, state, lambda n: ((), 0), 3, early=early))
    assert [(n, tag) for n, _f, tag, _pid in results] == [(n, "late") for n in range(9)]
    assert len({pid for *_rest, pid in results}) > 1


def test_workers_started_for_a_tree_too_small_for_them_end() -> None:
    early = workers.Workers(2)
    processes = list(early.pool._processes.values())
    results = list(workers.in_order(2, _echo, {"tag": "t"}, lambda n: ((), 0), 1, early=early))
    assert {pid for *_rest, pid in results} == {os.getpid()}
    for process in processes:
        assert _ended(process.pid)


def _ended(pid: int) -> bool:
    # The pool's own thread may collect a worker first, so its exit code is not always
    # known here: the process is gone, or a zombie about to be collected.
    try:
        with open(f"/proc/{pid}/status") as status:
            return any(line.startswith("State:\tZ") for line in status)
    except FileNotFoundError:
        return True


@pytest.mark.parametrize(
    ("paths", "jobs", "started"),
    [
        (["DIR"], None, 1),  # a tree: workers start before discovery
        (["DIR"], 3, 2),
        (["DIR"], 1, 0),
        (["FILE"], None, 0),  # files named one by one: after discovery, if at all
    ],
)
def test_workers_start_early_for_a_tree(
    monkeypatch, tmp_path: Path, paths: list[str], jobs: int | None, started: int
) -> None:
    monkeypatch.setattr(workers, "available_cpus", lambda: 2)
    (tmp_path / "compose.yml").write_text("services: {}\n")
    named = {"DIR": str(tmp_path), "FILE": str(tmp_path / "compose.yml")}
    early = workers.start_early(jobs, [named[p] for p in paths])
    assert (0 if early is None else early.count) == started
    if early is not None:
        early.close()


@pytest.mark.parametrize(
    ("jobs", "batches", "cpus", "expected"),
    [
        (None, 2, 8, 1),  # a small tree: one process
        (None, 50, 2, 2),  # one per CPU
        (None, 50, 64, workers.MAX_JOBS),
        (3, 50, 1, 3),  # asked for
        (4, 3, 8, 3),  # never more processes than batches
        (1, 50, 8, 1),
    ],
)
def test_job_count(monkeypatch, jobs: int | None, batches: int, cpus: int, expected: int) -> None:
    monkeypatch.setattr(workers, "available_cpus", lambda: cpus)
    assert workers.job_count(jobs, batches) == expected


def _check(jobs: str, output_format: str) -> bytes:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "composelint",
            "check",
            "--jobs",
            jobs,
            "--output-format",
            output_format,
            str(CORPUS_TREE),
        ],
        capture_output=True,
        check=False,
    ).stdout


@pytest.mark.parametrize("output_format", ["json", "text"])
def test_the_output_is_the_same_whatever_the_number_of_processes(output_format: str) -> None:
    one = _check("1", output_format)
    assert one
    assert _check("3", output_format) == one
    if output_format == "json":
        assert json.loads(one)["summary"]["files"] > 100


def test_jobs_must_be_a_positive_number(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "composelint", "check", "--jobs", "0", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 2
    assert "--jobs" in run.stderr


def _busy_check(tmp_path: Path) -> subprocess.Popen[bytes]:
    """A ``--jobs 2`` check of 600 stacks, once its first findings are out (batches are
    being checked, in this process and its worker)."""
    for n in range(600):  # enough batches to keep two processes busy for seconds
        stack = tmp_path / f"s{n:03}"
        stack.mkdir()
        (stack / "compose.yml").write_text(
            "services:\n"
            + "".join(f"  web{i}:\n    image: nginx:1\n    privileged: true\n" for i in range(40))
        )
    proc = subprocess.Popen(
        [sys.executable, "-m", "composelint", "check", "--jobs", "2", str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert proc.stdout is not None
    proc.stdout.readline()  # the first findings are out: batches are being checked
    return proc


def test_ctrl_c_stops_every_process_quietly(tmp_path: Path) -> None:
    import signal
    import time

    proc = _busy_check(tmp_path)
    os.killpg(proc.pid, signal.SIGINT)  # what a terminal sends to the foreground group
    _out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert b"Traceback" not in err
    time.sleep(0.2)
    with pytest.raises(ProcessLookupError):  # the workers were stopped and collected
        os.killpg(proc.pid, 0)


@pytest.mark.parametrize(("ending", "code"), [("SIGINT", 130), ("SIGKILL", 1)])
def test_a_worker_ended_by_ctrl_c_stops_the_run_and_a_killed_one_does_not(
    tmp_path: Path, ending: str, code: int
) -> None:
    # The main process may lose its own KeyboardInterrupt (raised inside a finalizer,
    # Python only prints it): the worker's end by SIGINT is then what stops the run.
    # A worker killed otherwise (out of memory): its batches are checked here.
    import signal

    proc = _busy_check(tmp_path)
    with open(f"/proc/{proc.pid}/task/{proc.pid}/children", encoding="ascii") as children:
        kids = [int(pid) for pid in children.read().split()]
    own = Path(f"/proc/{proc.pid}/cmdline").read_bytes()
    # forked workers share this process's command line (multiprocessing's resource
    # tracker, also a child, does not)
    workers = [pid for pid in kids if Path(f"/proc/{pid}/cmdline").read_bytes() == own]
    assert workers
    os.kill(workers[0], getattr(signal, ending))  # the worker alone
    out, err = proc.communicate(timeout=120)
    # what the run said, should it end otherwise (seen twice in about 60 loaded runs)
    assert proc.returncode == code, (out[-300:], err[-2000:])
    assert b"Traceback" not in err
    if ending == "SIGINT":
        assert b"interrupted" in err
    else:  # every file's findings, as if no worker had died
        assert b"600 files, 24000 problems" in out
