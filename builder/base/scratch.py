"""A temporary folder per run, removed afterwards, even when a worker or the run was killed.

WeasyPrint keeps fonts in a `weasyprint-*` folder that it only removes when its font
configuration is garbage-collected, which never happens in a worker process that exits: each
left about 40 MB in TMPDIR. Workers put their temporary files in the run's folder instead, and
the run removes that folder when it ends. A run that was itself killed leaves its folder,
named with its process id; the next run removes folders whose process is gone.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PREFIX = "careprint-run-"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sweep(base: Path, prefix: str = PREFIX) -> None:
    """Remove folders named `<prefix><pid>-...` whose process no longer exists: run folders
    left by killed careprint runs (and, with the tests' prefix, by killed test runs)."""
    for folder in base.glob(f"{prefix}*"):
        pid = folder.name.removeprefix(prefix).partition("-")[0]
        if pid.isdigit() and not _alive(int(pid)) and folder.is_dir():
            shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def run_folder() -> Iterator[Path]:
    """A fresh folder for this run's temporary files; gone when the block ends."""
    base = Path(tempfile.gettempdir())
    sweep(base)
    folder = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-", dir=base))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def temporary_files_in(folder: Path) -> Iterator[None]:
    """Make `tempfile` (and so WeasyPrint) use folder while the block runs."""
    previous = tempfile.tempdir
    tempfile.tempdir = str(folder)
    try:
        yield
    finally:
        tempfile.tempdir = previous


def system_tmp() -> Path:
    """The system's temporary folder, never a run's own (which is removed at the end of the
    run): for crash reports and for what outlives a run (fontconfig's configuration)."""
    for name in ("TMPDIR", "TEMP", "TMP"):
        value = os.environ.get(name)
        if value and Path(value).is_dir():
            return Path(value)
    return Path("/tmp")
