"""A busy machine for the benchmarks that need one (issue #11 point 5): one process per core
spinning on the CPU, not niced, for as long as the block runs."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from contextlib import contextmanager


def _spin() -> None:
    while True:
        pass


@contextmanager
def busy_cores(enabled: bool = True) -> Iterator[int]:
    """Keep every core busy inside the block (nothing if not enabled); yields how many spin."""
    count = (os.cpu_count() or 2) if enabled else 0
    spinners = [multiprocessing.Process(target=_spin, daemon=True) for _ in range(count)]
    for spinner in spinners:
        spinner.start()
    try:
        yield count
    finally:
        for spinner in spinners:
            spinner.terminate()
