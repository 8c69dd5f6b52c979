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
from pathlib import Path, PurePosixPath
from typing import Literal, TextIO

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from builder import __version__
from builder.base.errors import ProblemList
from builder.base.textfile import load_text
from builder.base.tomlsource import describe
from builder.base.writer import write_atomic
from builder.model.strict import Strict

MANIFEST = "manifest.json"
JOURNAL = ".manifest.journal"
# The journal is folded into manifest.json every this many documents (and at the end of a run).
# Counted, not timed: what a killed run leaves behind then depends on how far it got, never on
# how fast the machine was, and rewriting the manifest stays a small share of a batch's work.
CHECKPOINT_EVERY = 64


class Entry(Strict):
    """One document. `status` is "ok" (the PDF at this path is current) or "failed"."""

    pack: str
    country: str
    locale: str
    product: str
    # a4, letter; id-1 (the single card, cut to ID-1 size); a5 or half-letter (booklet pages);
    # a4-booklet or letter-booklet (booklet sheets, folded once)
    paper: str
    key: str = Field(pattern=r"^[0-9a-f]{64}$")
    status: Literal["ok", "failed"]
    sha256: str = ""
    size: int = Field(default=0, ge=0)
    pages: int = Field(default=0, ge=0)
    translation: str = ""
    helplines_checked: str = ""
    thumbnail: str = ""
    overlay: str = ""  # the clinic whose overlay the document carries ("" = none)
    # locale -> share of its strings translated, for a catalog built below the pack's
    # completeness threshold on request (--allow-incomplete); empty for every other document
    incomplete: dict[str, float] = Field(default_factory=dict)
    warnings: list[str] = Field(default_factory=list)
    errors: list[str] = Field(default_factory=list)


def inside(name: str) -> bool:
    """A relative name that stays inside the folder it is read against (no '..', no
    absolute path, no backslashes a Windows copy would read as separators)."""
    path = PurePosixPath(name)
    return (
        bool(name)
        and "\\" not in name
        and "\0" not in name
        and not path.is_absolute()
        and ".." not in path.parts
        and path.parts[:1] != ("~",)
    )


class ManifestFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    format: Literal[1] = 1
    generator: str = f"careprint {__version__}"
    shard: str = Field(default="", pattern=r"^(\d+/\d+)?$")  # "K/N" for a --shard K/N build
    # For a --shard build: a digest of every document of the whole (unsharded) plan, so a merge
    # can tell shards of one matrix from shards of two (empty from older careprints).
    matrix: str = Field(default="", pattern=r"^([0-9a-f]{64})?$")
    documents: dict[str, Entry] = {}

    @model_validator(mode="after")
    def _names_inside(self) -> ManifestFile:
        for name, entry in self.documents.items():
            for path in (name, entry.thumbnail):
                if path and not inside(path):
                    raise ValueError(f'"{path}" leads outside the output folder')
        return self


def dumps(entries: Mapping[str, Entry], shard: str = "", matrix: str = "") -> bytes:
    model = ManifestFile(documents=dict(sorted(entries.items())), shard=shard, matrix=matrix)
    return (model.model_dump_json(indent=1) + "\n").encode()


def read_manifest_file(path: Path, problems: ProblemList) -> ManifestFile | None:
    """A manifest file, strictly checked; problems name the file (and line for JSON errors)."""
    text = load_text(path, problems, "manifest")
    if text is None:
        return None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        problems.error(
            "CP1601",
            f"not valid JSON: {exc.msg}",
            path,
            exc.lineno,
            fix="use the manifest.json careprint wrote, unedited",
        )
        return None
    try:
        return ManifestFile.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            where = describe(tuple(err["loc"]))
            message = str(err["msg"]).removeprefix("Value error, ")
            if err["type"] == "string_pattern_mismatch":  # never show the pattern itself
                message = f'"{err.get("input")}" is not what careprint writes here'
            problems.error(
                "CP1602",
                f"{where}: {message}" if where else message,
                path,
                fix="use the manifest.json careprint wrote, unedited",
            )
        return None


def read_manifest(path: Path, problems: ProblemList) -> dict[str, Entry] | None:
    loaded = read_manifest_file(path, problems)
    return dict(loaded.documents) if loaded is not None else None


def set_aside(path: Path) -> Path:
    """Rename an unreadable manifest out of the way (never overwrite an earlier one)."""
    number = 1
    while (target := path.with_name(f"manifest.unreadable-{number}.json")).exists():
        number += 1
    path.rename(target)
    return target


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

    def __init__(self, out: Path, problems: ProblemList, shard: str = "", matrix: str = ""):
        self.out = out
        self.shard = shard
        self.matrix = matrix
        self.path = out / MANIFEST
        self.journal_path = out / JOURNAL
        self.entries: dict[str, Entry] = {}
        # A manifest whose shard or matrix is not this run's is rewritten even when no
        # document changes (a country added elsewhere in the plan changes the matrix).
        stale_header = False
        if self.path.exists():
            loaded = read_manifest_file(self.path, ProblemList())
            if loaded is None:
                aside = set_aside(self.path)
                problems.warn(
                    "CP7007",
                    f"manifest is unreadable and was renamed to {aside.name}: every "
                    "document will be rebuilt",
                    self.path,
                )
            else:
                self.entries = dict(loaded.documents)
                stale_header = (loaded.shard, loaded.matrix) != (shard, matrix)
        replayed = self._replay()
        checked = {p: e for p, e in self.entries.items() if _present(out, p, e)}
        self.changed = replayed or stale_header or checked != self.entries
        self.entries = checked
        self._journal: TextIO | None = None
        self._since_checkpoint = 0

    def _replay(self) -> bool:
        if not self.journal_path.exists():
            return False
        # A killed run may have cut the last line short, even inside a letter.
        text = self.journal_path.read_bytes().decode("utf-8", "replace")
        for line in text.splitlines():
            try:
                record = json.loads(line)
                if not inside(str(record["path"])):
                    continue
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
        write_atomic(self.path, dumps(self.entries, self.shard, self.matrix))
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
