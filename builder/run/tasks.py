"""What passes between the batch and its workers: setup, one task, one outcome.

Kept apart from worker.py so the modules that only plan and record (cache, manifest, shards)
never need the typesetter.
"""

from __future__ import annotations

import resource
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from builder.base.errors import Problem
from builder.model.project import Project
from builder.output.manifest import Entry
from builder.plan.jobs import DocumentJob
from builder.plan.paper import printed_paper

if TYPE_CHECKING:
    from builder.model.freshness import Dating
    from builder.model.overlay import Overlay
    from builder.plan.request import BuildRequest

THUMBNAILS = "thumbnails"


@dataclass(frozen=True)
class WorkerSetup:
    """Everything a worker needs, sent once when it starts (the project is already loaded)."""

    project: Project
    request: BuildRequest
    overlay: Overlay | None
    dating: dict[str, Dating]  # per pack


@dataclass(frozen=True)
class Task:
    index: int
    job: DocumentJob
    key: str
    path: str  # where the PDF goes, relative to the output folder
    overlay: str = ""  # the name of the clinic whose overlay the build applies
    incomplete: tuple[tuple[str, float], ...] = ()  # (locale, share) built below the threshold
    # An imposed product's pages, written and current: (path in the output folder, sha256).
    # The worker imposes them instead of laying the pages out again (batch.py, worker.py).
    pages: tuple[str, str] | None = None


def entry_facts(task: Task) -> dict[str, Any]:
    """What every manifest entry says about its document, built or failed."""
    job = task.job
    return {
        "pack": job.pack,
        "country": job.country,
        "locale": job.locale,
        "product": job.product,
        "paper": printed_paper(job.product, job.paper),
        "key": task.key,
        "overlay": task.overlay,
        "incomplete": dict(task.incomplete),
    }


@dataclass(frozen=True)
class Outcome:
    index: int
    entry: Entry
    errors: tuple[Problem, ...]
    warnings: tuple[Problem, ...]
    seconds: float
    peak_rss_kb: int


def thumbnail_path(path: str) -> str:
    return f"{THUMBNAILS}/{Path(path).with_suffix('.png').as_posix()}"


def peak_rss_kb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def failed_entry(
    project: Project,
    task: Task,
    errors: list[Problem],
    warnings: list[Problem],
    translation: str = "",
) -> Entry:
    job = task.job
    return Entry(
        **entry_facts(task),
        status="failed",
        translation=translation,
        helplines_checked=project.helplines[job.country].checked.isoformat(),
        warnings=[w.render(project.root) for w in warnings],
        errors=[e.render(project.root) for e in errors],
    )
