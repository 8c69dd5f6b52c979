"""How long loading the project takes, with the locale cache empty and full (not a test).

Every build, check and CLI call starts with load_project; reading and linting the 33 shipped
catalogs was most of it, and builder/model/localecache.py now keeps what that makes. This
prints, each run in a new process so nothing is shared but the cache folder:

  1. load_project in a fresh process: cold (the locale cache emptied first) and warm, and a
     second load in the same process (in memory)
  2. `careprint check`, cold and warm
  3. a no-op `careprint build --pack partner-support --country GB` (every document already
     built), cold and warm

Cold empties only the locale cache: fonts, templates and the documents stay built, so the
difference is the locale load alone. Wall time and CPU (user + system of the process) are
both given: on a shared machine the CPU figure is the steadier one. The cache lives in a
temporary folder, never the user's own. Run from the checkout:

    .venv/bin/python bench/bench_load.py            # 3 runs of each
    .venv/bin/python bench/bench_load.py --runs 5
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CAREPRINT = Path(sys.executable).parent / "careprint"
BUILD = ["build", "--pack", "partner-support", "--country", "GB"]
TIMEOUT = 1800


def load_twice() -> None:
    """In the child: load the project twice; print wall and CPU seconds of each as JSON."""
    from builder.base.errors import ProblemList
    from builder.model.project import load_project

    figures = []
    for _ in range(2):
        wall, cpu = time.perf_counter(), time.process_time()
        load_project(REPO, ProblemList())
        figures.append([time.perf_counter() - wall, time.process_time() - cpu])
    print(json.dumps(figures))


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """(wall, CPU of the child, its stdout) of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    run = subprocess.run(
        command, env=env, cwd=REPO, capture_output=True, text=True, timeout=TIMEOUT
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if run.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{run.stdout}\n{run.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, run.stdout


def line(name: str, runs: list[tuple[float, float]]) -> str:
    walls = " ".join(f"{w:.2f}" for w, _ in runs)
    cpus = " ".join(f"{c:.2f}" for _, c in runs)
    median = statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs)
    return f"{name:<38} wall {median[0]:5.2f} s ({walls})   CPU {median[1]:5.2f} s ({cpus})"


def main() -> None:
    parser = argparse.ArgumentParser(description="Time loading the project, cold and warm.")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        load_twice()
        return
    folder = Path(tempfile.mkdtemp(prefix="careprint-bench-load-"))
    env = dict(os.environ, XDG_CACHE_HOME=str(folder / "cache"))
    locales = folder / "cache" / "careprint" / "locales"
    out = folder / "out"
    try:
        print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        timed([str(CAREPRINT), *BUILD, "--out", str(out)], env)  # fonts cut, documents built
        results: dict[str, list[tuple[float, float]]] = {}
        for state in ("cold", "warm"):
            for _ in range(options.runs):
                if state == "cold":
                    shutil.rmtree(locales, ignore_errors=True)
                *_, printed = timed([sys.executable, __file__, "--child"], env)
                first, second = json.loads(printed)
                results.setdefault(f"load_project, {state}", []).append((first[0], first[1]))
                if state == "warm":
                    results.setdefault("load_project, again in-process", []).append(
                        (second[0], second[1])
                    )
        for name, command in (
            ("careprint check", ["check"]),
            ("no-op build (GB, every product)", [*BUILD, "--out", str(out)]),
        ):
            for state in ("cold", "warm"):
                for _ in range(options.runs):
                    if state == "cold":
                        shutil.rmtree(locales, ignore_errors=True)
                    wall, cpu, _ = timed([str(CAREPRINT), *command], env)
                    results.setdefault(f"{name}, {state}", []).append((wall, cpu))
        for name, runs in results.items():
            print(line(name, runs))
        print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
