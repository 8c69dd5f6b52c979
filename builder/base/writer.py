"""Write outputs atomically: a temporary file in the same folder, fsync, then rename.

An interrupted build never leaves a truncated PDF at a final path, and two documents may never
claim one path.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path
from typing import Literal

from builder.base.errors import CareprintError, Problem
from builder.base.scratch import system_tmp


class DuplicateOutput(CareprintError):
    """Two documents were planned to the same file."""


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# mkstemp creates files only the owner can read; outputs get the usual mode (0644 by default).
FILE_MODE = 0o666 & ~_umask()


# Where a file lives, which decides what a person can do when the machine refuses it: under
# --out (a build's outputs), in the project (a translator's catalogs, which no --out moves),
# in careprint's cache (cut fonts; XDG_CACHE_HOME moves it, --out does not), in the temporary
# folder (fontconfig's configuration, a run's scratch files; TMPDIR moves it) or elsewhere (a
# file a command was given), where only the path itself can change.
Place = Literal["out", "project", "cache", "temp", "elsewhere"]
_CACHE = "set XDG_CACHE_HOME to a folder you may write to"
_TEMP = "set TMPDIR to a folder you may write to"

# What a person can do about an operating-system error, per Place.
_OS_FIXES: dict[int, dict[Place, str]] = {
    errno.ENOSPC: {
        "out": "the disk is full: free some space or choose another --out",
        "project": "the disk is full: free some space and run the command again",
        "cache": f"the disk is full: free some space, or {_CACHE} on another disk",
        "temp": f"the disk is full: free some space, or {_TEMP} on another disk",
        "elsewhere": "the disk is full: free some space and run the command again",
    },
    errno.EDQUOT: {
        "out": "your disk quota is used up: free some space or choose another --out",
        "project": "your disk quota is used up: free some space and run the command again",
        "cache": f"your disk quota is used up: free some space, or {_CACHE} on another disk",
        "temp": f"your disk quota is used up: free some space, or {_TEMP} on another disk",
        "elsewhere": "your disk quota is used up: free some space and run the command again",
    },
    errno.EROFS: {
        "out": "the disk is read-only: choose another --out",
        "project": "the disk is read-only: work in a copy of the project on a writable disk",
        "cache": f"the disk is read-only: {_CACHE} on a writable disk",
        "temp": f"the disk is read-only: {_TEMP} on a writable disk",
        "elsewhere": "the disk is read-only: use a path on a writable disk",
    },
    errno.EACCES: {
        "out": "you may not write there: choose another --out or change its permissions",
        "project": "you may not write there: change the file's or its folder's permissions",
        "cache": f"you may not write there: make the folder writable, or {_CACHE}",
        "temp": f"you may not write there: make the folder writable, or {_TEMP}",
        "elsewhere": "you may not use it: change the file's or its folder's permissions",
    },
    errno.EPERM: {
        "out": "you may not write there: choose another --out or change its permissions",
        "project": "you may not write there: change the file's or its folder's permissions",
        "cache": f"you may not write there: make the folder writable, or {_CACHE}",
        "temp": f"you may not write there: make the folder writable, or {_TEMP}",
        "elsewhere": "you may not use it: change the file's or its folder's permissions",
    },
    errno.ENOTDIR: {
        "out": "part of the path is a file, not a folder: choose another --out",
        "project": "part of the path is a file, not a folder: move that file out of the way",
        "cache": f"part of the path is a file, not a folder: move that file away, or {_CACHE}",
        "temp": f"part of the path is a file, not a folder: move that file away, or {_TEMP}",
        "elsewhere": "part of the path is a file, not a folder: check the path",
    },
    errno.EEXIST: {
        "out": "a file is in the way: choose another --out",
        "project": "a file is in the way: move it out of the way",
        "cache": f"a file is in the way: move it out of the way, or {_CACHE}",
        "temp": f"a file is in the way: move it out of the way, or {_TEMP}",
        "elsewhere": "a file is in the way: move it out of the way",
    },
    errno.ENAMETOOLONG: {
        "out": "the path is too long: choose a shorter --out",
        "project": "the path is too long: move the project to a shorter path",
        "cache": f"the path is too long: {_CACHE} with a shorter path",
        "temp": f"the path is too long: {_TEMP} with a shorter path",
        "elsewhere": "the path is too long: use a shorter one",
    },
}


def os_fix(error: OSError, place: Place = "out") -> str:
    """What a person can do about an operating-system error on a file in place, so the fix
    points only to what moves that file (--out moves a build's outputs, nothing else)."""
    fixes = _OS_FIXES.get(error.errno or 0)
    if fixes is None:
        return "check the folder, the disk and your permissions"
    return fixes[place]


def place_of(path: Path, out: Path | None = None, project: Path | None = None) -> Place:
    """The Place of a path the machine refused, for an error that does not know it (the CLI's
    last resort): the innermost of the folders it is in, since a test's project, a build's
    --out or a cache may each sit inside another (the project in /tmp, out/ in the project)."""
    bases: list[tuple[Path, Place]] = [(user_cache(""), "cache"), (system_tmp(), "temp")]
    with contextlib.suppress(OSError):  # no usable temporary folder at all: not this one
        bases.append((Path(tempfile.gettempdir()), "temp"))
    given: list[tuple[Path | None, Place]] = [(out, "out"), (project, "project")]
    bases += [(folder, place) for folder, place in given if folder is not None]
    where = Path(os.path.abspath(path))
    holding = [
        (len(base.parts), order, place)
        for order, (folder, place) in enumerate(bases)
        if where.is_relative_to(base := Path(os.path.abspath(folder)))
    ]
    return max(holding)[2] if holding else "elsewhere"


def _file_in_the_way(path: Path) -> Path | None:
    """The file standing where path needs a folder, so "move that file" can be followed."""
    return next((parent for parent in path.parents if parent.is_file()), None)


class WriteError(CareprintError):
    """The operating system refused a write (disk full, read-only, a file in the way)."""

    def __init__(self, path: Path, error: OSError, place: Place = "out"):
        what = {
            "cache": "cannot write to careprint's cache",
            "temp": "cannot write to the temporary folder",
        }.get(place, "cannot write")
        reason = error.strerror or str(error)
        blocked = error.errno in (errno.ENOTDIR, errno.EEXIST)
        if blocked and (blocker := _file_in_the_way(path)) is not None:
            reason += f" ({blocker} is a file)"
        self.problem = Problem("CP7008", f"{what}: {reason}", path, fix=os_fix(error, place))
        super().__init__(self.problem.code, self.problem.render())

    def problems(self) -> list[Problem]:
        return [self.problem]


def write_atomic(path: Path, data: bytes, place: Place = "out") -> None:
    """Write data to path whole or not at all; an OS refusal is a WriteError naming path, its
    fix fitting the place the file lives in."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    except OSError as exc:
        raise WriteError(path, exc, place) from None
    try:
        os.fchmod(fd, FILE_MODE)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise WriteError(path, exc, place) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def user_cache(name: str) -> Path:
    """careprint's folder for name in the user's cache (XDG_CACHE_HOME or ~/.cache).

    Only things that can be made again live there, each under a digest of what it was made
    from, so nothing in it can go stale and deleting it is always safe.
    """
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "careprint" / name


def read_cache(path: Path) -> bytes | None:
    """A file of the user's cache, or None when it is not there or cannot be read: the caller
    then makes it again (and checks what it reads, since a cache file may be damaged)."""
    try:
        return path.read_bytes()
    except OSError:
        return None


def write_cache(path: Path, data: bytes) -> None:
    """Keep data in the user's cache; a read-only or full cache only costs time next run."""
    with contextlib.suppress(CareprintError):
        write_atomic(path, data, "cache")


def prune_cache(folder: Path, keep: int, pattern: str = "*") -> None:
    """Keep only the newest `keep` files matching pattern: old states of the inputs come back
    rarely. A file another process removed first, or a read-only cache, only costs time."""
    with contextlib.suppress(OSError):
        files = []
        for path in folder.glob(pattern):
            with contextlib.suppress(OSError):
                files.append((path.stat().st_mtime, path))
        for _, old in sorted(files, reverse=True)[keep:]:
            old.unlink(missing_ok=True)


def claim_paths(paths: list[Path]) -> None:
    """Refuse a plan in which two documents share an output path."""
    seen: set[Path] = set()
    for path in paths:
        if path in seen:
            raise DuplicateOutput("CP5016", f"two documents would both be written to {path}")
        seen.add(path)
