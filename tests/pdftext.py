"""Helpers to read PDFs the way a test should: structure and extracted text, never bytes."""

from __future__ import annotations

import fcntl
import hashlib
import io
import os
import re
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from .conftest import RUN_FOLDER, TIMEOUT

MM_PER_PT = 25.4 / 72


def text_of(path: Path) -> str:
    """pypdf's text of every page. pypdf takes about half a second over a handout, and several
    tests read the same document (each country's card sheet is read by two tests, which xdist
    hands to different workers): the text is kept per PDF content (its SHA-256), in this
    process and in the run's folder for every process of the run, so a rebuilt or changed file
    is read afresh and the same bytes are never read twice in a run."""
    return _kept_text(path, "pypdf", _extract)


def poppler_text(path: Path) -> str:
    """pdftotext's text of every page, in the order the page draws it (`-raw`), kept as
    text_of keeps pypdf's. About ten times faster than pypdf over a handout, and for English
    the same words in the same order (test_pdftext.py compares them on shipped documents), so
    tests that read many English documents for numbers and words use it. Right-to-left and
    Indic text read differently from pypdf's: text_of stays the reader for those."""
    return _kept_text(path, "poppler", _extract_poppler)


def flat_poppler_text(path: Path) -> str:
    """poppler_text with every run of whitespace as one space."""
    return " ".join(poppler_text(path).split())


_TEXTS: dict[str, str] = {}


def _kept_text(path: Path, reader: str, extract: Callable[[bytes], str]) -> str:
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    key = f"{reader}-{digest}"
    if key not in _TEXTS:
        _TEXTS[key] = _run_text(key, data, extract)
    return _TEXTS[key]


def _extract(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def _extract_poppler(data: bytes) -> str:
    read = subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", "-", "-"],
        input=data,
        capture_output=True,
        check=True,
        timeout=TIMEOUT,
    )
    return read.stdout.decode("utf-8")


def _run_text(key: str, data: bytes, extract: Callable[[bytes], str]) -> str:
    """The text of the PDF `data`, extracted by the first process of the run that reads it;
    another process that asks meanwhile waits for it (a lock per PDF and reader) instead of
    extracting the same bytes again. Kept as UTF-8 bytes, so the text read back is exactly the
    reader's."""
    run = os.environ.get(RUN_FOLDER)
    if run is None:  # not under the suite's conftest (a helper used on its own)
        return extract(data)
    folder = Path(run) / "pdf-texts"
    folder.mkdir(exist_ok=True)
    kept = folder / f"{key}.txt"
    with (folder / f"{key}.lock").open("wb") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if kept.is_file():
            return kept.read_bytes().decode("utf-8", "surrogatepass")
        text = extract(data)
        part = folder / f"{key}.part"
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
