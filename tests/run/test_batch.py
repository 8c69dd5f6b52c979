"""Batch builds: every document, a manifest that matches the files, rebuild only what changed,
and one bad document never stops the others."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from pypdf import PdfReader

from builder import pipeline
from builder.base.errors import InputError
from builder.plan.jobs import DocumentJob
from builder.plan.paper import PAPERS
from builder.plan.request import BuildRequest
from builder.run.batch import BatchOptions, dispatch_order
from builder.run.events import Event, Finished, Planned

from ..conftest import TIMEOUT, MiniProject
from ..pipeline.test_build import DOUBTFUL

DOCS = [
    "mini/GB/en/card-sheet.pdf",
    "mini/GB/en/handout.pdf",
    "mini/US/en/card-sheet.pdf",
    "mini/US/en/handout.pdf",
]


def request(mini: MiniProject, **kw: object) -> BuildRequest:
    return BuildRequest(root=mini.root, out=mini.root / "out", **kw)  # type: ignore[arg-type]


def one_job(**kw: object) -> BatchOptions:
    return BatchOptions(jobs=1, **kw)  # type: ignore[arg-type]


def manifest(mini: MiniProject) -> dict[str, dict[str, object]]:
    data = json.loads((mini.root / "out" / "manifest.json").read_text())
    return data["documents"]  # type: ignore[no-any-return]


def statuses(events: list[Event]) -> dict[str, str]:
    return {e.path: e.status for e in events if isinstance(e, Finished)}


def overflow_card(mini: MiniProject) -> None:
    card = mini.pack / "card.toml"
    card.write_text(card.read_text().replace('"Be patient."', '"' + "Be patient. " * 80 + '"'))


def test_builds_every_document_with_a_manifest_that_matches_the_files(mini: MiniProject) -> None:
    events: list[Event] = []
    report = pipeline.build(request(mini), one_job(), events.append)
    out = mini.root / "out"
    assert sorted(f.path for f in report.built) == DOCS and report.ok
    entries = manifest(mini)
    assert sorted(entries) == DOCS
    for path, entry in entries.items():
        data = (out / path).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
        assert entry["size"] == len(data)
        assert entry["pages"] == len(PdfReader(out / path).pages)
        assert entry["status"] == "ok" and entry["locale"] == "en"
        assert entry["translation"] == "source" and entry["helplines_checked"] == "2026-11-01"
        assert len(str(entry["key"])) == 64
        assert (out / str(entry["thumbnail"])).read_bytes().startswith(b"\x89PNG")
    assert entries["mini/GB/en/card-sheet.pdf"]["pages"] == 2
    planned = [e for e in events if isinstance(e, Planned)]
    assert planned == [Planned(total=4, to_build=4, unchanged=0, workers=1)]
    assert not (out / ".manifest.journal").exists()


def test_second_run_rebuilds_nothing_and_touch_alone_changes_nothing(mini: MiniProject) -> None:
    pipeline.build(request(mini), one_job())
    first = manifest(mini)
    os.utime(mini.helplines / "GB.toml")  # a new time, same contents
    events: list[Event] = []
    report = pipeline.build(request(mini), one_job(), events.append)
    assert report.built == [] and len(report.unchanged) == 4
    assert set(statuses(events).values()) == {"unchanged"}
    assert manifest(mini) == first


def test_changing_one_helpline_file_rebuilds_only_that_country(mini: MiniProject) -> None:
    pipeline.build(request(mini), one_job())
    before = manifest(mini)
    path = mini.helplines / "GB.toml"
    path.write_text(path.read_text().replace("2026-11-01", "2026-11-05"))
    report = pipeline.build(request(mini), one_job())
    assert sorted(f.path for f in report.built) == DOCS[:2]
    assert sorted(f.path for f in report.unchanged) == DOCS[2:]
    after = manifest(mini)
    assert after["mini/GB/en/handout.pdf"]["key"] != before["mini/GB/en/handout.pdf"]["key"]
    assert after["mini/US/en/handout.pdf"] == before["mini/US/en/handout.pdf"]


def test_force_rebuilds_everything(mini: MiniProject) -> None:
    pipeline.build(request(mini, products=["card-sheet"]), one_job())
    report = pipeline.build(request(mini, products=["card-sheet"]), one_job(force=True))
    assert len(report.built) == 2 and report.unchanged == []


def test_one_failing_document_does_not_stop_the_others(mini: MiniProject) -> None:
    pipeline.build(request(mini), one_job())  # a good build first: its cards must not linger
    overflow_card(mini)
    report = pipeline.build(request(mini), one_job())
    assert not report.ok
    assert sorted(f.path for f in report.failed) == [DOCS[0], DOCS[2]]
    assert all("does not fit" in f.errors[0].message for f in report.failed)
    out = mini.root / "out"
    assert not (out / DOCS[0]).exists() and not (out / DOCS[2]).exists()
    entries = manifest(mini)
    assert entries[DOCS[0]]["status"] == "failed" and entries[DOCS[0]]["sha256"] == ""
    assert "does not fit" in str(entries[DOCS[0]]["errors"])
    assert entries[DOCS[1]]["status"] == "ok"


def test_failed_documents_are_tried_again(mini: MiniProject) -> None:
    overflow_card(mini)
    pipeline.build(request(mini, products=["card-sheet"]), one_job())
    card = mini.pack / "card.toml"
    card.write_text(card.read_text().replace("Be patient. " * 80, "Be patient."))
    report = pipeline.build(request(mini, products=["card-sheet"]), one_job())
    assert len(report.built) == 2 and report.ok


def test_fail_fast_stops_at_the_first_failure(mini: MiniProject) -> None:
    overflow_card(mini)
    events: list[Event] = []
    report = pipeline.build(request(mini), one_job(fail_fast=True), events.append)
    assert statuses(events) == {
        DOCS[1]: "built",
        DOCS[0]: "failed",
        DOCS[3]: "cancelled",
        DOCS[2]: "cancelled",
    }
    assert not report.ok
    # A cancelled document says why with its code, for a log reader and a --json filter alike.
    for finished in report.cancelled:
        [problem] = finished.errors
        assert problem.code == "CP7204" and "--fail-fast" in problem.message, problem
        assert finished.as_json()["errors"][0]["code"] == "CP7204"


def test_input_errors_still_write_nothing(mini: MiniProject) -> None:
    path = mini.helplines / "US.toml"
    path.write_text(path.read_text().replace('value = "988"', 'valu = "988"'))
    with pytest.raises(InputError, match="unknown key"):
        pipeline.build(request(mini), one_job())
    assert not (mini.root / "out").exists()


def test_strict_fails_documents_with_warnings(mini: MiniProject) -> None:
    path = mini.helplines / "GB.toml"
    path.write_text(path.read_text() + DOUBTFUL)  # left off GB's card, with a warning
    report = pipeline.build(request(mini, products=["card-sheet"], strict=True), one_job())
    assert [f.path for f in report.failed] == [DOCS[0]]
    assert "doubtful left off the card" in report.failed[0].errors[0].message
    assert [f.path for f in report.built] == [DOCS[2]]
    # The warning that failed the document is its error now: reported once, as an error, in
    # the log and --json (Finished) and in manifest.json, never also listed as a warning.
    failed = report.failed[0]
    assert failed.errors and not failed.warnings
    assert all(str(e.severity) == "error" for e in failed.errors)
    entry = json.loads((mini.root / "out/manifest.json").read_text())["documents"][DOCS[0]]
    assert entry["warnings"] == []
    assert [e.split(" ", 2)[:2] for e in entry["errors"]] == [
        ["error", e.code] for e in failed.errors
    ]


def test_two_workers_recycled_each_document_build_the_same_bytes(
    mini: MiniProject, tmp_path: Path
) -> None:
    serial = pipeline.build(request(mini, products=["card-sheet"]), one_job())
    parallel_out = tmp_path / "parallel"
    parallel = pipeline.build(
        BuildRequest(root=mini.root, out=parallel_out, products=["card-sheet"]),
        BatchOptions(jobs=2, docs_per_worker=1),
    )
    assert parallel.ok and parallel.workers == 2 and parallel.stats.workers_started == 2
    assert all(kb > 0 for kb in parallel.stats.peak_rss_kb.values())
    for event in serial.built:
        assert (parallel_out / event.path).read_bytes() == (
            mini.root / "out" / event.path
        ).read_bytes()


def pdf_pages(path: Path) -> int:
    return len(PdfReader(path).pages)  # raises on a truncated or damaged file


def eight_card_sheets(mini: MiniProject, out: Path) -> list[str]:
    """A careprint command building eight card sheets (four packs) on two workers, with
    --json: long enough to stop in the middle."""
    for extra in ("second", "third", "fourth"):
        mini.copy_pack(extra)
    careprint = str(Path(sys.executable).parent / "careprint")
    return [careprint, "build", "--root", str(mini.root), "--out", str(out)] + [
        "--product", "card-sheet", "--jobs", "2", "--json",
    ]  # fmt: skip


def signalled_after_first_document(
    command: list[str], stop: signal.Signals
) -> tuple[subprocess.Popen[str], str, str]:
    """Run a --json build and send `stop` to careprint only (as kill does, not its workers)
    once its first document is built; return the process, the rest of stdout and stderr."""
    run = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    watchdog = threading.Timer(TIMEOUT, run.kill)  # a hung build fails this test, not the suite
    watchdog.start()
    try:
        assert run.stdout is not None
        for line in run.stdout:
            # A "built" event comes after its PDF and its journal line are on disk.
            if json.loads(line).get("status") == "built":
                run.send_signal(stop)
                break
        rest, stderr = run.communicate(timeout=TIMEOUT)
    finally:
        watchdog.cancel()
    return run, rest, stderr


def test_sigkill_mid_run_then_rerun_finishes_with_everything_consistent(mini: MiniProject) -> None:
    out = mini.root / "out"
    command = eight_card_sheets(mini, out)
    run, _, _ = signalled_after_first_document(command, signal.SIGKILL)  # no chance to tidy up
    assert run.returncode == -signal.SIGKILL
    for pdf in out.rglob("*.pdf"):
        pdf_pages(pdf)  # whatever is at a final path is complete
    # One document recorded, far fewer than a checkpoint's count: the journal is still there.
    assert (out / ".manifest.journal").exists()

    again = subprocess.run(command, capture_output=True, text=True, check=False, timeout=TIMEOUT)
    assert again.returncode == 0, again.stderr
    events = [json.loads(line) for line in again.stdout.splitlines()]
    documents = {e["path"]: e["status"] for e in events if e["event"] == "document"}
    assert len(documents) == 8 and "unchanged" in documents.values()
    assert set(documents.values()) <= {"built", "unchanged"}
    entries = manifest(mini)
    assert sorted(entries) == sorted(documents)
    for path, entry in entries.items():
        data = (out / path).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
        assert entry["pages"] == pdf_pages(out / path)
    assert not (out / ".manifest.journal").exists()
    assert list(out.rglob("*.part")) == []


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_sigterm_or_ctrl_c_mid_run_leaves_the_manifest_saying_what_is_on_disk(
    mini: MiniProject, stop: signal.Signals
) -> None:
    """`kill`, `timeout` and a cancelled CI job send SIGTERM, a terminal SIGINT: the run hands
    out no more documents, finishes those in hand and records them, so manifest.json and
    index.html say what is on disk without a rerun (run/stopping.py)."""
    out = mini.root / "out"
    run, rest, stderr = signalled_after_first_document(eight_card_sheets(mini, out), stop)
    assert run.returncode == 128 + stop, stderr
    assert f"stopped by {stop.name} before it finished" in stderr and "Traceback" not in stderr
    events = [json.loads(line) for line in rest.splitlines()]
    cancelled = [e for e in events if e.get("status") == "cancelled"]
    assert cancelled and all(
        e["errors"][0]["code"] == "CP7205" and f"stopped ({stop.name})" in e["errors"][0]["message"]
        for e in cancelled
    )
    on_disk = {str(p.relative_to(out)) for p in out.rglob("*.pdf")}
    entries = manifest(mini)
    assert 0 < len(on_disk) < 8 and sorted(entries) == sorted(on_disk)
    for path, entry in entries.items():
        assert entry["status"] == "ok"
        assert entry["sha256"] == hashlib.sha256((out / path).read_bytes()).hexdigest()
    catalogue = (out / "index.html").read_text(encoding="utf-8")
    assert all(path in catalogue for path in on_disk)
    assert not (out / ".manifest.journal").exists()
    assert list(out.rglob("*.part")) == []


def test_unchanged_failures_are_reported_again_not_retried(mini: MiniProject) -> None:
    overflow_card(mini)
    pipeline.build(request(mini, products=["card-sheet"]), one_job())
    events: list[Event] = []
    report = pipeline.build(request(mini, products=["card-sheet"]), one_job(), events.append)
    assert [e.status for e in events if isinstance(e, Finished)] == ["failed", "failed"]
    assert report.built == [] and all(f.cached for f in report.failed) and not report.ok
    assert "does not fit" in report.failed[0].errors[0].message
    forced = pipeline.build(request(mini, products=["card-sheet"]), one_job(force=True))
    assert len(forced.failed) == 2 and not any(f.cached for f in forced.failed)


def test_cards_are_handed_out_before_the_products_that_reuse_their_sizes() -> None:
    def job(country: str, product: str) -> DocumentJob:
        return DocumentJob("p", country, "en", product, PAPERS["a4"], "long-edge")

    planned = [
        job(c, p) for c in ("GB", "IE") for p in ("handout", "card-sheet", "card", "card-fold")
    ]
    assert [(j.country, j.product) for j in dispatch_order(planned)] == [
        ("GB", "card"),
        ("GB", "handout"),
        ("GB", "card-sheet"),
        ("GB", "card-fold"),
        ("IE", "card"),
        ("IE", "handout"),
        ("IE", "card-sheet"),
        ("IE", "card-fold"),
    ]


def test_a_withdrawn_country_s_documents_are_removed_and_said(mini: MiniProject) -> None:
    """A country whose helpline file is taken out (its numbers no longer checked) must not
    keep its old cards listed as current; a build of what is left removes them and says so,
    while a build of one country leaves the others' documents alone."""
    out = mini.root / "out"
    pipeline.build(request(mini, products=["card-sheet"]), one_job())
    assert pipeline.build(request(mini, countries=["GB"]), one_job()).ok  # US stays
    assert "mini/US/en/card-sheet.pdf" in manifest(mini)
    (mini.helplines / "US.toml").unlink()
    report = pipeline.build(request(mini, products=["card-sheet"]), one_job())
    assert report.ok
    removed = [w for w in report.warnings if w.code == "CP7011"]
    assert [w.message for w in removed] == [
        "removed mini/US/en/card-sheet.pdf (and its thumbnail): US has no helpline file any "
        "more (packs/helplines/)"
    ]
    assert sorted(manifest(mini)) == ["mini/GB/en/card-sheet.pdf", "mini/GB/en/handout.pdf"]
    assert not (out / "mini" / "US" / "en" / "card-sheet.pdf").exists()
    assert not list((out / "thumbnails").rglob("US/*/*.png"))
    assert "US/en/card-sheet" not in (out / "index.html").read_text(encoding="utf-8")
