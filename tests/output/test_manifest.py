"""The manifest survives a killed run: journal replay, cut-short lines, vanished files."""

from __future__ import annotations

import json
from pathlib import Path

from builder.base.errors import ProblemList
from builder.output.manifest import (
    CHECKPOINT_EVERY,
    JOURNAL,
    MANIFEST,
    Entry,
    Ledger,
    read_manifest,
)

KEY = "a" * 64


def entry(size: int, status: str = "ok") -> Entry:
    return Entry(
        pack="p",
        country="GB",
        locale="en",
        product="handout",
        paper="a4",
        key=KEY,
        status=status,
        sha256="b" * 64 if status == "ok" else "",
        size=size,
        pages=1,
    )  # type: ignore[arg-type]


def test_journal_of_a_killed_run_is_folded_in(tmp_path: Path) -> None:
    (tmp_path / "one.pdf").write_bytes(b"x" * 10)
    (tmp_path / "two.pdf").write_bytes(b"y" * 20)
    ledger = Ledger(tmp_path, ProblemList())
    ledger.record("one.pdf", entry(10))
    ledger.record("two.pdf", entry(20))
    # killed here: no checkpoint, and the last line was being written
    with open(tmp_path / JOURNAL, "a") as journal:
        journal.write('{"path": "three.pdf", "entr')
    reopened = Ledger(tmp_path, ProblemList())
    assert sorted(reopened.entries) == ["one.pdf", "two.pdf"]
    reopened.close()
    assert not (tmp_path / JOURNAL).exists()
    saved = read_manifest(tmp_path / MANIFEST, ProblemList())
    assert saved is not None and sorted(saved) == ["one.pdf", "two.pdf"]


def test_journal_is_folded_in_after_a_count_of_documents_not_a_time(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path, ProblemList())
    for n in range(CHECKPOINT_EVERY - 1):
        ledger.record(f"{n}.pdf", entry(n))
    assert (tmp_path / JOURNAL).exists() and not (tmp_path / MANIFEST).exists()
    ledger.record("last.pdf", entry(1))
    assert not (tmp_path / JOURNAL).exists()
    saved = read_manifest(tmp_path / MANIFEST, ProblemList())
    assert saved is not None and len(saved) == CHECKPOINT_EVERY


def test_entries_whose_files_are_gone_or_changed_are_dropped(tmp_path: Path) -> None:
    (tmp_path / "kept.pdf").write_bytes(b"x" * 10)
    (tmp_path / "resized.pdf").write_bytes(b"x" * 10)
    ledger = Ledger(tmp_path, ProblemList())
    for name in ("kept.pdf", "resized.pdf", "deleted.pdf"):
        ledger.record(name, entry(10))
    ledger.record("failed.pdf", entry(0, "failed"))
    ledger.close()
    (tmp_path / "resized.pdf").write_bytes(b"x" * 11)
    assert sorted(Ledger(tmp_path, ProblemList()).entries) == ["failed.pdf", "kept.pdf"]


def test_unreadable_manifest_means_rebuild_with_a_warning(tmp_path: Path) -> None:
    (tmp_path / MANIFEST).write_text("{ not json")
    problems = ProblemList()
    assert Ledger(tmp_path, problems).entries == {}
    assert "every document will be rebuilt" in problems.warnings[0].message


def test_read_manifest_names_what_is_wrong(tmp_path: Path) -> None:
    path = tmp_path / MANIFEST
    path.write_text(json.dumps({"format": 1, "documents": {"a.pdf": {"pack": "p"}}}))
    problems = ProblemList()
    assert read_manifest(path, problems) is None
    assert any("documents.a.pdf.country" in p.message for p in problems.errors)
