"""How much CPU the test suite really takes: `/usr/bin/time` undercounts it.

The build pool's workers come from a forkserver (builder/run/pool.py), and the forkserver, not
the test process, reaps them, so neither `time` nor pytest's own accounting sees their CPU: a
card-sheet batch of 6 documents showed 3.3 s user with `--jobs 2` against 7.9 s with
`--jobs 1`. This script runs pytest with a `sitecustomize` that makes every multiprocessing
child write its own CPU time when it ends, and reports

    wall, CPU of pytest and its direct children, CPU of the pool workers, and their sum.

The sum over the wall time says how busy the cores were; the sum over 2 is the floor for the
wall time on a 2-core machine. Run from the checkout, on a quiet machine if you can:

    .venv/bin/python bench/bench_tests.py                      # the whole suite
    .venv/bin/python bench/bench_tests.py tests/render -n 0    # any pytest arguments
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

SITECUSTOMIZE = """\
import os, resource
import multiprocessing.process as _process

_bootstrap = _process.BaseProcess._bootstrap


def _counted(self, *args, **kwargs):
    try:
        return _bootstrap(self, *args, **kwargs)
    finally:
        # Only the forkserver's children: a forked or spawned child is waited for by its
        # parent, so `time` (and RUSAGE_CHILDREN) already counts it.
        if type(self).__name__ == "ForkServerProcess":
            usage = resource.getrusage(resource.RUSAGE_SELF)
            with open(os.environ["CAREPRINT_BENCH_POOL_CPU"], "a") as out:
                out.write(f"{usage.ru_utime + usage.ru_stime}\\n")


_process.BaseProcess._bootstrap = _counted
"""


def main(args: list[str]) -> int:
    with tempfile.TemporaryDirectory(prefix="careprint-bench-tests-") as folder:
        site = Path(folder)
        (site / "sitecustomize.py").write_text(SITECUSTOMIZE)
        pool_cpu = site / "pool-cpu.txt"
        pool_cpu.touch()
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(site), env.get("PYTHONPATH")]))
        env["CAREPRINT_BENCH_POOL_CPU"] = str(pool_cpu)
        load = os.getloadavg()[0]
        started = time.perf_counter()
        code = subprocess.run(
            [str(Path(sys.executable).parent / "pytest"), "-q", "-p", "no:cacheprovider", *args],
            cwd=REPO,
            env=env,
            check=False,
        ).returncode
        wall = time.perf_counter() - started
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        direct = usage.ru_utime + usage.ru_stime
        pool = sum(float(line) for line in pool_cpu.read_text().split())
    total = direct + pool
    print(
        f"load average at start {load:.2f}; pytest exit code {code}\n"
        f"wall {wall:.1f} s; CPU: pytest and its direct children {direct:.1f} s, "
        f"pool workers {pool:.1f} s, total {total:.1f} s "
        f"({total / wall:.2f} cores busy on average; floor on 2 cores {total / 2:.1f} s)"
    )
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
