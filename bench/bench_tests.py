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

With `--layouts` first, it also reports what WeasyPrint's own work costs: every layout and every
PDF write in every process (tests, builds, pool workers) timed in processor seconds, and how much
of it lays out again what was laid out before in the run (the same HTML, base and stylesheets),
which is all a cache of layouts shared by the run could save:

    .venv/bin/python bench/bench_tests.py --layouts
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

if os.environ.get("CAREPRINT_BENCH_LAYOUTS"):
    import hashlib, importlib.abc, importlib.machinery, sys, time

    def _note(kind, digest, started):
        with open(os.environ["CAREPRINT_BENCH_LAYOUTS"], "a") as out:
            out.write(f"{kind} {digest} {time.process_time() - started:.4f}\\n")

    def _timed(typesetter):
        stylesheet, layout, write = typesetter.stylesheet, typesetter.layout, typesetter.write

        def timed_stylesheet(self, key, text, base_url, *args, **kwargs):
            sheet = stylesheet(self, key, text, base_url, *args, **kwargs)
            if not hasattr(sheet, "_bench_digest"):
                made = f"{text}{base_url}".encode()
                sheet._bench_digest = hashlib.sha256(made).hexdigest()
            return sheet

        def timed_layout(self, html, base_url, stylesheets):
            parts = [html, str(base_url), *(getattr(s, "_bench_digest", "?") for s in stylesheets)]
            digest = hashlib.sha256("\\0".join(parts).encode()).hexdigest()[:20]
            started = time.process_time()
            try:
                return layout(self, html, base_url, stylesheets)
            finally:
                _note("layout", digest, started)

        def timed_write(self, *args, **kwargs):
            started = time.process_time()
            try:
                return write(self, *args, **kwargs)
            finally:
                _note("write", "-", started)

        typesetter.stylesheet = timed_stylesheet
        typesetter.layout = timed_layout
        typesetter.write = timed_write

    # Wraps builder.typeset.weasy's Typesetter once the module is first imported.
    class _TimeWeasy(importlib.abc.MetaPathFinder):

        def find_spec(self, name, path, target=None):
            if name != "builder.typeset.weasy":
                return None
            sys.meta_path.remove(self)
            spec = importlib.machinery.PathFinder.find_spec(name, path)
            run = spec.loader.exec_module

            def exec_module(module):
                run(module)
                _timed(module.Typesetter)

            spec.loader.exec_module = exec_module
            return spec

    sys.meta_path.insert(0, _TimeWeasy())
"""


def layouts_report(log: Path, total: float) -> str:
    """What WeasyPrint's layouts and writes cost, and the repeated layouts' share."""
    seen: set[str] = set()
    count = {"layout": 0, "write": 0, "again": 0}
    cpu = {"layout": 0.0, "write": 0.0, "again": 0.0}
    for line in log.read_text().splitlines():
        kind, digest, seconds = line.split()
        count[kind] += 1
        cpu[kind] += float(seconds)
        if kind == "layout":
            if digest in seen:
                count["again"] += 1
                cpu["again"] += float(seconds)
            seen.add(digest)
    weasy = cpu["layout"] + cpu["write"]
    return (
        f"WeasyPrint: {count['layout']} layouts {cpu['layout']:.1f} s, {count['write']} PDF "
        f"writes {cpu['write']:.1f} s: {weasy:.1f} s of CPU, {weasy / total:.0%} of the total "
        f"(floor on 2 cores for them alone {weasy / 2:.1f} s); laid out again as before in "
        f"the run: {count['again']} layouts, {cpu['again']:.1f} s"
    )


def main(args: list[str]) -> int:
    layouts = args[:1] == ["--layouts"]
    args = args[1:] if layouts else args
    with tempfile.TemporaryDirectory(prefix="careprint-bench-tests-") as folder:
        site = Path(folder)
        (site / "sitecustomize.py").write_text(SITECUSTOMIZE)
        pool_cpu = site / "pool-cpu.txt"
        pool_cpu.touch()
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(site), env.get("PYTHONPATH")]))
        env["CAREPRINT_BENCH_POOL_CPU"] = str(pool_cpu)
        layout_log = site / "layouts.txt"
        if layouts:
            layout_log.touch()
            env["CAREPRINT_BENCH_LAYOUTS"] = str(layout_log)
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
        if layouts:
            print(layouts_report(layout_log, total))
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
