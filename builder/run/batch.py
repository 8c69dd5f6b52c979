"""Batch builds: many documents, in parallel, rebuilding only what changed.

Bad input is still all-or-nothing: loading, validation and planning finish before anything is
written, and any error there stops the run with nothing written. After that each document
stands alone: one that fails to typeset is reported (and any older copy of it removed, so no
stale numbers stay in circulation) while the others are built; so is one validation refused
for itself alone (Prepared.refused: a country's default language that has no safe-messaging
rules yet, or is below its pack's completeness threshold; under --strict, a country taken by
default whose language ships only as another region's catalog), without being typeset. The output
folder's manifest says what each file is and which inputs made it; a document whose inputs key
matches is not rebuilt.
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from builder.base.errors import Problem, ProblemList, Severity
from builder.base.writer import claim_paths
from builder.model.project import Project
from builder.output.index_page import write_catalogue
from builder.output.manifest import MANIFEST, Entry, Ledger
from builder.output.outfolder import (
    locked,
    prepare_folder,
    refuse_links_out,
    refuse_out_in_inputs,
)
from builder.output.shards import Shard
from builder.plan.jobs import DocumentJob
from builder.plan.pairs import locale_parts
from builder.plan.paper import PAGES_OF
from builder.plan.request import BuildRequest, Prepared
from builder.render.products import SIZES_FIRST
from builder.run.events import Finished, Listener, Planned, Preparing, Started, ignore
from builder.run.inputkeys import InputsKeys
from builder.run.pool import DOC_TIMEOUT, DOCS_PER_WORKER, PoolStats, run_in_process, run_in_workers
from builder.run.stopping import StopRequest, stop_when_asked
from builder.run.tasks import Outcome, Task, WorkerSetup, failed_entry, thumbnail_path
from builder.typeset.fonts import CUTTING_SECONDS, instances_to_cut


@dataclass(frozen=True)
class BatchOptions:
    jobs: int = 0  # 0: one per CPU
    force: bool = False
    fail_fast: bool = False
    shard: Shard | None = None
    docs_per_worker: int = DOCS_PER_WORKER
    doc_timeout: float = DOC_TIMEOUT  # processor seconds one document may use in a worker
    catalogue: bool = True
    allow_existing: bool = False  # --allow-existing-files: out may hold files of others


@dataclass
class BatchReport:
    out: Path
    planned: int = 0
    built: list[Finished] = field(default_factory=list)
    unchanged: list[Finished] = field(default_factory=list)
    failed: list[Finished] = field(default_factory=list)
    cancelled: list[Finished] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    stopped_by: str = ""  # the signal that stopped the run early ("SIGTERM"), if one did
    seconds: float = 0.0
    workers: int = 0
    stats: PoolStats = field(default_factory=PoolStats)
    catalogue: Path | None = None

    @property
    def ok(self) -> bool:
        return not self.failed and not self.cancelled


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def matrix_digest(prepared: Prepared) -> str:
    """Every document of the whole plan, before sharding: the same for each shard of one
    matrix, so `manifest merge` refuses shards of two (manifest.py's matrix)."""
    paths = sorted(job.relative_path().as_posix() for job in prepared.jobs)
    return hashlib.sha256("\n".join(paths).encode()).hexdigest()


def plan_tasks(request: BuildRequest, options: BatchOptions, prepared: Prepared) -> list[Task]:
    """This shard's slice of the plan, in dispatch order, each document keyed by its inputs."""
    jobs = dispatch_order(prepared.jobs)
    if options.shard is not None:
        jobs = [job for job in jobs if options.shard.holds(job.label)]
    claim_paths([request.out / job.relative_path() for job in jobs])
    keys = InputsKeys(prepared.project, request, prepared.dating)
    clinic = prepared.overlay.settings.name if prepared.overlay else ""
    return [
        Task(
            i,
            job,
            keys.key(job),
            job.relative_path().as_posix(),
            clinic,
            tuple(
                (locale, prepared.incomplete[job.pack, locale])
                for locale in locale_parts(job.locale)
                if (job.pack, locale) in prepared.incomplete
            ),
        )
        for i, job in enumerate(jobs)
    ]


def dispatch_order(jobs: list[DocumentJob]) -> list[DocumentJob]:
    """Plan order, except that within each pack, country and locale the products whose
    fitted sizes the others reuse go first (see products.SIZES_FIRST)."""
    groups: dict[tuple[str, str, str], int] = {}
    for job in jobs:
        groups.setdefault((job.pack, job.country, job.locale), len(groups))
    return sorted(
        jobs,
        key=lambda job: (groups[job.pack, job.country, job.locale], job.product not in SIZES_FIRST),
    )


# Failures of the machine, not of the inputs: a file the disk refused (full, read-only) and a
# worker killed from outside (out of memory, kill). Their fixes say "free some space", "run
# again": the next run must try again, not report the same failure from the manifest.
MACHINE_FAILURES = ("CP7008", "CP7201")


def _current(ledger: Ledger, task: Task) -> bool:
    """Built from these very inputs before, whether it passed or failed then.

    A failure with unchanged inputs would fail again (fonts and system fonts are part of the
    key), so it is reported again rather than retried; --force retries. A failure of the
    machine (MACHINE_FAILURES) is retried.
    """
    entry = ledger.entries.get(task.path)
    if entry is None or entry.key != task.key:
        return False
    codes = {error.split(" ", 2)[1] for error in entry.errors if error.count(" ") >= 1}
    return not codes & set(MACHINE_FAILURES)


def _withdrawn(entry: Entry, project: Project) -> str:
    """Why a document the folder holds can no longer be built from this project ("" if it
    can): its pack, its country's helpline file or the pack's product is gone."""
    pack = project.packs.get(entry.pack)
    if pack is None:
        return f"the pack {entry.pack} is no longer in the project"
    if entry.country not in project.helplines:
        return f"{entry.country} has no helpline file any more (packs/helplines/)"
    if entry.product not in pack.definition.products:
        return f"the pack {entry.pack} no longer has the product {entry.product}"
    return ""


def _remove_withdrawn(out: Path, ledger: Ledger, project: Project, problems: ProblemList) -> None:
    """Take away the documents of a country, pack or product the project no longer has: a
    withdrawn country's helpline file (its numbers no longer checked) must not leave its old
    cards listed as current in manifest.json and the catalogue. Each is said as a warning."""
    gone = {
        path: why for path, entry in ledger.entries.items() if (why := _withdrawn(entry, project))
    }
    refuse_links_out(out, [name for path in gone for name in (path, thumbnail_path(path))])
    for path, why in sorted(gone.items()):
        for name in (path, thumbnail_path(path)):
            (out / name).unlink(missing_ok=True)
        ledger.forget(path)
        problems.warn(
            "CP7011",
            f"removed {path} (and its thumbnail): {why}",
            out / MANIFEST,
            fix="nothing to do if that was meant; else restore what was removed from the project",
        )


def _earlier(task: Task, entry: Entry, root: Path) -> Finished:
    """The document as the manifest recorded it, with the warnings (and errors) it had then:
    an unchanged document still has them, and --json says so."""
    warnings = tuple(Problem.from_text(m, Severity.WARNING, root) for m in entry.warnings)
    if entry.status == "ok":
        return Finished(
            task.job.label,
            task.path,
            "unchanged",
            pages=entry.pages,
            size=entry.size,
            warnings=warnings,
        )
    return Finished(
        task.job.label,
        task.path,
        "failed",
        cached=True,
        errors=tuple(Problem.from_text(m, Severity.ERROR, root) for m in entry.errors),
        warnings=warnings,
    )


def _imposed_later(tasks: list[Task], todo: list[Task]) -> dict[int, tuple[Task, Task]]:
    """Imposed documents to build after the others, each with the task of its pages planned
    in this run (paper.PAGES_OF): the booklet's sheets are imposed from the A5 pages as
    written, so a build of both lays the pages out once."""
    by_path = {task.path: task for task in tasks}
    later = {}
    for task in todo:
        if (product := PAGES_OF.get(task.job.product)) is None:
            continue
        pages = replace(task.job, product=product).relative_path().as_posix()
        if pages in by_path:
            later[task.index] = (task, by_path[pages])
    return later


def _with_pages(task: Task, pages: Task, ledger: Ledger) -> Task:
    """The task, told where its pages are when they were written from these very inputs."""
    entry = ledger.entries.get(pages.path)
    if entry is None or entry.status != "ok" or entry.key != pages.key:
        return task  # they failed, or were not built: the imposed document is made in full
    return replace(task, pages=(pages.path, entry.sha256))


def _remove_leftovers(out: Path, tasks: list[Task]) -> None:
    """Temporary files of a run that was killed mid-write (never at a final path)."""
    folders = {(out / t.path).parent for t in tasks}
    folders |= {(out / thumbnail_path(t.path)).parent for t in tasks}
    for folder in folders:
        for part in folder.glob(".*.part") if folder.is_dir() else ():
            part.unlink(missing_ok=True)


def run_batch(
    request: BuildRequest,
    prepared: Prepared,
    problems: ProblemList,
    options: BatchOptions = BatchOptions(),
    listener: Listener = ignore,
) -> BatchReport:
    """Build the planned documents that are not current; see the module docstring.

    `prepared` is the pipeline's plan (pipeline.prepare); `problems` holds its warnings."""
    started = time.perf_counter()
    if cuts := instances_to_cut():
        listener(Preparing(f"cutting {cuts} font instances into the cache", CUTTING_SECONDS))
    tasks = plan_tasks(request, options, prepared)
    project = prepared.project
    report = BatchReport(request.out, planned=len(tasks), warnings=list(problems.warnings))
    refuse_out_in_inputs(
        request.out, [project.root / "packs", project.templates, project.root / "locales"]
    )
    prepare_folder(request.out, options.allow_existing)
    with locked(request.out):
        refuse_links_out(
            request.out, [name for t in tasks for name in (t.path, thumbnail_path(t.path))]
        )
        ledger = Ledger(
            request.out,
            problems,
            str(options.shard or ""),
            matrix_digest(prepared) if options.shard else "",
        )
        _remove_withdrawn(request.out, ledger, project, problems)
        report.warnings = list(problems.warnings)
        # A refused document fails again every run, whatever the manifest says of it.
        todo = [
            t
            for t in tasks
            if options.force or t.job in prepared.refused or not _current(ledger, t)
        ]
        todo_indexes = {t.index for t in todo}
        workers = min(options.jobs or default_jobs(), len(todo)) or 1
        report.workers = workers if todo else 0
        listener(
            Planned(
                len(tasks),
                len(todo),
                len(tasks) - len(todo),
                report.workers,
                str(options.shard or ""),
            )
        )
        for task in tasks:
            if task.index not in todo_indexes:
                finished = _earlier(task, ledger.entries[task.path], project.root)
                (report.unchanged if finished.status == "unchanged" else report.failed).append(
                    finished
                )
                listener(finished)
        try:
            with stop_when_asked() as stop:
                _build(prepared, request, options, tasks, todo, ledger, report, listener, stop)
            # A signal that came with the last document in hand stopped nothing.
            report.stopped_by = stop.name if report.cancelled else ""
        finally:
            ledger.close()
        if options.catalogue and (ledger.changed or not (request.out / "index.html").exists()):
            orders = {
                pack_id: list(pack.definition.products) for pack_id, pack in project.packs.items()
            }
            report.catalogue = write_catalogue(
                project.templates, request.out, ledger.entries, orders
            )
    report.seconds = time.perf_counter() - started
    return report


def _build(
    prepared: Prepared,
    request: BuildRequest,
    options: BatchOptions,
    tasks: list[Task],
    todo: list[Task],
    ledger: Ledger,
    report: BatchReport,
    listener: Listener,
    stop: StopRequest,
) -> None:
    if not todo:
        return
    project = prepared.project
    _remove_leftovers(request.out, todo)
    done: set[int] = set()
    stopped = False

    def on_start(task: Task) -> None:
        listener(Started(task.job.label, task.path))

    def failed(task: Task, errors: tuple[Problem, ...]) -> Outcome:
        return Outcome(
            task.index, failed_entry(project, task, list(errors), []), errors, (), 0.0, 0
        )

    def on_done(task: Task, outcome: Outcome | Problem) -> bool:
        done.add(task.index)
        if isinstance(outcome, Problem):
            outcome = failed(task, (outcome,))
        entry = outcome.entry
        if entry.status == "failed":
            # An older copy would carry old inputs (perhaps an old number): take it away.
            for stale in (task.path, thumbnail_path(task.path)):
                (request.out / stale).unlink(missing_ok=True)
        ledger.record(task.path, entry)
        finished = Finished(
            task.job.label,
            task.path,
            "built" if entry.status == "ok" else "failed",
            outcome.seconds,
            entry.pages,
            entry.size,
            outcome.errors,
            outcome.warnings,
        )
        (report.built if entry.status == "ok" else report.failed).append(finished)
        listener(finished)
        nonlocal stopped
        stopped = stopped or stop.asked or (options.fail_fast and entry.status == "failed")
        return not stopped

    for task in todo:  # failed before typesetting: said as every failed document is
        if task.job in prepared.refused and not stopped:
            on_done(task, failed(task, prepared.refused[task.job]))
    typeset = [task for task in todo if task.job not in prepared.refused]
    setup = WorkerSetup(project, request, prepared.overlay, prepared.dating)

    def run(batch: list[Task]) -> None:
        workers = min(report.workers, len(batch))
        if workers <= 1:
            run_in_process(setup, batch, on_start, on_done, report.stats)
        else:
            run_in_workers(
                setup,
                batch,
                workers,
                on_start,
                on_done,
                report.stats,
                options.docs_per_worker,
                options.doc_timeout,
            )

    later = _imposed_later(tasks, typeset)
    if not (stopped or stop.asked):
        run([t for t in typeset if t.index not in later])
    if later and not (stopped or stop.asked):
        run([_with_pages(task, pages, ledger) for task, pages in later.values()])
    for task in todo:
        if task.index not in done:
            why = (
                Problem(
                    "CP7205",
                    f"{task.job.label}: not built: the run was stopped ({stop.name})",
                    fix="run the same command again to build it",
                )
                if stop.asked
                else Problem(
                    "CP7204",
                    f"{task.job.label}: not built: --fail-fast stopped the run after a "
                    "document failed",
                    fix="fix that document, or build without --fail-fast",
                )
            )
            finished = Finished(task.job.label, task.path, "cancelled", errors=(why,))
            report.cancelled.append(finished)
            listener(finished)
