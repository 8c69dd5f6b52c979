"""The A5 booklet: pages at A5 (half-Letter in Letter countries), a multiple of four, imposed
two-up in saddle-stitch order; the order is read back from the page numbers printed on each
half of each sheet, never from the plan that placed them."""

from __future__ import annotations

import re
import subprocess
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from builder.plan.imposition import saddle_stitch
from builder.plan.paper import PAPERS, printed_paper
from builder.plan.request import BuildRequest
from builder.run import worker
from builder.typeset.facing import typeset_document

from ..building import build_docs
from ..conftest import TIMEOUT, MiniProject
from ..pdftext import MM_PER_PT, page_sizes_mm
from ..typeset.test_rtl import arabic_catalog

PAGE_OF = re.compile(r"Page (?P<page>\d+) of \d+")
# The page counter of tests/typeset/test_rtl.py's Arabic catalog, "1 / 8" set right to left:
# pdftotext gives it in the order it is seen, "8/1".
PAGE_OF_RTL = re.compile(r"\d+ ?/ ?(?P<page>\d+)")


def test_saddle_stitch_puts_every_page_on_one_side_of_one_sheet() -> None:
    assert saddle_stitch(8) == [((8, 1), (2, 7)), ((6, 3), (4, 5))]
    sheets = saddle_stitch(40)
    assert len(sheets) == 10
    assert sorted(p for sides in sheets for side in sides for p in side) == list(range(1, 41))
    for front, back in sheets:  # folded, each side's pages add up to n + 1
        assert sum(front) == sum(back) == 41


def test_saddle_stitch_of_a_right_to_left_booklet_mirrors_each_side() -> None:
    """Bound on the right (Arabic, Persian, Hebrew): the cover is the left half of the first
    sheet's front, and every side holds the same pages as a left-to-right booklet, swapped."""
    assert saddle_stitch(8, right_to_left=True) == [((1, 8), (7, 2)), ((3, 6), (5, 4))]
    for ltr, rtl in zip(saddle_stitch(40), saddle_stitch(40, right_to_left=True), strict=True):
        assert [side[::-1] for side in ltr] == list(rtl)


@pytest.mark.parametrize("pages", [0, 6, 10])
def test_saddle_stitch_refuses_a_count_that_is_not_a_multiple_of_four(pages: int) -> None:
    with pytest.raises(ValueError, match="multiple of four"):
        saddle_stitch(pages)


def test_catalogue_paper_of_the_booklet_products() -> None:
    assert printed_paper("handout-a5", PAPERS["a4"]) == "a5"
    assert printed_paper("handout-a5", PAPERS["letter"]) == "half-letter"
    assert printed_paper("handout-booklet", PAPERS["letter"]) == "letter-booklet"


def half_texts(path: Path, page: int) -> tuple[str, str]:
    """Text printed on the left and on the right half of one imposed sheet side."""
    box = PdfReader(path).pages[page - 1].mediabox
    width, height = float(box.width), float(box.height)
    halves = []
    for x in (0, width / 2):
        halves.append(
            subprocess.run(
                [
                    "pdftotext",
                    "-f",
                    str(page),
                    "-l",
                    str(page),
                    "-x",
                    str(int(x)),
                    "-y",
                    "0",
                    "-W",
                    str(int(width / 2)),
                    "-H",
                    str(int(height)),
                    str(path),
                    "-",
                ],
                capture_output=True,
                text=True,
                check=True,
                timeout=TIMEOUT,
            ).stdout
        )
    return halves[0], halves[1]


def printed_page_numbers(path: Path, counter: re.Pattern[str] = PAGE_OF) -> list[tuple[int, int]]:
    """(left, right) page numbers read from the footers on each sheet side."""
    found = []
    for page in range(1, len(PdfReader(path).pages) + 1):
        left, right = half_texts(path, page)
        numbers = []
        for half in (left, right):
            matches = list(counter.finditer(" ".join(half.split())))
            assert len(matches) == 1, (page, half)
            numbers.append(int(matches[0]["page"]))
        found.append((numbers[0], numbers[1]))
    return found


def build_booklet(
    mini: MiniProject,
    country: str,
    locale: str = "en",
    products: tuple[str, ...] = ("handout-booklet", "handout-a5"),
) -> Path:
    """Built with handout-a5 the booklet is imposed from its pages (run/worker.py); built
    alone it is typeset and imposed in one go (typeset/job.py)."""
    mini.write_pack(["first", "help"], products=["handout", "handout-booklet", "handout-a5"])
    if locale == "ar":
        arabic_catalog(mini)
    build_docs(
        BuildRequest(
            root=mini.root,
            out=mini.root / "out",
            countries=[country],
            locales=[locale],
            products=list(products),
        )
    )
    return mini.root / "out" / "mini" / country / locale


@pytest.mark.parametrize(
    "country,page,sheet",
    [("GB", (148.0, 210.0), (297.0, 210.0)), ("US", (139.7, 215.9), (279.4, 215.9))],
)
def test_small_pack_is_padded_with_notes_and_imposed_in_order(
    mini: MiniProject, country: str, page: tuple[float, float], sheet: tuple[float, float]
) -> None:
    folder = build_booklet(mini, country)
    a5 = folder / "handout-a5.pdf"
    pages = [" ".join((p.extract_text() or "").split()) for p in PdfReader(a5).pages]
    assert len(pages) % 4 == 0 and set(page_sizes_mm(a5)) == {page}
    assert "Call now" in pages[-1]  # the back cover: the help page with the numbers
    assert ("999" if country == "GB" else "911") in pages[-1]
    notes = [i for i, text in enumerate(pages) if text.startswith("Notes")]
    assert notes == list(range(len(pages) - 1 - len(notes), len(pages) - 1))  # before it
    sheets = folder / "handout-booklet.pdf"
    assert set(page_sizes_mm(sheets)) == {sheet}
    n = len(pages)
    sides = printed_page_numbers(sheets)
    assert len(sides) * 2 == n
    for k, (front, back) in enumerate(zip(sides[0::2], sides[1::2], strict=True)):
        assert front == (n - 2 * k, 2 * k + 1) and back == (2 * k + 2, n - 2 * k - 1)
    # ... and each number says of how many: the whole booklet.
    assert all(f"of {n}" in p for p in pages)


