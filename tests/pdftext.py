"""Helpers to read PDFs the way a test should: structure and extracted text, never bytes."""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Iterator
from pathlib import Path

from pypdf import PdfReader
from pypdf.generic import DictionaryObject

MM_PER_PT = 25.4 / 72


def text_of(path: Path) -> str:
    """pypdf's text of every page. pypdf takes about half a second over a handout, and several
    tests read the same document (each country's card sheet is read by two tests): the text is
    kept per PDF content (its SHA-256) in this process, so a rebuilt or changed file is read
    afresh and the same bytes are never read twice."""
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest not in _TEXTS:
        _TEXTS[digest] = "\n".join(
            page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages
        )
    return _TEXTS[digest]


_TEXTS: dict[str, str] = {}


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
