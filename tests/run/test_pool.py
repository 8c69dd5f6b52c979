"""The worker pool: a document is stopped for what its worker does (processor time used, or no
answer for very long), never for waiting its turn on a busy machine.

The pool's clock is the test's (`Clock`): it moves only when the test moves it, so what these
tests see never depends on how busy the machine is. (With the real clock and a limit of 0.8 s,
a healthy worker starting on a machine loaded many times over once gave no answer in time.)"""

from __future__ import annotations

import time
from collections.abc import Callable
from multiprocessing.connection import Connection

import pytest

from builder.base.errors import Problem
from builder.output.manifest import Entry
from builder.plan.jobs import DocumentJob
from builder.plan.paper import PAPERS
from builder.run import pool
from builder.run.pool import PoolStats, run_in_workers
from builder.run.tasks import Outcome, Task, WorkerSetup


def stand_in(setup: WorkerSetup, conn: Connection, docs: int, scratch: str) -> None:
    """A worker whose task path says what it does: "spin" (a document caught in a loop),
    "hang" (waits for ever, using nothing), or a number of seconds to wait before it answers
    (what a healthy worker looks like on a machine that keeps it waiting)."""
    for _ in range(docs):
        task = conn.recv()
        if task is None:
            return
        if task.path == "spin":
            while True:
                pass
        time.sleep(3600 if task.path == "hang" else float(task.path))
        job = task.job
        entry = Entry(
            pack=job.pack,
            country=job.country,
            locale=job.locale,
            product=job.product,
            paper=job.paper.name,
            key=task.key,
            status="ok",
        )
        conn.send(Outcome(task.index, entry, (), (), 0.0, 0))


class Clock:
    """Stands in for the pool's `time`: its monotonic clock stays where the test sets it."""

    def __init__(self) -> None:
        self.now = 0.0

    def monotonic(self) -> float:
        return self.now


def run(
    paths: list[str], timeout: float, after: Callable[[str], None] = lambda path: None
) -> dict[str, Outcome | Problem]:
    """Each path's outcome; `after(path)` is called as each answer or stop comes in."""
    tasks = [
        Task(i, DocumentJob("mini", "GB", "en", "card", PAPERS["a4"]), "0" * 64, path)
        for i, path in enumerate(paths)
    ]
    done: dict[str, Outcome | Problem] = {}

    def on_done(task: Task, outcome: Outcome | Problem) -> bool:
        done[task.path] = outcome
        after(task.path)
        return True

    setup: WorkerSetup = None  # type: ignore[assignment]  # the stand-in reads nothing
    run_in_workers(
        setup, tasks, len(tasks), lambda task: None, on_done, PoolStats(), timeout=timeout,
        serve=stand_in,
    )  # fmt: skip
    return done


def test_a_worker_kept_waiting_finishes_and_one_in_a_loop_is_stopped(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The pool's clock stands still, so its limit on the clock (0.8 s) never comes: only
    # processor time can stop the loop, and waiting, however long, uses none.
    monkeypatch.setattr(pool, "STUCK_AFTER", 2)
    monkeypatch.setattr(pool, "time", Clock())
    done = run(["2", "spin"], timeout=0.4)
    waited = done["2"]
    assert isinstance(waited, Outcome), waited  # five times the limit in real time, no work
    looped = done["spin"]
    assert isinstance(looped, Problem)
    assert looped.code == "CP7202"
    assert "used 0.4 s of processor time without finishing and was stopped" in looped.message


def test_a_worker_that_never_answers_is_stopped_by_the_clock(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The clock passes the limit (0.4 s x 2) once the healthy worker has answered, however long
    # its start took: the hung one, which uses no processor time, is stopped by the clock alone.
    monkeypatch.setattr(pool, "STUCK_AFTER", 2)
    clock = Clock()
    monkeypatch.setattr(pool, "time", clock)

    def after(path: str) -> None:
        if path == "0":
            clock.now += 0.8

    done = run(["hang", "0"], timeout=0.4, after=after)
    assert isinstance(done["0"], Outcome), done["0"]
    stuck = done["hang"]
    assert isinstance(stuck, Problem)
    assert stuck.code == "CP7202"
    assert "gave no answer in 0.8 s and was stopped" in stuck.message
    assert stuck.fix
