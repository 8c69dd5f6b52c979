"""Helpers to read PDFs the way a test should: structure and extracted text, never bytes."""

from __future__ import annotations

import fcntl
import hashlib
import io
import os
import re
from collections.abc import Iterator
from pathlib import Path

from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from .conftest import RUN_FOLDER

MM_PER_PT = 25.4 / 72


def text_of(path: Path) -> str:
    """pypdf's text of every page. pypdf takes about half a second over a handout, and several
    tests read the same document (each country's card sheet is read by two tests, which xdist
    hands to different workers): the text is kept per PDF content (its SHA-256), in this
    process and in the run's folder for every process of the run, so a rebuilt or changed file
    is read afresh and the same bytes are never read twice in a run."""
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest not in _TEXTS:
        _TEXTS[digest] = _run_text(digest, data)
    return _TEXTS[digest]


_TEXTS: dict[str, str] = {}


def _extract(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def _run_text(digest: str, data: bytes) -> str:
    """The text of the PDF `data`, extracted by the first process of the run that reads it;
    another process that asks meanwhile waits for it (a lock per PDF) instead of extracting
    the same bytes again. Kept as UTF-8 bytes, so the text read back is exactly pypdf's."""
    run = os.environ.get(RUN_FOLDER)
    if run is None:  # not under the suite's conftest (a helper used on its own)
        return _extract(data)
    folder = Path(run) / "pdf-texts"
    folder.mkdir(exist_ok=True)
    kept = folder / f"{digest}.txt"
    with (folder / f"{digest}.lock").open("wb") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if kept.is_file():
            return kept.read_bytes().decode("utf-8", "surrogatepass")
        text = _extract(data)
        part = folder / f"{digest}.part"
        part.write_bytes(text.encode("utf-8", "surrogatepass"))
        part.replace(kept)
    return text


def page_sizes_mm(path: Path) -> list[tuple[float, float]]:
    return [
        (
            round(float(p.mediabox.width) * MM_PER_PT, 1),
            round(float(p.mediabox.height) * MM_PER_PT, 1),
        )
        for p in PdfReader(path).pages
    ]


def digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def flat_text(path: Path) -> str:
    """Extracted text with every run of whitespace as one space (lines wrap anywhere)."""
    return " ".join(text_of(path).split())


def structure_elements(path: Path) -> Iterator[dict[str, object]]:
    """Every element of the PDF's tag tree (what a screen reader walks), depth first."""

    def walk(node: object) -> Iterator[dict[str, object]]:
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, dict):
            yield node
            if "/K" in node:
                yield from walk(node["/K"])
        elif isinstance(node, list):
            for child in node:
                yield from walk(child)

    root = PdfReader(path).trailer["/Root"].get_object()
    assert isinstance(root, DictionaryObject)
    yield from walk(root["/StructTreeRoot"])
