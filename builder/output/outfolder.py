"""The output folder: careprint writes only into a folder it made, or one it is told to use.

A folder is careprint's when it is empty, new, or holds a manifest.json (or a journal) that
careprint wrote. Anything else (a website, a clinic's documents, an old export) is refused with
a list of what is there, unless the user passes --allow-existing-files. Problems with the path
itself (a file, a dangling link, no permission) are reported before anything is written. One
build per folder at a time: the lock is taken on the folder itself, so no lock file is left
behind.
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from builder.base.errors import CareprintError, Problem
from builder.base.writer import os_fix

ALLOW_FLAG = "--allow-existing-files"
MANIFEST = "manifest.json"
JOURNAL = ".manifest.journal"
SHOWN = 5


class FolderError(CareprintError):
    """The output folder cannot be used; names the folder and what to do."""

    def __init__(self, code: str, path: Path, message: str, fix: str):
        super().__init__(code, f"{path}: {message} ({fix})")
        self.problem = Problem(code, message, path, fix=fix)

    def problems(self) -> list[Problem]:
        return [self.problem]


def careprint_manifest(path: Path) -> bool:
    """True when path is a manifest.json that careprint wrote (its generator says so)."""
    try:
        data = json.loads(path.read_bytes()[:100_000_000])
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and str(data.get("generator", "")).startswith("careprint")


def _foreign(out: Path) -> list[str]:
    names = sorted(p.name for p in out.iterdir() if p.name != ".careprint.lock")
    if not names or (out / JOURNAL).is_file() or careprint_manifest(out / MANIFEST):
        return []
    return names


def prepare_folder(out: Path, allow_existing: bool = False) -> None:
    """Make sure out can be written and is careprint's to write; create it if need be."""
    if out.is_symlink() and not out.exists():
        raise FolderError(
            "CP7001",
            out,
            f"is a link to {os.readlink(out)}, which does not exist",
            "create that folder, or give --out a real folder",
        )
    if out.exists() and not out.is_dir():
        raise FolderError(
            "CP7002",
            out,
            "is a file, not a folder",
            "give --out the name of a folder (it is created if missing)",
        )
    try:
        out.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise FolderError(
            "CP7003", out, "cannot be created: part of the path is a file", "choose another --out"
        ) from None
    except OSError as exc:
        raise FolderError(
            "CP7003", out, f"cannot be created: {exc.strerror}", os_fix(exc)
        ) from None
    if not os.access(out, os.W_OK | os.X_OK):
        raise FolderError(
            "CP7004",
            out,
            "is read-only for you",
            "choose another --out or change the folder's permissions",
        )
    foreign = _foreign(out)
    if foreign and not allow_existing:
        shown = ", ".join(foreign[:SHOWN]) + (
            f" and {len(foreign) - SHOWN} more" if len(foreign) > SHOWN else ""
        )
        raise FolderError(
            "CP7005",
            out,
            f"is not empty and was not made by careprint (it holds {shown})",
            f"choose an empty or new --out folder, or pass {ALLOW_FLAG} to let "
            "careprint add its files there and replace any of the same name "
            "(index.html, manifest.json)",
        )


def refuse_out_in_inputs(out: Path, inputs: Iterable[Path]) -> None:
    """Refuse an output folder inside a folder careprint reads as input (the project's packs/,
    templates/ or locales/): its PDFs would mix into the sources, and every run would change
    its own inputs and so rebuild everything."""
    where = out.resolve()
    for folder in inputs:
        if where.is_relative_to(folder.resolve()):
            raise FolderError(
                "CP7012",
                out,
                f"is inside {folder}, which careprint reads as input",
                "choose an --out outside packs/, templates/ and locales/ (the default, out/ "
                "in the project, is fine)",
            )


def refuse_links_out(out: Path, names: Iterable[str]) -> None:
    """Refuse a folder inside out that is a link to somewhere outside it, on the way to any
    file careprint is to write or remove (OUT/partner-support/GB -> /srv/www): written through
    it, the documents would land outside --out while the manifest listed them as inside. A link
    within out, and out itself being a link, are fine. Checked once a run, before anything is
    written; each folder on the way is looked at once."""
    base = out.resolve()
    seen: set[Path] = set()
    for name in names:
        folder = out
        for part in Path(name).parent.parts:
            folder = folder / part
            if folder in seen:
                continue
            seen.add(folder)
            if folder.is_symlink() and not folder.resolve().is_relative_to(base):
                raise FolderError(
                    "CP7010",
                    folder,
                    f"is a link to {os.readlink(folder)}, outside the output folder {out}",
                    "careprint writes only inside --out: remove the link (careprint makes "
                    "the folder again), or give --out the folder you meant",
                )


@contextmanager
def locked(out: Path) -> Iterator[None]:
    """One build per output folder at a time; the kernel drops the lock if we are killed.

    The lock is on the folder itself, so nothing is left behind in it."""
    fd = os.open(out, os.O_RDONLY | os.O_DIRECTORY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise CareprintError(
                "CP7006",
                f"another careprint build is writing to {out}; wait for it "
                "to finish or choose another --out",
            ) from None
        stale = out / ".careprint.lock"  # left by careprint before 0.1.1
        if stale.is_file() and stale.stat().st_size == 0:
            stale.unlink(missing_ok=True)
        yield
    finally:
        os.close(fd)
