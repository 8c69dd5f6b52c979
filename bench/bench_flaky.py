"""Proof of no flakiness (issue #11 point 5): run tests again and again, quiet or busy, and count.

Each run is a fresh `pytest` process, as `make test` starts it (both cores, xdist), so every run
sets up its own cache folder and shared artefacts the way CI does. With `--busy`, two processes
that spin on the CPU for the whole time (one per core, not niced, each in a session of its own, as
another job on the machine is) keep the machine busy, which is where a test that waits for a timer
instead of a condition fails. `--in-session` keeps the spinners in the test run's own session
instead, where they outrank the suite's niced background build one process against one (see
busy.py): that starves the card-sheet build, and with it the whole suite.

    .venv/bin/python bench/bench_flaky.py --runs 20 tests/run/test_batch.py     # quiet
    .venv/bin/python bench/bench_flaky.py --runs 20 --busy tests/run/test_batch.py
    .venv/bin/python bench/bench_flaky.py --runs 3                              # the whole suite

It prints one line per run (passed, failed, errors, wall seconds) and, at the end, every test
that failed with how often, and the totals. Nothing here is an assertion: the counts go in the
issue's note and in RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

from busy import busy_cores

REPO = Path(__file__).resolve().parent.parent


def outcomes(junit: Path) -> tuple[int, list[str]]:
    """(tests run, ids of the tests that failed or erred) from pytest's JUnit XML."""
    root = ET.parse(junit).getroot()
    ran, bad = 0, []
    for case in root.iter("testcase"):
        ran += 1
        if case.find("failure") is not None or case.find("error") is not None:
            bad.append(f"{case.get('classname')}::{case.get('name')}")
    return ran, bad


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--busy", action="store_true", help="keep every core busy meanwhile")
    parser.add_argument(
        "--in-session",
        action="store_true",
        help="with --busy: spin in the test run's own session, not in sessions of their own",
    )
    parser.add_argument("pytest_args", nargs="*", help="what pytest runs (default: the suite)")
    args = parser.parse_args()

    where = "in the test run's session" if args.in_session else "each in a session of its own"
    with busy_cores(args.busy, own_session=not args.in_session) as spinning:
        print(
            f"{args.runs} runs of pytest {' '.join(args.pytest_args) or '(the whole suite)'}, "
            f"{f'busy: {spinning} spinning processes {where}' if spinning else 'quiet'}; "
            f"load average at the start {os.getloadavg()[0]:.2f}, {os.cpu_count()} cores",
            flush=True,
        )
        failed_tests: Counter[str] = Counter()
        failed_runs = 0
        total = 0
        with tempfile.TemporaryDirectory(prefix="careprint-flaky-") as scratch:
            for run in range(1, args.runs + 1):
                junit = Path(scratch) / f"run{run}.xml"
                started = time.perf_counter()
                done = subprocess.run(
                    [
                        sys.executable,
                        "-m",
                        "pytest",
                        "-q",
                        "-p",
                        "no:cacheprovider",
                        f"--junitxml={junit}",
                        *args.pytest_args,
                    ],
                    cwd=REPO,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT,
                    text=True,
                    check=False,
                )
                wall = time.perf_counter() - started
                if not junit.exists():
                    print(f"run {run}: pytest wrote no report (exit {done.returncode}):")
                    print(done.stdout[-3000:])
                    failed_runs += 1
                    continue
                ran, bad = outcomes(junit)
                total += ran
                failed_tests.update(bad)
                failed_runs += bool(bad) or done.returncode != 0
                print(
                    f"run {run}: {ran} tests, {len(bad)} failed, exit {done.returncode}, "
                    f"{wall:.1f} s",
                    flush=True,
                )
                if bad:
                    print(done.stdout[-3000:], flush=True)
    print(f"runs with a failure: {failed_runs} of {args.runs}; tests run in all: {total}")
    for test, count in failed_tests.most_common():
        print(f"  failed {count}x: {test}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
