"""Building in tests: through the pipeline every command runs, never a path of its own."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from builder import pipeline
from builder.base.errors import InputError, Problem
from builder.plan.request import BuildRequest
from builder.run.batch import BatchOptions, BatchReport


@dataclass
class Built:
    """What a test reads from a build: the run's report, the files written, every warning."""

    report: BatchReport
    written: list[Path]
    warnings: list[Problem]


def build_docs(request: BuildRequest, **options: Any) -> Built:
    """Build through the pipeline every command runs (pipeline.build), in this process, every
    document afresh, and fail as `careprint build` does: an InputError naming each problem of
    the documents that failed (the good ones are written, as the CLI writes them)."""
    report = pipeline.build(
        request, BatchOptions(**({"jobs": 1, "force": True, "catalogue": False} | options))
    )
    if report.failed or report.cancelled:
        raise InputError(
            [e for f in report.failed for e in f.errors]
            or [Problem("CP7204", f"{f.label}: cancelled") for f in report.cancelled]
        )
    documents = report.built + report.unchanged
    return Built(
        report,
        [request.out / f.path for f in report.built],
        report.warnings + [w for f in documents for w in f.warnings],
    )
