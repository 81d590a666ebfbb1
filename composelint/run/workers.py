"""Batches checked in worker processes as well as here, their results handed out in order.

A tree of a few hundred files or more is checked by this process and by
``jobs - 1`` worker processes together.  Each batch's result depends on the
findings earlier batches hand on to it (a project that reads a Dockerfile or an
``env_file`` in a directory of a later batch), and those are known for sure only
once every earlier batch is done.  So batches start early with the findings
handed on so far, and their results are taken strictly in order: a result whose
handed-on findings changed since it started is checked again, here, with the
final ones.  That is rare (a reference across the boundary of two batches that
ran at the same time), and it keeps the output the same as one process gives.

Workers are forked where the platform forks safely (Linux), so they start in a
few milliseconds with the modules already imported; elsewhere they are spawned.
A tree's workers are started before its files are discovered (:func:`start_early`)
and wait for the run's state: a forked process counts every page its parent had when
it was forked, and on the 10k-file tree discovery and batch planning are a third of
the parent's pages.  Each batch's files go with the batch.  If a worker dies, the
batches it held are checked here.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Generator, Iterator
from typing import Any

# Below this many batches a worker's start and the results' trip back cost more
# than a second core saves.
MIN_BATCHES = 3
# Each worker holds an interpreter, the compiled schema and a batch's trees (40-50 MB).
MAX_JOBS = 8

# (state, batch number, the batch's payload, handed-on findings) -> result; a
# module-level function, so a worker can unpickle it.
Run = Callable[[Any, int, Any, Any], Any]
HandedOn = Callable[[int], tuple[Any, int]]  # batch number -> (findings, version)
Payload = Callable[[int], Any]  # batch number -> what a worker needs of that batch

_installed: tuple[Run, Any] | None = None


def available_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def job_count(jobs: int | None, batches: int) -> int:
    """Processes to use, this one included: ``jobs``, or one per CPU up to MAX_JOBS."""
    if batches < MIN_BATCHES:
        return 1
    wanted = min(available_cpus(), MAX_JOBS) if jobs is None or jobs <= 0 else jobs
    return max(1, min(wanted, batches))


class Workers:
    """Worker processes started before the run's state exists, waiting for it."""

    def __init__(self, count: int) -> None:
        from concurrent.futures import ProcessPoolExecutor

        context = _context()
        self.count = count
        self.setup = context.SimpleQueue()
        self.pool: Any = ProcessPoolExecutor(
            count, mp_context=context, initializer=_wait_for_state, initargs=(self.setup,)
        )
        for _ in range(count):  # a pool starts its processes when given work
            self.pool.submit(_started)
        self.processes = list((getattr(self.pool, "_processes", None) or {}).values())

    def hand(self, run: Run, state: Any) -> None:
        self._send((run, state))

    def close(self) -> None:
        """End workers that never got a state: they hold no work, so they are stopped."""
        # ProcessPoolExecutor has no public way to stop its processes before 3.14.
        processes = list((getattr(self.pool, "_processes", None) or {}).values())
        self.pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.terminate()
        for process in processes:
            process.join(timeout=5)

    def _send(self, message: tuple[Run, Any]) -> None:
        import threading

        # A state bigger than a pipe's buffer blocks its writer until a worker reads
        # it: written from a thread, so a worker that died meanwhile (its batches are
        # then checked here) cannot hang the run.
        def put() -> None:
            for _ in range(self.count):
                self.setup.put(message)

        threading.Thread(target=put, daemon=True).start()


def start_early(jobs: int | None, paths: list[str]) -> Workers | None:
    """Workers for a run over ``paths``, started now, before discovery; none for one
    process, or for files named one by one (a pre-commit run: few batches, if any)."""
    wanted = min(available_cpus(), MAX_JOBS) if jobs is None else jobs
    if wanted <= 1 or not any(os.path.isdir(path) for path in paths):
        return None
    return Workers(wanted - 1)


# Whether a run gave up its worker pool after a worker died (the pool's thread may be
# stuck reading a result the worker never finished sending).
abandoned = False


def in_order(
    count: int,
    run: Run,
    state: Any,
    handed_on: HandedOn,
    jobs: int,
    payload: Payload = lambda number: None,
    early: Workers | None = None,
) -> Generator[Any, None, None]:
    """``run(state, n, payload(n), findings)`` for n in 0..count-1, yielded in order,
    spread over ``jobs`` processes (or this one and the ``early`` workers);
    ``handed_on(n)`` gives batch n's handed-on findings and their version (a number that
    changes whenever they do)."""
    if jobs <= 1:
        if early is not None:
            early.close()
        for number in range(count):
            yield run(state, number, payload(number), handed_on(number)[0])
        return
    workers = early if early is not None else Workers(jobs - 1)
    workers.hand(run, state)
    yield from _Schedule(count, run, state, handed_on, payload, workers).results()


def _started() -> None:
    """A worker's first task: it only makes the pool start the process."""


def _wait_for_state(setup: Any) -> None:
    """In a worker, once: wait for what :func:`_run_in_worker` calls."""
    import signal

    global _installed
    # Ctrl-C reaches the whole process group: a worker just ends (no traceback of its
    # own); this process reports the interruption.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    _installed = setup.get()


