"""What the document maker's collector settings save (not a test).

builder/run/worker.py freezes what a maker sets up once (gc.freeze), lets the youngest
generation grow to YOUNG_COLLECTION allocations, and collects once after each document. This
builds the same documents with `--jobs 1` (one process, the maker in it) with those settings
and with Python's own (YOUNG_COLLECTION = None), alternating, each run in a new process and a
new output folder, and prints each run's CPU (user + system) and peak memory (ru_maxrss), then
the medians and their ratios. The cache lives in a temporary folder, never the user's own.
Run from the checkout, on a quiet machine if you can:

    .venv/bin/python bench/bench_gc.py              # 2 runs of each
    .venv/bin/python bench/bench_gc.py --runs 3
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# Handouts (long box trees), safety plans and card sheets (many small fitted layouts), in
# Latin, Arabic, Devanagari, Japanese and Korean script.
BUILD = [
    "build",
    "--pack",
    "partner-support",
    "--country",
    "GB,EG,IN,JP,KR",
    "--product",
    "handout,safety-plan,card-sheet",
    "--jobs",
    "1",
    "--today",
    "2026-11-30",
]
TIMEOUT = 1800

# Runs the CLI in this process with the setting given, then prints what the process used.
RUNNER = """\
import json, resource, sys
import builder.run.worker as worker
worker.YOUNG_COLLECTION = json.loads(sys.argv[1])
from builder.cli.app import app
try:
    app(sys.argv[2:], prog_name="careprint")
except SystemExit as exc:
    code = exc.code
else:
    code = 0
usage = resource.getrusage(resource.RUSAGE_SELF)
print("BENCH", json.dumps({"code": code, "cpu": usage.ru_utime + usage.ru_stime,
                           "rss_mib": usage.ru_maxrss / 1024}))
"""


def one_run(young: int | None, cache: Path, out: Path) -> dict[str, float]:
    result = subprocess.run(
        [sys.executable, "-c", RUNNER, json.dumps(young), *BUILD, "--out", str(out)],
        cwd=REPO,
        env=os.environ | {"XDG_CACHE_HOME": str(cache), "SOURCE_DATE_EPOCH": "1796083200"},
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    line = next((x for x in result.stdout.splitlines() if x.startswith("BENCH ")), None)
    if line is None:
        sys.exit(f"the build printed no figures:\n{result.stdout}\n{result.stderr}")
    figures: dict[str, float] = json.loads(line[len("BENCH ") :])
    if figures["code"] != 0:
        sys.exit(f"the build failed (exit code {figures['code']}):\n{result.stdout}")
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2, help="runs of each setting")
    args = parser.parse_args()
    import builder.run.worker as worker  # the setting the checkout ships

    settings = {"python": None, "careprint": worker.YOUNG_COLLECTION}
    # Alternating, so a machine that gets busier or quieter weighs on both alike.
    order = (["python", "careprint", "careprint", "python"] * args.runs)[: 2 * args.runs]
    found: dict[str, list[dict[str, float]]] = {name: [] for name in settings}
    with tempfile.TemporaryDirectory(prefix="careprint-bench-gc-") as folder:
        cache = Path(folder) / "cache"
        one_run(None, cache, Path(folder) / "warm-up")  # fonts cut, locales cached
        for number, name in enumerate(order):
            figures = one_run(settings[name], cache, Path(folder) / f"out-{number}")
            found[name].append(figures)
            print(
                f"{name:9} (YOUNG_COLLECTION={settings[name]}): "
                f"CPU {figures['cpu']:6.2f} s, peak memory {figures['rss_mib']:6.1f} MiB"
            )
    cpu = {name: statistics.median(f["cpu"] for f in runs) for name, runs in found.items()}
    rss = {name: statistics.median(f["rss_mib"] for f in runs) for name, runs in found.items()}
    print(
        f"\nmedians: Python's settings CPU {cpu['python']:.2f} s, {rss['python']:.1f} MiB; "
        f"careprint's CPU {cpu['careprint']:.2f} s, {rss['careprint']:.1f} MiB"
    )
    print(
        f"careprint / Python: CPU x{cpu['careprint'] / cpu['python']:.3f}, "
        f"peak memory x{rss['careprint'] / rss['python']:.3f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
