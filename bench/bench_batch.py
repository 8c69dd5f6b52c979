"""Benchmark careprint's batch build on the full matrix (not a test: it prints figures).

Measured in one run, on the real packs and helplines:
  1. full build with the default workers (one per CPU), cold: documents per second
  2. the same command again (nothing to do): no-op time as a share of the full build
  3. full build with --jobs 1: two workers vs one (run last, the longest stage)
  4. careprint with one worker in this process (library call), keeping each document's final
     HTML (at its fitted type sizes) and PDF variant (PDF/UA-1 for handouts); paired with
  5. the floor: right after careprint makes a document, WeasyPrint alone renders and writes
     the same HTML as the same variant in this warm process, no careprint work
  6. naive baseline: one `weasyprint` command-line process per document on that same HTML and
     variant (all of them; --naive-sample N times a random sample and extrapolates)
  7. peak memory per worker process at 100 and 1,000 documents (the matrix repeated)

The booklet's sheets (handout-booklet) are imposed from the A5 pages (handout-a5) written just
before them, as the batch does; with no layout of their own there is nothing for WeasyPrint
alone to repeat, so 4-5 count and time them apart, not paired, and 6 counts each as a naive
run on its A5 pages' HTML.

Documents that fail in the full build (for example a script with no font) are reported and
left out of 4-7. Run from the checkout:  .venv/bin/python bench/bench_batch.py
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from builder import pipeline
from builder.base.errors import ProblemList
from builder.model.project import Project, find_root
from builder.plan.request import BuildRequest, Prepared
from builder.run.batch import BatchOptions, _imposed_later, _with_pages, plan_tasks
from builder.run.pool import PoolStats, run_in_workers
from builder.run.tasks import Outcome, Task, WorkerSetup

ROOT = find_root()
BIN = Path(sys.executable).parent
# --countries: the matrix of these countries only (every pack, default locale and product),
# for a machine too busy for the whole matrix; empty means `build --all`.
COUNTRIES: list[str] = []


def selection() -> list[str]:
    return ["--country", ",".join(COUNTRIES)] if COUNTRIES else ["--all"]


def request_for(out: Path) -> BuildRequest:
    return BuildRequest(root=ROOT, out=out, countries=COUNTRIES)


def prepare(
    request: BuildRequest, options: BatchOptions, problems: ProblemList
) -> tuple[Prepared, list[Task]]:
    """The pipeline's plan, and the batch's tasks for it (what `careprint build` would run)."""
    prepared = pipeline.prepare(request, problems)
    return prepared, plan_tasks(request, options, prepared)


def stage(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


def cli(out: Path, *extra: str) -> float:
    started = time.perf_counter()
    subprocess.run(
        [str(BIN / "careprint"), "build", *selection(), "--out", str(out), *extra],
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def machine() -> list[str]:
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = next(
        line.split()[1]
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    import weasyprint

    return [
        f"CPU: {model}, {os.cpu_count()} cores visible, {len(os.sched_getaffinity(0))} usable",
        f"Memory: {int(memory) / 1024 / 1024:.0f} GiB; {platform.platform()}",
        f"Python {platform.python_version()}, WeasyPrint {weasyprint.__version__}",
        f"Load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}",
    ]


@dataclass(frozen=True)
class Saved:
    """One document as careprint typeset it: the final HTML (fitted sizes), its stylesheets
    and the PDF variant it is written as, for the baselines to typeset the very same thing."""

    html: Path
    stylesheets: list[Path]
    variant: str | None


def naive(project: Project, saved: list[Saved], sample: int) -> tuple[float, int]:
    """Seconds per document: a fresh `weasyprint` process for each.

    A sample is drawn at random (fixed seed), never by stride: the matrix repeats the same
    five products in order, so every tenth document would be the same product every time."""
    chosen = random.Random(0).sample(saved, sample) if 0 < sample < len(saved) else saved
    base = project.templates.as_uri() + "/"
    started = time.perf_counter()
    for doc in chosen:
        args = [str(BIN / "weasyprint"), "-q", "-u", base]
        for sheet in doc.stylesheets:
            args += ["-s", str(sheet)]
        if doc.variant:
            args += ["--pdf-variant", doc.variant]
        subprocess.run([*args, str(doc.html), str(doc.html.with_suffix(".naive.pdf"))], check=True)
    return (time.perf_counter() - started) / len(chosen), len(chosen)


class Floor:
    """WeasyPrint alone, warm, in this process: render and write a saved document."""

    def __init__(self, project: Project) -> None:
        from weasyprint.text.fonts import FontConfiguration

        self.config = FontConfiguration()
        self.css: dict[Path, Any] = {}
        self.base = project.templates.as_uri() + "/"

    def one(self, doc: Saved) -> None:
        import weasyprint

        for sheet in doc.stylesheets:
            if sheet not in self.css:
                self.css[sheet] = weasyprint.CSS(filename=str(sheet), font_config=self.config)
        styles = [self.css[sheet] for sheet in doc.stylesheets]
        weasyprint.HTML(string=doc.html.read_text(encoding="utf-8"), base_url=self.base).render(
            stylesheets=styles, font_config=self.config
        ).write_pdf(doc.html.with_suffix(".floor.pdf"), pdf_variant=doc.variant)


@dataclass
class Paired:
    per_doc: float = 0.0  # careprint: seconds per document, everything included
    floor_per_doc: float = 0.0  # WeasyPrint alone on the same final HTML, warm
    layouts_per_doc: float = 0.0  # WeasyPrint layouts per document (fitting lays out again)
    weasyprint_per_doc: float = 0.0  # of per_doc: WeasyPrint layout + PDF writing
    final_layout_per_doc: float = 0.0  # of that: the layout that is written, and the writing
    count: int = 0  # documents paired with the floor
    imposed: int = 0  # imposed from pages written just before: made, timed, not paired
    imposed_per_doc: float = 0.0  # careprint's seconds per imposed document


def with_their_pages(chosen: list[Task], good: list[Task]) -> list[Task]:
    """The chosen documents, plus the pages of every imposed one among them (a booklet's A5
    pages), in plan order: the booklet is imposed from them, as the batch does."""
    paths = {t.path for t in chosen}
    later = _imposed_later(good, chosen)
    wanted = paths | {pages.path for _, pages in later.values()}
    return [t for t in good if t.path in wanted]


def paired(good: list[Task], out: Path, folder: Path) -> tuple[Paired, list[Saved]]:
    """careprint with one worker in this process, and the floor, document by document.

    careprint's time covers load, validate, plan and keys once, then per document render,
    checks, typeset (with fitting), thumbnail, atomic writes and the manifest journal;
    WeasyPrint's share is timed around the Typesetter. Right after careprint makes a
    document, its final HTML (at the fitted sizes) is saved and WeasyPrint alone typesets it
    again, with its own warm font configuration and stylesheets (the first document once
    more, untimed, to warm it). Pairing them this way exposes both to the same machine load,
    which on a shared machine moves by more than the difference being measured.

    Imposed documents (the booklet's sheets) are made as the batch makes them: after the
    others, from the A5 pages just written, with no layout of their own. WeasyPrint alone has
    nothing to do for them, so they are timed and counted apart, not paired. Each is saved
    for the naive baseline as its pages' HTML: a naive run lays the pages out again (and is
    spared the imposition).
    """
    from builder.output.manifest import Ledger
    from builder.run.worker import DocumentMaker
    from builder.typeset.fonts import DEFAULT_CJK_FORMS, font_face_css

    request = request_for(out)
    wanted = {t.path for t in good}
    result = Paired()
    begun = time.perf_counter()
    prepared, tasks = prepare(request, BatchOptions(), ProblemList())
    out.mkdir(parents=True, exist_ok=True)  # the batch's prepare_folder makes it
    ledger = Ledger(out, ProblemList())
    maker = DocumentMaker(WorkerSetup(prepared.project, request, prepared.overlay, prepared.dating))
    ours = time.perf_counter() - begun
    floor, floor_time = Floor(prepared.project), 0.0
    layout, write = maker.tools.typesetter.layout, maker.tools.typesetter.write
    layouts: list[float] = []
    last_html: list[str] = [""]
    variants: list[str | None] = [None]
    names: list[tuple[str, ...]] = [()]
    forms: list[str] = [DEFAULT_CJK_FORMS]
    stylesheets = maker.tools.stylesheets

    def fonts_css(wanted: str) -> Path:
        """The font rules careprint used (Han characters in these forms), as a file."""
        path = folder / f"fonts-{wanted}.css"
        if not path.exists():
            path.write_text(font_face_css(wanted), encoding="utf-8")
        return path

    def named_stylesheets(wanted: Any, cjk: str = DEFAULT_CJK_FORMS) -> Any:
        names[0], forms[0] = tuple(wanted), cjk
        return stylesheets(wanted, cjk)

    def timed_layout(html: str, *args: Any, **kwargs: Any) -> Any:
        last_html[0] = html
        begun = time.perf_counter()
        try:
            return layout(html, *args, **kwargs)
        finally:
            layouts.append(time.perf_counter() - begun)

    def timed_write(*args: Any, **kwargs: Any) -> Any:
        variants[0] = kwargs.get("pdf_variant")
        begun = time.perf_counter()
        try:
            return write(*args, **kwargs)
        finally:
            spent = time.perf_counter() - begun
            result.weasyprint_per_doc += spent
            result.final_layout_per_doc += spent

    maker.tools.stylesheets = named_stylesheets  # type: ignore[method-assign,assignment]
    maker.tools.typesetter.layout = timed_layout  # type: ignore[method-assign]
    maker.tools.typesetter.write = timed_write  # type: ignore[method-assign]
    chosen = [t for t in tasks if t.path in wanted]
    later = _imposed_later(chosen, chosen)
    saved: dict[str, Saved] = {}
    for task in [t for t in chosen if t.index not in later]:
        layouts.clear()
        begun = time.perf_counter()
        outcome = maker.make(task)
        ledger.record(task.path, outcome.entry)
        ours += time.perf_counter() - begun
        if outcome.entry.status != "ok":
            raise SystemExit(f"{task.path} failed in this process: {outcome.entry.errors}")
        result.count += 1
        result.layouts_per_doc += len(layouts)
        result.weasyprint_per_doc += sum(layouts)
        result.final_layout_per_doc += layouts[-1] if layouts else 0.0
        path = folder / f"{task.index:04d}.html"
        path.write_text(last_html[0], encoding="utf-8")
        sheets = [prepared.project.css / name for name in names[0]]
        doc = Saved(path, [fonts_css(forms[0]), *sheets], variants[0])
        saved[task.path] = doc
        if len(saved) == 1:
            floor.one(doc)  # warm-up, untimed
        begun = time.perf_counter()
        floor.one(doc)
        floor_time += time.perf_counter() - begun
    imposed_time = 0.0
    for task, pages in later.values():
        begun = time.perf_counter()
        outcome = maker.make(_with_pages(task, pages, ledger))
        ledger.record(task.path, outcome.entry)
        imposed_time += time.perf_counter() - begun
        if outcome.entry.status != "ok":
            raise SystemExit(f"{task.path} failed in this process: {outcome.entry.errors}")
        saved[task.path] = saved[pages.path]
    begun = time.perf_counter()
    ledger.close()
    ours += time.perf_counter() - begun
    count = result.count
    result.imposed = len(later)
    result.imposed_per_doc = imposed_time / max(1, result.imposed)
    result.per_doc = ours / count
    result.floor_per_doc = floor_time / count
    result.layouts_per_doc /= count
    result.weasyprint_per_doc /= count
    result.final_layout_per_doc /= count
    return result, [saved[t.path] for t in chosen]


def parallelism() -> float:
    """How many cores this run really gets: a pure-Python loop, 2 processes vs 1."""
    import multiprocessing

    def burn() -> None:
        total = 0
        for i in range(3_000_000):
            total += i

    started = time.perf_counter()
    burn()
    single = time.perf_counter() - started
    context = multiprocessing.get_context("fork")
    procs = [context.Process(target=burn) for _ in range(2)]
    started = time.perf_counter()
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join()
    return 2 * single / (time.perf_counter() - started)


def memory(prepared: Prepared, tasks: list[Task], count: int, out: Path) -> list[int]:
    """Peak RSS (KiB) of each worker process while building `count` documents."""
    request = request_for(out)
    repeated = [
        Task(i, t.job, t.key, f"rep{i // len(tasks)}/{t.path}")
        for i, t in enumerate(tasks[j % len(tasks)] for j in range(count))
    ]
    # Same mix in every worker's share: CJK documents load a large font, and the matrix is
    # sorted by country, so without this the first 100 would hold none of them.
    random.Random(0).shuffle(repeated)
    stats = PoolStats()
    failures: list[str] = []

    def done(task: Task, outcome: Outcome | object) -> bool:
        if not isinstance(outcome, Outcome) or outcome.entry.status != "ok":
            failures.append(task.path)
        return True

    setup = WorkerSetup(prepared.project, request, prepared.overlay, prepared.dating)
    run_in_workers(setup, repeated, 2, lambda t: None, done, stats)
    assert not failures, failures[:5]
    return sorted(stats.peak_rss_kb.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--naive-sample",
        type=int,
        default=0,
        help="time only this many documents, drawn at random, for the naive "
        "baseline and extrapolate (default 0: all of them, ~4 minutes)",
    )
    parser.add_argument(
        "--paired-sample",
        type=int,
        default=0,
        help="time careprint and the floor on only this many documents, drawn "
        "at random (fixed seed), for the per-document figures (default 0: "
        "all of them; the larger matrix makes that ~10 minutes)",
    )
    parser.add_argument("--memory-docs", type=int, nargs=2, default=(100, 1000))
    parser.add_argument(
        "--countries",
        default="",
        help="only these countries' documents (comma-separated), for a machine "
        "too busy for the whole matrix (default: build --all)",
    )
    args = parser.parse_args()
    COUNTRIES.extend(c for c in args.countries.split(",") if c)
    for line in machine():
        say(line)
    say(f"Cores this run gets (pure-Python loop, 2 processes vs 1): {parallelism():.2f}")
    work = Path(tempfile.mkdtemp(prefix="careprint-bench-"))
    try:
        measure(args, work)
        say(f"Load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        say(f"Cores this run gets, measured again at the end: {parallelism():.2f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def say(line: str) -> None:
    """A figure, printed as soon as it is measured: a run stopped on a busy machine still
    keeps what it measured."""
    print(line, flush=True)


def measure(args: argparse.Namespace, work: Path) -> None:
    """Every stage, the figures each gives printed as it ends; --jobs 1 (the longest) last."""
    full_out = work / "full"
    stage("full build, default workers")
    full = cli(full_out)
    stage("no-op rebuild")
    noop = cli(full_out)
    prepared, tasks = prepare(request_for(full_out), BatchOptions(), ProblemList())
    from builder.output.manifest import read_manifest

    entries = read_manifest(full_out / "manifest.json", ProblemList()) or {}
    failed = sorted(p for p, e in entries.items() if e.status != "ok")
    good = [t for t in tasks if entries.get(t.path) and entries[t.path].status == "ok"]
    cores = len(os.sched_getaffinity(0))
    say(
        f"Matrix: {len(tasks)} documents planned, {len(good)} built, {len(failed)} failed"
        + (f" ({', '.join(failed)})" if failed else "")
        + (f"; countries {','.join(COUNTRIES)} only" if COUNTRIES else "")
    )
    say(
        f"Full build, {cores} workers (CLI, cold): {full:.1f} s = "
        f"{len(good) / full:.2f} documents/s"
    )
    say(
        f"No-op rebuild (CLI, same command again): {noop:.2f} s = {100 * noop / full:.1f}% "
        "of the full build"
    )
    html_dir = work / "html"
    html_dir.mkdir()
    stage("careprint with one worker, paired with the floor, in this process")
    timed = good
    if 0 < args.paired_sample < len(good):
        timed = with_their_pages(random.Random(14).sample(good, args.paired_sample), good)
    ours, saved = paired(timed, work / "ours", html_dir)
    floor_per_doc = ours.floor_per_doc
    made = ours.count + ours.imposed
    sampled = f", {made} of {len(good)} made" if made < len(good) else ""
    stage("naive baseline")
    naive_per_doc, naive_n = naive(prepared.project, saved, args.naive_sample)
    naive_total = naive_per_doc * len(good)
    say(
        f"Naive (one weasyprint process per document, {naive_n} of {len(good)} timed"
        f"{', extrapolated' if naive_n < len(good) else ''}): {naive_per_doc:.2f} s/doc, "
        f"{naive_total:.0f} s for the matrix; careprint is {naive_total / full:.1f}x faster"
    )
    say(
        f"  (ceiling with no overhead and perfect scaling on {cores} cores: {cores} x naive / "
        f"floor = {cores * naive_per_doc / floor_per_doc:.1f}x)"
    )
    say(
        f"Floor (WeasyPrint alone on the same final HTML, warm, paired per document"
        f"{sampled}, {ours.count} paired): "
        f"{floor_per_doc:.3f} s/doc; careprint one worker in-process: {ours.per_doc:.3f} "
        f"s/doc; overhead {100 * (ours.per_doc / floor_per_doc - 1):+.1f}%"
    )
    say(
        f"  of careprint's {ours.per_doc:.3f} s/doc: WeasyPrint {ours.weasyprint_per_doc:.3f}"
        f" s in {ours.layouts_per_doc:.2f} layouts per document, of which the written layout"
        f" + writing {ours.final_layout_per_doc:.3f} s and fitting's other layouts "
        f"{ours.weasyprint_per_doc - ours.final_layout_per_doc:.3f} s; careprint's own work "
        f"{ours.per_doc - ours.weasyprint_per_doc:.3f} s = "
        f"{100 * (ours.per_doc - ours.weasyprint_per_doc) / floor_per_doc:.1f}% of the floor"
    )
    say(
        f"  not paired: {ours.imposed} booklet documents imposed from the A5 pages just "
        f"written (no layout of their own for WeasyPrint alone to repeat): careprint "
        f"{ours.imposed_per_doc:.3f} s/doc; the naive baseline counts each as a run on its "
        "A5 pages' HTML, without the imposition"
    )
    small, large = args.memory_docs
    stage(f"memory, {small} documents")
    mem_small = memory(prepared, good, small, work / "mem-small")
    say(
        f"Peak RSS per worker, {small} docs: max {max(mem_small) / 1024:.0f} MiB, mean "
        f"{statistics.mean(mem_small) / 1024:.0f} MiB over {len(mem_small)} worker processes"
    )
    stage(f"memory, {large} documents")
    mem_large = memory(prepared, good, large, work / "mem-large")
    say(
        f"Peak RSS per worker, {large} docs: max {max(mem_large) / 1024:.0f} MiB, mean "
        f"{statistics.mean(mem_large) / 1024:.0f} MiB over {len(mem_large)} worker processes;"
        f" max grew {100 * (max(mem_large) / max(mem_small) - 1):+.1f}%"
    )
    stage("full build, --jobs 1")
    one = cli(work / "one", "--jobs", "1")
    say(f"Full build, --jobs 1 (CLI): {one:.1f} s; two workers vs one: {one / full:.2f}x")


if __name__ == "__main__":
    main()
