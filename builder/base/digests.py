"""Digests of input files: what a cache key is made of.

Contents for the project's own files (names and bytes), names and times for system fonts
(hundreds of megabytes, changed only by installing a package), and installed library versions
from the names of their metadata folders.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Iterable
from functools import cache
from pathlib import Path

# Folders fontconfig reads on Debian; a font installed there can fill in glyphs.
SYSTEM_FONT_DIRS = (
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "~/.local/share/fonts",
    "~/.fonts",
)


def _files(folder: Path, skip: Iterable[str] = ()) -> list[Path]:
    skipped = set(skip)
    found = []
    for path in folder.rglob("*"):
        relative = path.relative_to(folder)
        if (
            path.is_file()
            and relative.parts[0] not in skipped
            and not any(part.startswith(".") or part == "__pycache__" for part in relative.parts)
        ):
            found.append(path)
    return sorted(found)


def digest_folder(folder: Path, skip: Iterable[str] = ()) -> str:
    """Names and contents of every file under folder (hidden files and caches aside)."""
    h = hashlib.sha256()
    if not folder.exists():
        return "absent"
    for path in _files(folder, skip) if folder.is_dir() else [folder]:
        name = path.relative_to(folder).as_posix() if folder.is_dir() else path.name
        h.update(name.encode() + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def digest_top_level(folder: Path) -> str:
    """Files directly in folder (packs/*.toml, locales/*.pot): shared by every document.
    Markdown (the READMEs) is documentation, not input."""
    h = hashlib.sha256()
    for path in sorted(folder.glob("*")) if folder.is_dir() else []:
        if path.is_file() and path.suffix != ".md" and not path.name.startswith("."):
            h.update(path.name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


@cache
def library_versions() -> tuple[str, ...]:
    """Every installed distribution and its version (WeasyPrint, fontTools, Babel ...).

    Read from the *.dist-info folder names on sys.path: no metadata file is opened, so this
    costs a directory listing rather than ~0.1 s of parsing. A new version of any installed
    package, even a test tool, changes every key: rare, and safe.
    """
    found = set()
    for entry in sys.path:
        folder = Path(entry)
        if not entry or not folder.is_dir():  # "" is the working folder: not an install
            continue
        for child in folder.iterdir():
            if child.suffix in (".dist-info", ".egg-info"):
                found.add(child.stem)
    return tuple(sorted(found))


def system_fonts() -> str:
    """Names, sizes and times of system font files: installing a font changes this."""
    h = hashlib.sha256()
    for base in SYSTEM_FONT_DIRS:
        folder = Path(base).expanduser()
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames.sort()
            for name in sorted(filenames):
                stat = os.stat(os.path.join(dirpath, name))
                h.update(f"{dirpath}/{name}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    return h.hexdigest()
