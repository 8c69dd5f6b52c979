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

from builder.base.errors import CareprintError, Problem


class DuplicateOutput(CareprintError):
    """Two documents were planned to the same file."""


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# mkstemp creates files only the owner can read; outputs get the usual mode (0644 by default).
FILE_MODE = 0o666 & ~_umask()


# What a person can do about an operating-system error: (writing into --out, elsewhere). A
# translator's `i18n update` writes the project's own catalogs, which no --out moves.
_OS_FIXES = {
    errno.ENOSPC: (
        "the disk is full: free some space or choose another --out",
        "the disk is full: free some space and run the command again",
    ),
    errno.EDQUOT: (
        "your disk quota is used up: free some space or choose another --out",
        "your disk quota is used up: free some space and run the command again",
    ),
    errno.EROFS: (
        "the disk is read-only: choose another --out",
        "the disk is read-only: work in a copy of the project on a writable disk",
    ),
    errno.EACCES: (
        "you may not write there: choose another --out or change its permissions",
        "you may not write there: change the file's or its folder's permissions",
    ),
    errno.EPERM: (
        "you may not write there: choose another --out or change its permissions",
        "you may not write there: change the file's or its folder's permissions",
    ),
    errno.ENOTDIR: (
        "part of the path is a file, not a folder: choose another --out",
        "part of the path is a file, not a folder: move that file out of the way",
    ),
    errno.EEXIST: (
        "a file is in the way: choose another --out",
        "a file is in the way: move it out of the way",
    ),
    errno.ENAMETOOLONG: (
        "the path is too long: choose a shorter --out",
        "the path is too long: move the project to a shorter path",
    ),
}


def os_fix(error: OSError, out: bool = True) -> str:
    """What a person can do about an operating-system error; out=False where the file is not
    under --out (a project's catalogs), so the fix does not point to an option not there."""
    fixes = _OS_FIXES.get(error.errno or 0)
    if fixes is None:
        return "check the folder, the disk and your permissions"
    return fixes[0] if out else fixes[1]


class WriteError(CareprintError):
    """The operating system refused a write (disk full, read-only, a file in the way)."""

    def __init__(self, path: Path, error: OSError, out: bool = True):
        self.problem = Problem(
            "CP7008", f"cannot write: {error.strerror or error}", path, fix=os_fix(error, out)
        )
        super().__init__(self.problem.code, self.problem.render())

    def problems(self) -> list[Problem]:
        return [self.problem]


def write_atomic(path: Path, data: bytes, out: bool = True) -> None:
    """Write data to path whole or not at all; an OS refusal is a WriteError naming path (its
    fix pointing to --out unless out is False)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    except OSError as exc:
        raise WriteError(path, exc, out) from None
    try:
        os.fchmod(fd, FILE_MODE)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise WriteError(path, exc, out) from None
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
        write_atomic(path, data)


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
