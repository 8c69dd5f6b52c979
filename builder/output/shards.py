"""Split one batch across machines (`--shard K/N`) and join their outputs (`manifest merge`).

A document's shard comes from a SHA-256 of its label, so every machine computes the same split
without talking to the others, and adding a country moves no other document to another shard.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from builder.base.errors import CareprintError, InputError, ProblemList
from builder.base.writer import write_atomic
from builder.output.manifest import (
    MANIFEST,
    Entry,
    ManifestFile,
    dumps,
    inside,
    read_manifest,
    read_manifest_file,
)
from builder.output.outfolder import prepare_folder, refuse_links_out


@dataclass(frozen=True)
class Shard:
    index: int  # 1-based
    count: int

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"

    def holds(self, label: str) -> bool:
        digest = int(hashlib.sha256(label.encode()).hexdigest()[:16], 16)
        return digest % self.count == self.index - 1


def parse_shard(text: str) -> Shard:
    match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text)
    if not match:
        raise CareprintError(
            "CP5013",
            f'"{text}" is not K/N: write e.g. 2/3 for the second of three shards',
        )
    index, count = int(match.group(1)), int(match.group(2))
    if count < 1 or not 1 <= index <= count:
        raise CareprintError("CP5014", f"{text}: K must be between 1 and N (e.g. 1/3, 2/3, 3/3)")
    return Shard(index, count)


@dataclass
class MergeResult:
    out: Path
    entries: dict[str, Entry] = field(default_factory=dict)
    copied: int = 0
    removed: list[str] = field(default_factory=list)  # an earlier merge's, in no shard now


def _sources(paths: Sequence[Path], problems: ProblemList) -> list[tuple[Path, ManifestFile]]:
    found = []
    for given in paths:
        path = given / MANIFEST if given.is_dir() else given
        loaded = read_manifest_file(path, problems)
        if loaded is not None:
            found.append((path, loaded))
    return found


def check_complete(sources: list[tuple[Path, ManifestFile]], problems: ProblemList) -> None:
    """Shard manifests must be exactly 1/N .. N/N of one split: none missing, none twice."""
    sharded = [(path, parse_shard(m.shard)) for path, m in sources if m.shard]
    if not sharded:
        return
    if len(sharded) != len(sources):
        whole = next(path for path, m in sources if not m.shard)
        problems.error(
            "CP7101",
            "is not from a --shard build, but the other manifests are",
            whole,
            fix="merge only the manifests of one sharded run",
        )
        return
    counts = {shard.count for _, shard in sharded}
    if len(counts) > 1:
        problems.error(
            "CP7102",
            f"the manifests come from different splits ({', '.join(str(s) for _, s in sharded)})",
            sharded[0][0],
            fix="merge the manifests of one run, all built with the same --shard K/N",
        )
        return
    matrices = {m.matrix for _, m in sources}
    if len(matrices) > 1 and "" not in matrices:  # an older careprint wrote none
        problems.error(
            "CP7109",
            "the shards were built from different matrices (other countries, languages, "
            "products or packs), so together they are not one site",
            sharded[0][0],
            fix="build every shard with the same command, changing only --shard K/N",
        )
        return
    count = counts.pop()
    seen: dict[int, Path] = {}
    for path, shard in sharded:
        if shard.index in seen:
            problems.error(
                "CP7103",
                f"shard {shard} is given twice (also {seen[shard.index]})",
                path,
                fix="give each shard's manifest once",
            )
        seen[shard.index] = path
    missing = [f"{k}/{count}" for k in range(1, count + 1) if k not in seen]
    if missing:
        problems.error(
            "CP7104",
            f"shard(s) {', '.join(missing)} are missing: the merged folder would "
            "lack their documents",
            sharded[0][0],
            fix="give the manifests of every shard of the run",
        )


def _check_files(
    folder: Path, manifest: Path, entries: dict[str, Entry], problems: ProblemList
) -> None:
    for name, entry in entries.items():
        if entry.status != "ok":
            continue
        pdf = folder / name
        if not pdf.is_file():
            problems.error(
                "CP7105",
                f"{name} is listed but missing",
                manifest,
                fix="copy the whole output folder of that shard, not only its manifest",
            )
        elif hashlib.sha256(pdf.read_bytes()).hexdigest() != entry.sha256:
            problems.error(
                "CP7106",
                f"{name} does not match its SHA-256 in the manifest",
                manifest,
                fix="the file was changed or cut short in transfer: rebuild that shard",
            )


def merge_manifests(paths: Sequence[Path], out: Path, allow_existing: bool = False) -> MergeResult:
    """Join shard manifests into OUT/manifest.json, copying their files into OUT.

    Everything is checked before anything is written: every listed PDF exists and matches its
    hash, and no document appears twice with different contents.
    """
    problems = ProblemList()
    sources = _sources(paths, problems)
    merged: dict[str, Entry] = {}
    origin: dict[str, Path] = {}
    check_complete(sources, problems)
    for manifest, loaded in sources:
        entries = dict(loaded.documents)
        _check_files(manifest.parent, manifest, entries, problems)
        for name, entry in entries.items():
            if name in merged and merged[name] != entry:
                problems.error(
                    "CP7107",
                    f"{name} is in two manifests with different contents (also in {origin[name]})",
                    manifest,
                    fix="each document belongs to one shard: merge the manifests of "
                    "one run, built with the same inputs",
                )
                continue
            merged[name] = entry
            origin[name] = manifest
    problems.raise_if_errors()
    if not sources:
        raise (
            InputError(problems.items)
            if problems.items
            else CareprintError(
                "CP7108", "give at least one manifest.json (or the folder holding it) to merge"
            )
        )
    prepare_folder(out, allow_existing)
    before = _merged_before(out)
    touched = [
        name
        for entries in (merged, before)
        for key, entry in entries.items()
        for name in (key, entry.thumbnail)
        if name
    ]
    refuse_links_out(out, touched)
    result = MergeResult(out, merged)
    for name, entry in merged.items():
        source = origin[name].parent
        if source.resolve() == out.resolve():
            continue
        if entry.status != "ok":
            # An older copy from an earlier merge would carry old inputs (perhaps an old
            # number), as in a build: take it away.
            old = before.get(name)
            _remove(out, name, entry.thumbnail, old.thumbnail if old else "")
            continue
        for relative in (name, entry.thumbnail):
            if relative and (source / relative).is_file():
                write_atomic(out / relative, (source / relative).read_bytes())
        result.copied += 1
    for name, old in before.items():
        if name not in merged:  # in no shard of this run: the matrix no longer has it
            _remove(out, name, old.thumbnail)
            result.removed.append(name)
    write_atomic(out / MANIFEST, dumps(merged))
    return result


def _merged_before(out: Path) -> dict[str, Entry]:
    """The documents an earlier merge (or build) listed in out's manifest.json, if any."""
    path = out / MANIFEST
    if not path.is_file():
        return {}
    return read_manifest(path, ProblemList()) or {}


def _remove(out: Path, *names: str) -> None:
    for name in names:
        if name and inside(name):
            (out / name).unlink(missing_ok=True)