@pytest.mark.parametrize(
    "products", [("handout-booklet", "handout-a5"), ("handout-booklet",)], ids=["pages", "alone"]
)
def test_an_arabic_booklet_is_bound_on_the_right(
    mini: MiniProject, products: tuple[str, ...]
) -> None:
    """An Arabic booklet opens from the right: folded, its spine is on the cover's right, so
    the cover is the left half of the first sheet's front and page 2 backs it on the right
    half of the back (the pages of a left-to-right booklet, each side swapped). Imposed like
    an English one, it folded into a booklet bound on the wrong side, read back to front.
    Both ways a booklet is made: from the handout-a5 pages of the same build, and alone (the
    usual `--product handout-booklet`, which was tested by neither)."""
    folder = build_booklet(mini, "GB", "ar", products)
    sides = printed_page_numbers(folder / "handout-booklet.pdf", PAGE_OF_RTL)
    n = len(sides) * 2
    assert n % 4 == 0 and n >= 8
    for k, (front, back) in enumerate(zip(sides[0::2], sides[1::2], strict=True)):
        assert front == (2 * k + 1, n - 2 * k) and back == (n - 2 * k - 1, 2 * k + 2)
    # Flipped on the short edge, each page is backed by the next: the front's left half (p)
    # by the back's right half (p + 1), the front's right half (q + 1) by the back's left (q).
    for front, back in zip(sides[0::2], sides[1::2], strict=True):
        assert back[1] == front[0] + 1 and front[1] == back[0] + 1


def test_shipped_booklet_reads_in_order_once_folded(demo: Path) -> None:
    """The GB booklet of the real pack, from the numbers printed on each half sheet: sheet by
    sheet the outer pages close in from both ends, and flipped on the short edge each page is
    backed by the next (front right p, back left p + 1; back right q, front left q + 1)."""
    folder = demo / "partner-support" / "GB" / "en"
    sheets = folder / "handout-booklet.pdf"
    n = len(PdfReader(folder / "handout-a5.pdf").pages)
    sides = printed_page_numbers(sheets)
    assert n % 4 == 0 and len(sides) * 2 == n
    for k, (front, back) in enumerate(zip(sides[0::2], sides[1::2], strict=True)):
        assert front == (n - 2 * k, 2 * k + 1)
        assert back[0] == front[1] + 1 and front[0] == back[1] + 1
    assert sorted(p for side in sides for p in side) == list(range(1, n + 1))
    width_mm = float(PdfReader(sheets).pages[0].mediabox.width) * MM_PER_PT
    assert round(width_mm) == 297  # A4, landscape


def test_fold_line_runs_down_the_middle_of_every_sheet(mini: MiniProject) -> None:
    from ..pdfpixels import raster

    sheets = build_booklet(mini, "GB") / "handout-booklet.pdf"
    image = raster(sheets, 0, 100).image.convert("L")
    middle = image.width // 2
    column = [
        int(image.getpixel((x, y)))  # type: ignore[arg-type]
        for y in range(image.height)
        for x in range(middle - 1, middle + 2)
    ]
    assert min(column) < 200  # the dashed line is there...
    assert sum(1 for v in column if v > 240) > len(column) / 4  # ...and it is dashed


def test_a_build_of_both_booklet_products_lays_the_a5_pages_out_once(
    mini: MiniProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The sheets are imposed from the A5 PDF the same build wrote, with the same bytes as a
    booklet laid out on its own."""
    laid_out: list[str] = []

    def counting(job: Any, *args: Any) -> Any:
        laid_out.append(job.product)
        return typeset_document(job, *args)

    # The in-process build (jobs=1) typesets through the worker module.
    monkeypatch.setattr(worker, "typeset_document", counting)
    mini.write_pack(["first", "help"], products=["handout-a5", "handout-booklet"])
    request = BuildRequest(root=mini.root, out=mini.root / "both", countries=["GB"])
    build_docs(request)
    assert laid_out == ["handout-a5"]
    build_docs(replace(request, out=mini.root / "alone", products=["handout-booklet"]))
    assert laid_out == ["handout-a5", "handout-booklet"]
    sheets = [
        (mini.root / out / "mini/GB/en/handout-booklet.pdf").read_bytes()
        for out in ("both", "alone")
    ]
    assert sheets[0] == sheets[1]


@pytest.mark.parametrize(
    "products", [("handout-booklet", "handout-a5"), ("handout-booklet",)], ids=["pages", "alone"]
)
def test_imposed_booklet_says_the_pdf_version_of_its_pages(
    mini: MiniProject, products: tuple[str, ...]
) -> None:
    """The sheets carry the A5 pages as they were written (their ExtGStates set /ca and /CA,
    PDF 1.4; a Japanese booklet's fonts are OpenType, PDF 1.6), so the header says the pages'
    1.7, never pypdf's default 1.3. The sheets are not tagged: moving pages onto sheets keeps
    no structure tree (handout-a5 is the tagged edition)."""
    folder = build_booklet(mini, "GB", products=products)
    sheets = PdfReader(folder / "handout-booklet.pdf")
    assert sheets.pdf_header == "%PDF-1.7"
    catalog = sheets.root_object
    assert "/StructTreeRoot" not in catalog and "/MarkInfo" not in catalog
