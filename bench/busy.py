"""A busy machine for the benchmarks that need one (issue #11 point 5): one process per core
spinning on the CPU, not niced, for as long as the block runs.

Where the spinners live matters on Linux. The kernel's autogroup scheduler (on by default on
Debian) shares the CPU between sessions first and between the processes of one session second.
Another job on the machine (a second CI job, a build in another terminal) is a session of its
own, so by default each spinner starts one (`own_session=True`): the test run keeps its share of
the cores, and inside it a niced process still ranks below the tests only. Spinners left in the
caller's session (`own_session=False`) compete with every process of the test run one by one,
which leaves a `nice -n 19` process about 1% of a core: the harsher, less likely case (the one
that starved the suite's niced background build on 2026-12-02)."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from contextlib import contextmanager


def _spin(own_session: bool) -> None:
    if own_session:
        os.setsid()
    while True:
        pass


@contextmanager
def busy_cores(enabled: bool = True, own_session: bool = True) -> Iterator[int]:
    """Keep every core busy inside the block (nothing if not enabled); yields how many spin."""
    count = (os.cpu_count() or 2) if enabled else 0
    spinners = [
        multiprocessing.Process(target=_spin, args=(own_session,), daemon=True)
        for _ in range(count)
    ]
    for spinner in spinners:
        spinner.start()
    try:
        yield count
    finally:
        for spinner in spinners:
            spinner.terminate()
