"""How the CLI shows a batch: a progress bar on a terminal, one line per document in a log,
or one JSON object per document for other programs; then a summary table.

Part of the CLI layer (it uses rich); the core only sends events (progress.py).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from builder.run.batch import BatchReport
from builder.run.events import Event, Finished, Listener, Planned, Preparing, Started


def _size(size: int) -> str:
    return f"{size / 1024:.0f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"


def document_line(event: Finished) -> str:
    facts = (
        f"  {event.pages} p, {_size(event.size)}" if event.status in ("built", "unchanged") else ""
    )
    timing = f", {event.seconds:.2f} s" if event.status == "built" else ""
    earlier = " (as before: inputs unchanged, --force retries)" if event.cached else ""
    return f"{event.status:9} {event.label}{facts}{timing}{earlier}"


def _details(event: Finished, root: Path | None) -> list[str]:
    return [f"  {p.render(root)}" for p in (*event.errors, *event.warnings)]


class PlainLog:
    """One line per document that changed or has problems: readable in CI logs.

    Documents that are unchanged and quiet are only counted (in the Planned line and the
    summary), so a log of a 5-document rebuild is 5 lines, not 255; verbose lists them too.
    Quiet prints only the documents with problems.
    """

    def __init__(
        self, root: Path | None, stream: TextIO, quiet: bool = False, verbose: bool = False
    ):
        self.root, self.stream, self.quiet, self.verbose = root, stream, quiet, verbose

    def __call__(self, event: Event) -> None:
        if isinstance(event, Preparing):
            if not self.quiet:
                print(event.text(), file=self.stream)
        elif isinstance(event, Planned):
            if self.quiet:
                return
            shard = f" (shard {event.shard})" if event.shard else ""
            print(
                f"{event.total} document(s){shard}: {event.to_build} to build, "
                f"{event.unchanged} unchanged, {event.workers} worker(s)",
                file=self.stream,
            )
        elif isinstance(event, Finished):
            # an unchanged document's warnings were shown when it was built (--json repeats them)
            troubled = bool(event.errors or event.warnings) and event.status != "unchanged"
            if not troubled and (self.quiet or (event.status == "unchanged" and not self.verbose)):
                return
            print(document_line(event), file=self.stream)
            for line in _details(event, self.root):
                print(line, file=self.stream)
        self.stream.flush()


class JsonLog:
    """One JSON object per document on stdout, for other programs."""

    def __init__(self, root: Path | None):
        self.root = root

    def __call__(self, event: Event) -> None:
        if isinstance(event, Preparing):  # for the person watching; stdout stays JSON lines
            print(event.text(), file=sys.stderr, flush=True)
        elif isinstance(event, Finished):
            print(json.dumps(event.as_json(self.root)), flush=True)


class Bar:
    """A progress bar with counts and the document being worked on; problems print above it."""

    def __init__(self, root: Path | None, console: Console):
        self.root = root
        self.progress = Progress(
            TextColumn("[bold]{task.fields[counts]}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("{task.description}"),
            console=console,
        )
        self.task = self.progress.add_task("planning", total=None, counts="")
        self.counts = {"built": 0, "unchanged": 0, "failed": 0, "cancelled": 0}

    def _counts(self) -> str:
        return " ".join(f"{n} {name}" for name, n in self.counts.items() if n) or "starting"

    def __call__(self, event: Event) -> None:
        if isinstance(event, Preparing):
            self.progress.console.print(event.text(), markup=False, highlight=False)
            self.progress.update(self.task, description=event.what)
        elif isinstance(event, Planned):
            self.progress.update(self.task, total=event.total, description="")
        elif isinstance(event, Started):
            self.progress.update(self.task, description=event.label)
        elif isinstance(event, Finished):
            self.counts[event.status] += 1
            if event.status == "failed" or (event.warnings and event.status == "built"):
                self.progress.console.print(document_line(event), markup=False, highlight=False)
                for line in _details(event, self.root):
                    self.progress.console.print(line, markup=False, highlight=False)
            self.progress.update(self.task, advance=1, counts=self._counts())


@contextmanager
def watching(
    root: Path | None, as_json: bool, quiet: bool = False, verbose: bool = False
) -> Iterator[Listener]:
    """The listener that suits where output goes: JSON, a terminal, or a log."""
    if as_json:
        yield JsonLog(root)
        return
    console = Console(stderr=True)
    if quiet or verbose or not console.is_terminal:
        yield PlainLog(root, sys.stderr, quiet, verbose)
        return
    bar = Bar(root, console)
    with bar.progress:
        yield bar


def _first(event: Finished, root: Path | None) -> str:
    """The first problem, without the document's name when it is printed beside it."""
    if not event.errors:
        return "(no detail)"
    return event.errors[0].render(root).replace(f"{event.label}: ", "", 1)


def summary(report: BatchReport, root: Path | None, as_json: bool) -> None:
    counts = {
        "built": len(report.built),
        "unchanged": len(report.unchanged),
        "failed": len(report.failed),
        "cancelled": len(report.cancelled),
    }
    if as_json:
        print(
            json.dumps(
                {
                    "event": "summary",
                    **counts,
                    "planned": report.planned,
                    "seconds": round(report.seconds, 3),
                    "out": str(report.out),
                    "ok": report.ok,
                    "warnings": [w.as_json(root) for w in report.warnings],
                }
            ),
            flush=True,
        )
        return
    table = Table(title=f"careprint build: {report.out}", title_justify="left")
    table.add_column("documents")
    table.add_column("count", justify="right")
    for name, count in counts.items():
        table.add_row(name, str(count), style="bold red" if name == "failed" and count else "")
    table.add_row("total", str(report.planned), style="bold")
    console = Console(soft_wrap=True)
    console.print(table)
    if report.failed and console.is_terminal:
        failures = Table(title="failed documents", title_justify="left")
        failures.add_column("document")
        failures.add_column("first problem")
        for event in report.failed:
            failures.add_row(event.label, _first(event, root))
        console.print(failures)
    elif report.failed:  # a log: one unwrapped line each
        console.print("failed documents:")
        for event in report.failed:
            console.print(f"  {event.label}: {_first(event, root)}", markup=False, highlight=False)
    retried = [e for e in report.failed if not e.cached]
    if not report.built and not retried:
        still = len(report.failed)
        console.print(
            "Nothing to rebuild: every document is up to date"
            + (
                f" ({still} still failing with unchanged inputs; --force retries)."
                if still
                else "."
            ),
            markup=False,
            highlight=False,
        )
    catalogue = report.out / "index.html"
    console.print(
        f"Finished in {report.seconds:.1f} s with {report.workers} worker(s). "
        f"Manifest: {report.out / 'manifest.json'}"
        + (f"; catalogue: {catalogue}" if catalogue.exists() else ""),
        markup=False,
        highlight=False,
    )
