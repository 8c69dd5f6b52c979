"""out/manifest.json: what is in the output folder, how it was made, and whether it is current.

The manifest is only ever replaced whole (write to a temporary file, then rename), so a reader
never sees half of one. During a run each finished document is also appended to a journal next
to it; a run that is killed (even with SIGKILL) leaves the journal behind, and the next run folds
it in before deciding what to rebuild. A PDF is always written before its journal line, so the
manifest never names a file that is not there; an entry whose file has gone is dropped on load.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Literal, TextIO

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from . import __version__
from .errors import ProblemList
from .tomlsource import describe
from .writer import write_atomic

MANIFEST = "manifest.json"
JOURNAL = ".manifest.journal"
# The journal is folded into manifest.json every this many documents (and at the end of a run).
# Counted, not timed: what a killed run leaves behind then depends on how far it got, never on
# how fast the machine was, and rewriting the manifest stays a small share of a batch's work.
CHECKPOINT_EVERY = 64


class Entry(BaseModel):
    """One document. `status` is "ok" (the PDF at this path is current) or "failed"."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    pack: str
    country: str
    locale: str
    product: str
    paper: str
    key: str = Field(pattern=r"^[0-9a-f]{64}$")
    status: Literal["ok", "failed"]
    sha256: str = ""
    size: int = Field(default=0, ge=0)
    pages: int = Field(default=0, ge=0)
    translation: str = ""
    helplines_checked: str = ""
    thumbnail: str = ""
    warnings: list[str] = []
    errors: list[str] = []


class ManifestFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    format: Literal[1] = 1
    generator: str = f"careprint {__version__}"
    documents: dict[str, Entry] = {}


def dumps(entries: Mapping[str, Entry]) -> bytes:
    model = ManifestFile(documents=dict(sorted(entries.items())))
    return (model.model_dump_json(indent=1) + "\n").encode()


def read_manifest(path: Path, problems: ProblemList) -> dict[str, Entry] | None:
    """A manifest file, strictly checked; problems name the file (and line for JSON errors)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        problems.error(f"cannot read manifest: {exc.strerror}", path,
                       fix="give the path of a manifest.json written by careprint")
        return None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        line = exc.lineno if isinstance(exc, json.JSONDecodeError) else None
        problems.error(f"not valid JSON: {exc}", path, line,
                       fix="use the manifest.json careprint wrote, unedited")
        return None
    try:
        return dict(ManifestFile.model_validate(data).documents)
    except ValidationError as exc:
        for err in exc.errors():
            problems.error(f"{describe(tuple(err['loc']))}: {err['msg']}", path,
                           fix="use the manifest.json careprint wrote, unedited")
        return None


def _present(out: Path, path: str, entry: Entry) -> bool:
    if entry.status != "ok":
        return True
    try:
        return (out / path).stat().st_size == entry.size
    except OSError:
        return False


class Ledger:
    """The output folder's manifest, open for one run.

    Loading replays a journal left by a killed run, then keeps only entries that still match
    the files on disk, so the manifest and the folder agree before anything is decided.
    """

    def __init__(self, out: Path, problems: ProblemList):
        self.out = out
        self.path = out / MANIFEST
        self.journal_path = out / JOURNAL
        self.entries: dict[str, Entry] = {}
        if self.path.exists():
            loaded = read_manifest(self.path, ProblemList())
            if loaded is None:
                problems.warn("manifest is unreadable and was set aside: every document will "
                              "be rebuilt", self.path)
            self.entries = loaded or {}
        replayed = self._replay()
        checked = {p: e for p, e in self.entries.items() if _present(out, p, e)}
        self.changed = replayed or checked != self.entries
        self.entries = checked
        self._journal: TextIO | None = None
        self._since_checkpoint = 0

    def _replay(self) -> bool:
        if not self.journal_path.exists():
            return False
        for line in self.journal_path.read_text(encoding="utf-8").splitlines():
            try:
                record = json.loads(line)
                self.entries[record["path"]] = Entry.model_validate(record["entry"])
            except (ValueError, KeyError, TypeError, ValidationError):
                continue  # the last line of a killed run may be cut short
        return True

    def record(self, path: str, entry: Entry) -> None:
        """Note one finished document: durable at once, folded into the manifest in batches."""
        self.entries[path] = entry
        self.changed = True
        if self._journal is None:
            self._journal = open(self.journal_path, "a", encoding="utf-8")  # noqa: SIM115
        line = json.dumps({"path": path, "entry": entry.model_dump(mode="json")})
        self._journal.write(line + "\n")
        self._journal.flush()
        os.fsync(self._journal.fileno())
        self._since_checkpoint += 1
        if self._since_checkpoint >= CHECKPOINT_EVERY:
            self.checkpoint()

    def forget(self, path: str) -> None:
        if self.entries.pop(path, None) is not None:
            self.changed = True

    def checkpoint(self) -> None:
        """Replace manifest.json with the current state, then empty the journal.

        A kill between the two leaves a journal whose lines are already in the manifest;
        replaying them again is harmless.
        """
        write_atomic(self.path, dumps(self.entries))
        if self._journal is not None:
            self._journal.close()
            self._journal = None
        self.journal_path.unlink(missing_ok=True)
        self._since_checkpoint = 0

    def close(self) -> None:
        if self.changed or not self.path.exists():
            self.checkpoint()
        elif self._journal is not None:
            self._journal.close()
            self._journal = None
