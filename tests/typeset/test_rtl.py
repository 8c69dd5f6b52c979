"""Right-to-left documents: Arabic pages flow from the right, numbers stay readable."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pypdfium2 as pdfium
from babel.messages.pofile import read_po

from builder.base.errors import ProblemList
from builder.i18n.upkeep import render_po, update_locale
from builder.model.project import load_project
from builder.plan.request import BuildRequest

from ..building import build_docs
from ..conftest import TIMEOUT, MiniProject

ARABIC = "نص عربي تجريبي"


def arabic_catalog(mini: MiniProject) -> None:
    update_locale(load_project(mini.root, ProblemList()), "ar", "test")
    for domain in ("ui", "content"):
        path = mini.root / "locales/ar/LC_MESSAGES" / f"{domain}.po"
        catalog = read_po(path.open("rb"))
        for message in catalog:
            if message.id:
                placeholders = " ".join(re.findall(r"%\(\w+\)s", str(message.id)))
                message.string = f"{ARABIC} {placeholders}".strip()
        path.write_bytes(render_po(catalog))


def arabic_lines(pdf: Path, page_index: int = 0) -> tuple[float, list[tuple[float, float]]]:
    """Page width and the (left, right) extent in pt of each line holding Arabic letters,
    from pdfium's character boxes (what the words say is checked with pdftotext below and in
    test_textlayer.py)."""
    page = pdfium.PdfDocument(pdf)[page_index]
    textpage = page.get_textpage()
    lines: dict[int, list[tuple[float, float]]] = {}
    for index in range(textpage.count_chars()):
        char = textpage.get_text_range(index, 1)
        if char and "\u0600" <= char <= "\u06ff":
            left, bottom, right, _top = textpage.get_charbox(index)
            if bottom < 72:  # the running footer spans the page; skip it
                continue
            lines.setdefault(round(bottom / 4), []).append((left, right))
    extents = [(min(a for a, _ in v), max(b for _, b in v)) for v in lines.values()]
    return page.get_width(), extents


def test_arabic_handout_flows_right_to_left(mini: MiniProject) -> None:
    arabic_catalog(mini)
    result = build_docs(
        BuildRequest(
            root=mini.root,
            out=mini.root / "out",
            countries=["GB"],
            locales=["ar"],
            products=["handout"],
        )
    )
    pdf = result.written[0]
    width, lines = arabic_lines(pdf)
    assert len(lines) >= 5, "Arabic text not found on page 1"
    for left, right in lines:
        # Short Arabic lines hug the right margin, not the left one.
        assert width - right < left, (left, right, width)
    # The phone number keeps its digits in reading order inside right-to-left text.
    text = pdfium.PdfDocument(pdf)[0].get_textpage().get_text_range()
    assert "116 123" in text
    # The words read back are the catalog's, in reading order.
    read = subprocess.run(
        ["pdftotext", "-l", "1", str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    ).stdout
    assert ARABIC in read
