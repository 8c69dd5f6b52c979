"""Worker processes that keep WeasyPrint warm, recycled before their memory creeps up.

Processes, not threads: layout is pure Python and holds the GIL. Workers come from a forkserver
that has already imported careprint and WeasyPrint, so a new worker costs a fork rather than an
import (~0.8 s). WeasyPrint's memory grows over many documents in one process, so each worker
exits after `docs_per_worker` documents and a fresh one takes its place. A worker that dies
(killed, out of memory, a crash in a C library) fails only the document it held.

With one job everything runs in this process: simplest to debug and to test.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import tempfile
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path

from builder.base.errors import Problem
from builder.base.scratch import run_folder, temporary_files_in
from builder.run.tasks import Outcome, Task, WorkerSetup

DOCS_PER_WORKER = 40
# A document normally takes well under 5 s of processor time; one that has used 600 s is
# caught in a loop. The limit counts the worker's own processor time, not the clock: on a
# machine loaded many times over (a niced batch beside a busy test run took 866 s for four
# documents) a healthy worker can wait its turn longer than any clock limit would allow.
DOC_TIMEOUT = 600.0
# A worker that uses no processor time and gives no answer (stuck waiting) is stopped once
# this many times DOC_TIMEOUT has passed on the clock.
STUCK_AFTER = 6

OnStart = Callable[[Task], None]
# What a worker process runs: (setup, its end of the pipe, documents to take, scratch folder).
Serve = Callable[[WorkerSetup, Connection, int, str], None]
OnDone = Callable[[Task, Outcome | Problem], bool]  # returns False to stop dispatching


@dataclass
class PoolStats:
    workers_started: int = 0
    peak_rss_kb: dict[int, int] = field(default_factory=dict)  # per worker process id


def _serve(setup: WorkerSetup, conn: Connection, docs: int, scratch: str) -> None:
    """A worker's life: set up once, then answer up to `docs` tasks."""
    # The parent handles Ctrl-C and SIGTERM (run/stopping.py), also when they reach the whole
    # process group: the document in hand is finished, then the parent says stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    tempfile.tempdir = scratch  # removed by the parent, even if this process is killed
    # Deliberately lazy: the planner never loads the typesetting modules (a worker has
    # them from the forkserver's preload, see run_in_workers).
    from builder.run.worker import DocumentMaker

    maker = DocumentMaker(setup)
    try:
        for _ in range(docs):
            try:
                task = conn.recv()
            except (EOFError, OSError):
                return  # the parent is gone
            if task is None:
                return
            outcome = maker.make(task)
            try:
                conn.send(outcome)
            except OSError:
                return  # the parent is gone
    finally:
        maker.close()


def _death(task: Task, exitcode: int | None) -> Problem:
    """Why a worker stopped, in words: a signal (killed, out of memory) or an exit code."""
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        cause = f"was killed ({name}"
        cause += ": the machine may have run out of memory)" if name == "SIGKILL" else ")"
    else:
        cause = f"stopped unexpectedly (exit code {exitcode})"
    return Problem(
        "CP7201",
        f"{task.job.label}: the worker building it {cause}",
        fix="run again with --jobs 1 to see the cause",
    )


def run_in_process(
    setup: WorkerSetup, tasks: Sequence[Task], on_start: OnStart, on_done: OnDone, stats: PoolStats
) -> None:
    # Deliberately lazy: the planner never loads the typesetting modules (a worker has
    # them from the forkserver's preload, see run_in_workers).
    from builder.run.worker import DocumentMaker

    with run_folder() as scratch, temporary_files_in(scratch):
        maker = DocumentMaker(setup)
        try:
            for task in tasks:
                on_start(task)
                outcome = maker.make(task)
                stats.peak_rss_kb[os.getpid()] = outcome.peak_rss_kb
                if not on_done(task, outcome):
                    return
        finally:
            maker.close()


@dataclass
class _Worker:
    process: BaseProcess
    conn: Connection
    sent: int = 0
    task: Task | None = None
    since: float = 0.0  # when the current task was sent
    cpu_since: float = 0.0  # the worker's processor time then


