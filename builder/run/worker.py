"""One worker's document factory: set up once, then make document after document.

Setting up WeasyPrint is the expensive part of a small document (its import, the font
configuration, parsing CSS and templates), so each worker keeps one Typesetter and one Jinja
environment for all its documents. Nothing about a locale is kept between documents: each gets
its own translator from typeset_job. A failure, even a bug, is recorded against its document
and the worker goes on to the next one.
"""

from __future__ import annotations

import gc
import hashlib
import tempfile
import time
import traceback

from builder.base.errors import CareprintError, Problem, ProblemList
from builder.base.scratch import system_tmp
from builder.base.writer import write_atomic
from builder.model.freshness import age_warnings, for_document
from builder.model.overlay import by_file
from builder.model.project import translator_for
from builder.output.manifest import Entry
from builder.plan.jobs import DocumentJob
from builder.plan.pairs import locale_parts
from builder.run.tasks import (
    Outcome,
    Task,
    WorkerSetup,
    entry_facts,
    failed_entry,
    peak_rss_kb,
    thumbnail_path,
)
from builder.typeset.booklet import impose
from builder.typeset.facing import typeset_document
from builder.typeset.job import render_checked, typesetting_tools
from builder.typeset.thumbnail import first_page_png


def _bug(task: Task) -> Problem:
    with tempfile.NamedTemporaryFile(
        "w",
        prefix="careprint-crash-",
        suffix=".txt",
        delete=False,
        encoding="utf-8",
        dir=system_tmp(),
    ) as handle:
        handle.write(f"while building {task.job.label}\n{traceback.format_exc()}")
    return Problem(
        "CP7203",
        f"{task.job.label}: careprint hit a bug (not a problem with your input); "
        f"details are in {handle.name}, please attach that file to a bug report",
    )


# Laying out a document makes hundreds of thousands of short-lived objects, and its box tree is
# full of reference cycles. CPython's collector looks at the youngest objects every 700
# allocations and now and then walks everything, the project, fonts and parsed CSS included.
# A maker instead sets aside what it set up once (gc.freeze), lets the youngest generation grow
# to this many allocations, and collects once after each document, when the whole box tree has
# just become garbage: ~17 % less CPU for no more peak memory (bench/bench_gc.py).
# None: the collector as Python sets it (the bench's baseline).
YOUNG_COLLECTION: int | None = 50_000


class DocumentMaker:
    def __init__(self, setup: WorkerSetup):
        self.project = setup.project
        self.request = setup.request
        self.out = setup.request.out
        self.overlay = setup.overlay
        self.dating = setup.dating
        self.tools = typesetting_tools(self.project, self.overlay)
        # The age warnings of each pack's country (its rows and the pack's age limits): the
        # same for every document of theirs this maker makes, so judged once.
        self._ages: dict[tuple[str, str], tuple[Problem, ...]] = {}
        self._threshold = gc.get_threshold()
        self._tuned = YOUNG_COLLECTION is not None
        if YOUNG_COLLECTION is not None:
            gc.freeze()
            gc.set_threshold(YOUNG_COLLECTION, *self._threshold[1:])

    def close(self) -> None:
        """Remove WeasyPrint's font folder now: a worker process never collects it. A maker
        run in the caller's process (--jobs 1, tests) hands the collector back as it was."""
        self.tools.typesetter.close()
        if self._tuned:
            gc.set_threshold(*self._threshold)
            gc.unfreeze()

    def make(self, task: Task) -> Outcome:
        """Typeset one document and, if it passed every check, write it and its preview."""
        started = time.perf_counter()
        problems = ProblemList()
        translation = ""
        try:
            translation = "+".join(
                translator_for(self.project, locale).status
                for locale in locale_parts(task.job.locale)
            )
            pdf = self._from_pages(task, problems) if task.pages is not None else None
            if pdf is None and not problems.errors:
                pdf = typeset_document(task.job, self.tools, self.dating[task.job.pack], problems)
            problems.extend(for_document(self._age_warnings(task.job), task.job.label))
        except CareprintError as exc:
            problems.extend(exc.problems())
            pdf = None
        except Exception:
            problems.add(_bug(task))
            pdf = None
        failing = problems.failing(self.request.strict)
        # Under --strict a warning that failed the document is reported once, as its error.
        warnings = [] if self.request.strict and failing else problems.warnings
        entry = None
        if pdf is not None and not failing:
            try:
                entry = self._write(task, pdf, warnings, translation)
            except CareprintError as exc:  # the disk is full, the folder became read-only
                failing = exc.problems()
        if entry is None:
            entry = failed_entry(self.project, task, failing, warnings, translation)
        if self._tuned:
            gc.collect()  # the document's box tree, now garbage (YOUNG_COLLECTION)
        return Outcome(
            task.index,
            entry,
            tuple(failing),
            tuple(warnings),
            time.perf_counter() - started,
            peak_rss_kb(),
        )

    def _age_warnings(self, job: DocumentJob) -> tuple[Problem, ...]:
        """What the job's country's old rows make every document of it say, judged once."""
        key = (job.pack, job.country)
        if key not in self._ages:
            files = by_file(self.project.helplines[job.country], self.overlay)
            self._ages[key] = age_warnings(files, self.dating[job.pack])
        return self._ages[key]

    def _from_pages(self, task: Task, problems: ProblemList) -> bytes | None:
        """A booklet imposed from its A5 pages as written (checked against the manifest's
        sha256), so a build of both lays the pages out once. The booklet is still rendered
        (HTML only, no layout) for its own warnings. None when the file is not the one
        recorded: the caller then typesets the booklet in full."""
        assert task.pages is not None
        path, digest = task.pages
        try:
            pages = (self.out / path).read_bytes()
        except OSError:
            return None
        if hashlib.sha256(pages).hexdigest() != digest:
            return None
        job = task.job
        tr = translator_for(self.project, job.locale)
        if render_checked(job, self.tools, tr, self.dating[job.pack], problems) is None:
            return None
        return impose(pages, job.paper, right_to_left=tr.direction == "rtl")

    def _write(self, task: Task, pdf: bytes, warnings: list[Problem], translation: str) -> Entry:
        job = task.job
        pages, png = first_page_png(pdf)
        thumbnail = thumbnail_path(task.path)
        write_atomic(self.out / task.path, pdf)
        write_atomic(self.out / thumbnail, png)
        return Entry(
            **entry_facts(task),
            status="ok",
            sha256=hashlib.sha256(pdf).hexdigest(),
            size=len(pdf),
            pages=pages,
            translation=translation,
            helplines_checked=self.project.helplines[job.country].checked.isoformat(),
            thumbnail=thumbnail,
            warnings=[w.render(self.project.root) for w in warnings],
        )