def _run_in_worker(number: int, payload: Any, findings: Any) -> Any:
    assert _installed is not None, "worker started without a state"
    import pickle

    run, state = _installed
    try:
        # Sent as bytes, unpickled only when this batch's turn comes: on the 10k-file
        # tree the results waiting in the main process were 4.7 MB of objects, and are
        # 0.4 MB of bytes.
        return pickle.dumps(run(state, number, payload, findings), pickle.HIGHEST_PROTOCOL)
    finally:  # the batch's trees are gone: their pages go back before the next batch
        from composelint.run.memory import give_back_freed

        give_back_freed()


class _Schedule:
    def __init__(
        self,
        count: int,
        run: Run,
        state: Any,
        handed_on: HandedOn,
        payload: Payload,
        workers: Workers,
    ) -> None:
        self.count = count
        self.run = run
        self.state = state
        self.handed_on = handed_on
        self.payload = payload
        self.workers = workers.count
        self.next_start = 0
        self.done: dict[int, tuple[int, Any]] = {}  # number -> (version used, result)
        self.running: dict[int, tuple[int, Any]] = {}  # number -> (version used, future)
        self.pool: Any = workers.pool
        self.processes: list[Any] = workers.processes

    def results(self) -> Iterator[Any]:
        finished = False
        try:
            for number in range(self.count):
                version, result = self._result_of(number)
                findings, final = self.handed_on(number)
                if version != final:  # an earlier batch handed on more since it started
                    result = self.run(self.state, number, self.payload(number), findings)
                yield result
            finished = True
        except BaseException:  # Ctrl-C, or a bug: no worker goes on in the background
            self._stop_workers()
            raise
        finally:
            if self.pool is not None:
                # Every batch is done: wait for the pool's own thread to end, or it may
                # wake a pipe the interpreter already closed at exit (an "Exception
                # ignored ... Bad file descriptor" on stderr under load).
                self.pool.shutdown(wait=finished, cancel_futures=True)

    def _stop_workers(self) -> None:
        # ProcessPoolExecutor has no public way to stop running workers before 3.14.
        processes = getattr(self.pool, "_processes", None) or {}
        for process in list(processes.values()):
            process.terminate()
        for process in list(processes.values()):
            process.join(timeout=5)

    def _result_of(self, number: int) -> tuple[int, Any]:
        while number not in self.done:
            self._keep_workers_busy()
            started = self.running.get(number)
            if started is not None and (started[1].done() or self.next_start >= self.count):
                del self.running[number]
                self.done[number] = self._collect(number, started)
            elif self.next_start < self.count:  # check one here meanwhile
                self._run_here(self.next_start)
                self.next_start += 1
            else:  # pragma: no cover - every batch up to count was started
                raise AssertionError(f"batch {number} was never started")
        return self.done.pop(number)

    def _keep_workers_busy(self) -> None:
        from concurrent.futures.process import BrokenProcessPool

        # Two batches queued per worker, so none waits for this process to hand out more.
        while (
            self.pool is not None
            and len(self.running) < 2 * self.workers
            and self.next_start < self.count
        ):
            number = self.next_start
            findings, version = self.handed_on(number)
            try:
                task = self.pool.submit(_run_in_worker, number, self.payload(number), findings)
            except BrokenProcessPool:
                self._lost_workers()
                return
            self.running[number] = (version, task)
            self.next_start += 1

    def _run_here(self, number: int) -> None:
        findings, version = self.handed_on(number)
        self.done[number] = (version, self.run(self.state, number, self.payload(number), findings))

    def _collect(self, number: int, started: tuple[int, Any]) -> tuple[int, Any]:
        import pickle
        from concurrent.futures.process import BrokenProcessPool

        try:
            while True:
                try:
                    return started[0], pickle.loads(started[1].result(timeout=1.0))
                except TimeoutError:
                    # A worker killed while it sent a result leaves the pool's reader
                    # waiting for the rest of it: the pool never learns of the death.
                    if any(process.exitcode is not None for process in self.processes):
                        raise BrokenProcessPool("a worker ended") from None
        except BrokenProcessPool:
            self._lost_workers()
            self._run_here(number)
            return self.done.pop(number)

    def _lost_workers(self) -> None:
        """A worker died: a Ctrl-C stops the run; otherwise (killed, out of memory) the
        batches the workers held, and all later ones, are checked here."""
        import signal

        # Ctrl-C reaches the whole process group.  Here its KeyboardInterrupt can land
        # in a finalizer, where Python only prints it: a worker ended by the same
        # Ctrl-C still stops the run.
        for process in self.processes:  # not reaped yet, a dead worker has no exit code
            if process.exitcode is None:
                process.join(timeout=0.5)
        if any(process.exitcode == -signal.SIGINT for process in self.processes):
            raise KeyboardInterrupt from None
        global abandoned
        abandoned = True  # the pool's own thread may wait for ever: see entry()
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.pool = None
        for waiting in list(self.running):
            del self.running[waiting]
            self._run_here(waiting)


def _context() -> Any:
    import multiprocessing

    # fork is quick and shares the imported modules; macOS and Windows spawn, and the
    # run function and its state are pickled to each worker.
    method = "fork" if sys.platform == "linux" else "spawn"
    return multiprocessing.get_context(method)
