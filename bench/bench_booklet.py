"""What a booklet build costs: the A5 pages laid out once for both booklet products.

`handout-a5` (the A5 pages) and `handout-booklet` (the same pages imposed on A4 sheets) used to
lay the A5 handout out once each. The batch now builds the booklet after its pages and imposes
the written A5 PDF (run/batch.py, run/worker.py). Not a test: it prints figures. Each build is
one worker in this process, every document afresh, in a throw-away output folder:

  1. handout-booklet alone: the A5 layout plus the imposition (what each booklet cost before)
  2. handout-a5 alone: the A5 layout
  3. both in one build: the booklet is imposed from the A5 PDF just written

    .venv/bin/python bench/bench_booklet.py                 # GB and US, 3 rounds
    .venv/bin/python bench/bench_booklet.py --countries DE --rounds 5
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
from pathlib import Path

from builder import pipeline
from builder.model.project import find_root
from builder.plan.request import BuildRequest
from builder.run.batch import BatchOptions

ROOT = find_root()
PACK = "partner-support"


def seconds(country: str, products: list[str]) -> dict[str, float]:
    """Each document's own time (in the worker) for one fresh build of these products."""
    with tempfile.TemporaryDirectory(prefix="bench-booklet-") as folder:
        request = BuildRequest(
            root=ROOT,
            out=Path(folder) / "out",
            packs=[PACK],
            countries=[country],
            products=products,
        )
        report = pipeline.build(request, BatchOptions(jobs=1, force=True, catalogue=False))
        if not report.ok:
            raise SystemExit(f"{country}: the build failed: {[f.label for f in report.failed]}")
        return {f.label.rsplit("/", 1)[1]: f.seconds for f in report.built}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--countries", default="GB,US")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f} (the machine is shared)")
    print(
        f"{'country':8} {'booklet alone':>14} {'a5 alone':>9} {'a5 + booklet':>13} "
        f"{'booklet after a5':>17}"
    )
    for country in args.countries.split(","):
        alone, pages, a5, after = [], [], [], []
        for _ in range(args.rounds):
            alone.append(seconds(country, ["handout-booklet"])["handout-booklet"])
            pages.append(seconds(country, ["handout-a5"])["handout-a5"])
            both = seconds(country, ["handout-a5", "handout-booklet"])
            a5.append(both["handout-a5"] + both["handout-booklet"])
            after.append(both["handout-booklet"])
        median = statistics.median
        print(
            f"{country:8} {median(alone):13.2f}s {median(pages):8.2f}s {median(a5):12.2f}s "
            f"{median(after):16.2f}s"
        )
    print(
        "medians of each document's own seconds; before this change 'a5 + booklet' was "
        "about 'a5 alone' + 'booklet alone'"
    )


if __name__ == "__main__":
    main()
