"""Thai: set in Noto Sans Thai, covered by the missing-glyph check, and broken into lines
between words (Thai has no spaces between words; Pango finds the breaks with libthai)."""

from __future__ import annotations

import re
import subprocess
from typing import Any

import pypdf

from builder.plan.request import BuildRequest
from builder.typeset.fonts import missing_characters

from ..building import build_docs
from ..conftest import TIMEOUT, MiniProject

# "If you are not sure what to do, call the hotline now; whoever answers will help you
# decide", in its words (compounds split, so every break a dictionary may find is listed).
WORDS = [
    *("ถ้า", "คุณ", "ไม่", "แน่", "ใจ", "ว่า", "ควร", "ทำ", "อย่าง", "ไร", "ให้", "โทร", "หา"),
    *("สาย", "ด่วน", "ทันที", "คน", "ที่", "รับ", "สาย", "จะ", "ช่วย", "คุณ", "ตัด", "สิน", "ใจ"),
]
SENTENCE = "ถ้าคุณไม่แน่ใจว่าควรทำอย่างไร ให้โทรหาสายด่วนทันที คนที่รับสายจะช่วยคุณตัดสินใจ"
THAI = re.compile("[\u0e00-\u0e7f]+")


def thai_module(mini: MiniProject) -> None:
    """The first topic's paragraphs in Thai, the sentence three times each (no Thai catalog
    ships yet, and a module's own text needs none)."""
    text = f"{SENTENCE} {SENTENCE} {SENTENCE}"
    mini.write_module_text(
        "first",
        f"""\
        +++
        id = "first"
        title = "First things"
        action = "Sit with them for a while today."
        key_points = ["Listen first.", "Help is there."]
        +++

        {text}

        {text}
        """,
    )


def word_bounds() -> set[int]:
    """Offsets in the sentence (spaces taken out) where a word starts or ends."""
    bounds, offset = {0}, 0
    for word in WORDS:
        offset += len(word)
        bounds.add(offset)
    return bounds


def whole_words(piece: str) -> bool:
    """Whether piece is a run of the sentence's words (it starts and ends between words)."""
    flat, bounds = SENTENCE.replace(" ", ""), word_bounds()
    return any(
        start in bounds and start + len(piece) in bounds
        for start in (m.start() for m in re.finditer(f"(?={re.escape(piece)})", flat))
    )


def test_thai_is_covered_by_the_missing_glyph_check() -> None:
    assert missing_characters(SENTENCE) == []


def test_thai_is_set_in_noto_sans_thai_and_breaks_between_words(mini: MiniProject) -> None:
    assert "".join(WORDS) == SENTENCE.replace(" ", "")
    thai_module(mini)
    built = build_docs(
        BuildRequest(
            root=mini.root,
            out=mini.root / "out",
            countries=["GB"],
            locales=["en"],
            products=["handout"],
        )
    )
    pdf = built.written[0]
    resources: list[Any] = [page["/Resources"] for page in pypdf.PdfReader(pdf).pages]
    fonts = {
        str(font.get_object()["/BaseFont"]).split("+")[-1]
        for found in resources
        for font in found["/Font"].values()
    }
    assert "Noto-Sans-Thai" in fonts, fonts
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    ).stdout
    lines = [line for line in text.splitlines() if THAI.search(line)]
    broken = [line for line in lines if not line.strip().endswith(SENTENCE[-6:])]
    assert len(broken) > 3  # the paragraphs do wrap inside the sentence
    # ... and not only at its spaces: some line ends between two words written together.
    chunks = SENTENCE.split()
    assert any(not any(line.rstrip().endswith(c) for c in chunks) for line in lines)
    for line in lines:
        pieces = THAI.findall(line)
        assert [p for p in pieces if not whole_words(p)] == [], line