def _cpu_seconds(pid: int | None) -> float | None:
    """The processor time (user and system) a process has used, or None where it cannot be
    read (no /proc: not Linux; the process already gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def _overdue(worker: _Worker, now: float, timeout: float) -> tuple[str, float]:
    """Why the worker's document is to be stopped ("" if not), and how long until it may be
    (in seconds on the clock: a single-threaded worker uses at most one second of processor
    time per second)."""
    waited = now - worker.since
    if (used := _cpu_seconds(worker.process.pid)) is None:
        used = waited  # no processor time to read: the clock alone
    else:
        used -= worker.cpu_since
    if used >= timeout:
        return f"used {timeout:g} s of processor time without finishing", 0.0
    if waited >= timeout * STUCK_AFTER:
        return f"gave no answer in {timeout * STUCK_AFTER:g} s", 0.0
    return "", min(timeout - used, timeout * STUCK_AFTER - waited)


def _context() -> multiprocessing.context.ForkServerContext:
    context = multiprocessing.get_context("forkserver")
    assert isinstance(context, multiprocessing.context.ForkServerContext)
    context.set_forkserver_preload(["builder.run.worker"])
    return context


def run_in_workers(
    setup: WorkerSetup,
    tasks: Sequence[Task],
    workers: int,
    on_start: OnStart,
    on_done: OnDone,
    stats: PoolStats,
    docs_per_worker: int = DOCS_PER_WORKER,
    timeout: float = DOC_TIMEOUT,
    serve: Serve = _serve,
) -> None:
    """Hand tasks to up to `workers` processes, one at a time each, until all are answered.

    A document whose worker has used `timeout` seconds of processor time on it (or has given
    no answer in STUCK_AFTER times that on the clock) has its worker stopped and fails alone;
    the others go on. `serve` is what each worker runs (tests stand in their own)."""
    with run_folder() as scratch:
        _run_pool(
            setup,
            tasks,
            workers,
            on_start,
            on_done,
            stats,
            docs_per_worker,
            timeout,
            str(scratch),
            serve,
        )


def _run_pool(
    setup: WorkerSetup,
    tasks: Sequence[Task],
    workers: int,
    on_start: OnStart,
    on_done: OnDone,
    stats: PoolStats,
    docs_per_worker: int,
    timeout: float,
    scratch: str,
    serve: Serve,
) -> None:
    context = _context()
    pending = deque(tasks)
    pool: list[_Worker] = []
    dispatching = True

    def start() -> None:
        ours, theirs = context.Pipe()
        process = context.Process(
            target=serve,
            args=(setup, theirs, docs_per_worker, scratch),
            daemon=True,
            name=f"careprint-worker-{stats.workers_started}",
        )
        process.start()
        theirs.close()
        stats.workers_started += 1
        pool.append(_Worker(process, ours))

    def retire(worker: _Worker) -> None:
        worker.conn.close()
        worker.process.join()
        pool.remove(worker)

    try:
        while True:
            while dispatching and pending and len(pool) < workers:
                start()
            for worker in pool:
                if (
                    dispatching
                    and pending
                    and worker.task is None
                    and worker.sent < docs_per_worker
                ):
                    worker.task = pending.popleft()
                    worker.conn.send(worker.task)
                    worker.sent += 1
                    worker.since = time.monotonic()
                    worker.cpu_since = _cpu_seconds(worker.process.pid) or 0.0
                    on_start(worker.task)
            busy = [w for w in pool if w.task is not None]
            if not busy:
                break
            now = time.monotonic()
            # Woken when an answer comes, or when the first document may be overdue (checked
            # again then: a worker kept waiting by a busy machine has used less than that).
            first_due = min(_overdue(w, now, timeout)[1] for w in busy)
            ready = wait(
                [w.conn for w in busy] + [w.process.sentinel for w in busy],
                timeout=max(0.05, first_due),
            )
            now = time.monotonic()
            for worker in busy:
                answered = worker.conn in ready or worker.process.sentinel in ready
                late = "" if answered else _overdue(worker, now, timeout)[0]
                if not answered and not late:
                    continue
                task = worker.task
                assert task is not None
                worker.task = None
                outcome: Outcome | Problem
                if not answered:
                    worker.process.kill()
                    worker.process.join()
                    outcome = Problem(
                        "CP7202",
                        f"{task.job.label}: {late} and was stopped",
                        fix="look for very long text or a huge "
                        "image in its inputs; run with --jobs 1 to see where",
                    )
                    retire(worker)
                else:
                    try:
                        outcome = worker.conn.recv()
                    except (EOFError, OSError):
                        worker.process.join()
                        outcome = _death(task, worker.process.exitcode)
                        retire(worker)
                    else:
                        assert isinstance(outcome, Outcome)
                        stats.peak_rss_kb[worker.process.pid or 0] = outcome.peak_rss_kb
                        if worker.sent >= docs_per_worker:
                            retire(worker)
                if not on_done(task, outcome):
                    dispatching = False
        for worker in list(pool):
            worker.conn.send(None)
            retire(worker)
    finally:
        for worker in pool:
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
