"""Wallet cards as they come off the printer: positions measured on rendered pages, not trusted.

Every card gets its own colour (a test stylesheet), the pages are rendered to pixels, and each
card's rectangle is found by its colour, so a back that lands one millimetre off its front, or a
cut mark that misses its line, fails here.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from builder import pipeline
from builder.base.errors import InputError, ProblemList
from builder.model.project import load_project
from builder.model.translations import source_translator
from builder.plan.imposition import (
    BLEED,
    CARD_H,
    CARD_W,
    INSTRUCTION_GAP,
    MARK_GAP,
    MARK_LEN,
    PRINTER_MARGIN,
    card_sheet,
    fold,
)
from builder.plan.jobs import DocumentJob
from builder.plan.paper import PAPERS, paper_for
from builder.plan.request import BuildRequest
from builder.render.document import render_document
from builder.render.products.cards import SCALE_MM, scale_bar
from builder.render.templating import make_environment
from builder.run.batch import BatchOptions
from builder.typeset import job

from ..building import Built, build_docs
from ..conftest import REPO, TIMEOUT, MiniProject
from ..model.test_catalogs import add_locale, request, set_translation
from ..pdfpixels import MM_PER_PT, chars, raster
from ..pdftext import flat_text, text_of

DPI = 400
TOLERANCE_MM = 0.2
SAFE_MM = 3.0


def colour(i: int) -> tuple[int, int, int]:
    return (255, 20 + 20 * i, 60)


def paint_cards(mini: MiniProject, count: int) -> None:
    """Give front i and back i the same solid colour, so each can be found on its page."""
    css = mini.root / "templates" / "css" / "cards.css"
    rules = "".join(
        f"#front-{i}-card, #back-{i}-card {{ background: rgb{colour(i)}; }}\n" for i in range(count)
    )
    css.write_text(css.read_text() + rules)


def build_one(mini: MiniProject, country: str, product: str, **kw: object) -> Path:
    mini.write_pack(["first", "help"], products=["handout", "card-sheet", "card", "card-fold"])
    build_docs(
        BuildRequest(
            root=mini.root,
            out=mini.root / "out",
            countries=[country],
            products=[product],
            **kw,  # type: ignore[arg-type]
        )
    )
    return mini.root / "out" / "mini" / country / "en" / f"{product}.pdf"


@pytest.mark.parametrize(
    "country,paper,duplex",
    [("GB", "a4", "long-edge"), ("US", "letter", "long-edge"), ("GB", "a4", "short-edge")],
)
def test_every_back_lands_behind_its_front(
    mini: MiniProject, country: str, paper: str, duplex: str
) -> None:
    sheet = card_sheet(PAPERS[paper], duplex)  # type: ignore[arg-type]
    paint_cards(mini, len(sheet.fronts))
    path = build_one(mini, country, "card-sheet", duplex=duplex)
    width, height = sheet.paper.width, sheet.paper.height
    fronts, backs = raster(path, 0, DPI), raster(path, 1, DPI)
    for i, (front_slot, back_slot) in enumerate(zip(sheet.fronts, sheet.backs, strict=True)):
        found = []
        for page, slot in ((fronts, front_slot), (backs, back_slot)):
            area = (slot.x - 1.5, slot.y - 1.5, slot.x + CARD_W + 1.5, slot.y + CARD_H + 1.5)
            box = page.bbox_of_colour(colour(i), area)
            assert box is not None, f"card {i} not found"
            assert box == pytest.approx(
                (slot.x, slot.y, slot.x + CARD_W, slot.y + CARD_H), abs=TOLERANCE_MM
            ), f"card {i} is not where it belongs"
            found.append(box)
        (fx1, fy1, fx2, fy2), (bx1, by1, bx2, by2) = found
        # Turn the back page over the way the printer does, then it must cover the front.
        if duplex == "long-edge":
            turned = (width - bx2, by1, width - bx1, by2)
        else:
            turned = (bx1, height - by2, bx2, height - by1)
        assert turned == pytest.approx((fx1, fy1, fx2, fy2), abs=TOLERANCE_MM), f"card {i}"


@pytest.mark.parametrize("country,paper", [("GB", "a4"), ("US", "letter")])
def test_cut_marks_sit_on_every_cut_line_and_nowhere_else(
    mini: MiniProject, country: str, paper: str
) -> None:
    sheet = card_sheet(PAPERS[paper])
    path = build_one(mini, country, "card-sheet")
    left, right = sheet.cut_xs[0], sheet.cut_xs[-1]
    top, bottom = sheet.cut_ys[0], sheet.cut_ys[-1]
    near, far = MARK_GAP + 0.3, MARK_GAP + MARK_LEN - 0.3
    bar = scale_bar("", sheet.marks, sheet.paper.height)
    width = sheet.paper.width
    # Below the fronts the scale bar, its label and its note share the marks' strip: look
    # between them (the label is under 10 mm wide).
    beside_bar = (
        (0, bar.x - 0.5),
        (bar.label_x + 10.0, bar.note.x - 0.5),
        (bar.note.x + bar.note.w + 0.5, width),
    )
    for number in (0, 1):
        page = raster(path, number, DPI)
        # Both pages are symmetric about the vertical centre, so one set of lines serves both.
        assert page.dark_centres((0, top - far, width, top - near), "x") == pytest.approx(
            list(sheet.cut_xs), abs=TOLERANCE_MM
        )
        spans = beside_bar if number == 0 else ((0, width),)
        found = [
            x
            for x1, x2 in spans
            for x in page.dark_centres((x1, bottom + near, x2, bottom + far), "x")
        ]
        assert found == pytest.approx(list(sheet.cut_xs), abs=TOLERANCE_MM)
        for strip in (
            (left - far, 0, left - near, sheet.paper.height),
            (right + near, 0, right + far, sheet.paper.height),
        ):
            assert page.dark_centres(strip, "y") == pytest.approx(
                list(sheet.cut_ys), abs=TOLERANCE_MM
            )
    assert sheet.left >= PRINTER_MARGIN and sheet.top >= PRINTER_MARGIN


@pytest.mark.parametrize("country,paper", [("GB", "a4"), ("US", "letter")])
def test_the_print_instruction_stays_clear_of_the_top_cut_marks(
    mini: MiniProject, country: str, paper: str
) -> None:
    """On A4 the instruction was pushed down to the printer's margin and its descenders ("g",
    "p", "(", an Arabic "ر") ended 0.07 mm above the middle column's top cut mark: printed,
    the mark ran on from the letter. The lowest ink of the instruction, measured beside the
    marks, stays INSTRUCTION_GAP (0.5 mm, less what the raster rounds) above where they start."""
    sheet = card_sheet(PAPERS[paper])
    page = raster(build_one(mini, country, "card-sheet"), 0, DPI)
    marks_start = sheet.top - MARK_GAP - MARK_LEN
    columns = [sheet.cut_xs[0] + 1.0, *(x + 1.0 for x in sheet.cut_xs[1:-1])]
    spans = [(x, x + CARD_W - 2.0) for x in columns]  # between the marks, clear of them
    ink = [page.dark_bbox((x1, 0, x2, marks_start)) for x1, x2 in spans]
    lowest = max(box[3] for box in ink if box is not None)
    assert marks_start - lowest >= INSTRUCTION_GAP - 0.1, (marks_start, lowest)


def test_sheet_tells_how_to_print(mini: MiniProject) -> None:
    text = " ".join(text_of(build_one(mini, "GB", "card-sheet")).split())
    assert (
        "Print double-sided at Actual size / 100% (do not fit to page), flip on long edge" in text
    )
    assert "50 mm" in text and "Before cutting, measure the bar: it must be 50 mm." in text


@pytest.mark.parametrize("country,paper", [("GB", "a4"), ("US", "letter")])
def test_scale_bar_measures_fifty_mm_below_the_cards(
    mini: MiniProject, country: str, paper: str
) -> None:
    """The bar is measured on the printed page: its ends (outer edges of the end ticks) 50 mm
    apart, in the margin below the last cut line, inside what a desktop printer reaches."""
    sheet = card_sheet(PAPERS[paper])
    bar = scale_bar("", sheet.marks, sheet.paper.height)
    path = build_one(mini, country, "card-sheet")
    page = raster(path, 0, DPI)
    area = (bar.x - 2.0, bar.y - 2.0, bar.x + SCALE_MM + 1.0, bar.y + 2.0)
    box = page.bbox_of_colour((0, 0, 0), area)
    assert box is not None, "no scale bar below the cards"
    x1, y1, x2, y2 = box
    assert x2 - x1 == pytest.approx(SCALE_MM, abs=TOLERANCE_MM)
    assert y1 > sheet.cut_ys[-1] + MARK_GAP and y2 < sheet.paper.height - PRINTER_MARGIN
    # Only the two end ticks cross a line just above the bar: nothing else in the way.
    ticks = page.dark_centres((bar.x - 2.0, bar.y - 1.0, bar.x + SCALE_MM + 1.0, bar.y - 0.5), "x")
    assert len(ticks) == 2 and ticks[1] - ticks[0] == pytest.approx(
        SCALE_MM - 0.2, abs=TOLERANCE_MM
    )


def test_short_edge_sheet_says_so(mini: MiniProject) -> None:
    text = text_of(build_one(mini, "GB", "card-sheet", duplex="short-edge"))
    assert "flip on short edge" in text and "long edge" not in text


def test_print_shop_card_has_trim_and_bleed_boxes(mini: MiniProject) -> None:
    path = build_one(mini, "GB", "card")
    output = subprocess.run(
        ["pdfinfo", "-box", "-f", "1", "-l", "2", str(path)],
        check=True,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    ).stdout
    boxes: dict[str, list[tuple[float, ...]]] = {}
    for line in output.splitlines():
        name, _, values = line.partition(":")
        if name.startswith("Page") and "Box" in name:
            boxes.setdefault(name.split()[-1], []).append(tuple(map(float, values.split())))
    mm = 25.4 / 72
    assert len(boxes["TrimBox"]) == 2
    for (tx1, ty1, tx2, ty2), (bx1, by1, bx2, by2) in zip(
        boxes["TrimBox"], boxes["BleedBox"], strict=True
    ):
        assert (tx2 - tx1) * mm == pytest.approx(CARD_W, abs=0.01)
        assert (ty2 - ty1) * mm == pytest.approx(CARD_H, abs=0.01)
        for bleed in (tx1 - bx1, ty1 - by1, bx2 - tx2, by2 - ty2):
            assert bleed * mm == pytest.approx(BLEED, abs=0.01)
    text = text_of(path)
    assert "116 123" in text and "Remember" in text


def box_mm(box: Any, media: Any) -> tuple[float, float, float, float]:
    """A PDF page box as (x1, y1, x2, y2) in mm from the MediaBox's top left, as rendered."""
    return (
        float(box.left - media.left) * MM_PER_PT,
        float(media.top - box.top) * MM_PER_PT,
        float(box.right - media.left) * MM_PER_PT,
        float(media.top - box.bottom) * MM_PER_PT,
    )


def test_print_shop_card_marks_sit_outside_the_bleed(mini: MiniProject) -> None:
    """Crop marks in the bleed would print into the bleed artwork and show on a card cut a
    little off: the MediaBox leaves room beyond the 3 mm BleedBox, and every mark is drawn
    there, one at each end of each trim line."""
    path = build_one(mini, "GB", "card")
    reader = PdfReader(path)
    for number, pdf_page in enumerate(reader.pages):
        media = pdf_page.mediabox
        mx1, my1, mx2, my2 = box_mm(media, media)
        bx1, by1, bx2, by2 = box_mm(pdf_page.bleedbox, media)
        tx1, ty1, tx2, ty2 = box_mm(pdf_page.trimbox, media)
        assert (tx2 - tx1, ty2 - ty1) == pytest.approx((CARD_W, CARD_H), abs=0.01)
        assert (tx1 - bx1, ty1 - by1, bx2 - tx2, by2 - ty2) == pytest.approx((BLEED,) * 4, abs=0.01)
        outside = (bx1 - mx1, by1 - my1, mx2 - bx2, my2 - by2)
        assert min(outside) >= BLEED, f"page {number + 1}: no room for marks beyond the bleed"
        page = raster(path, number, DPI)
        # Nothing dark between the BleedBox and the text area (SAFE_MM inside the trim).
        ring = [
            (bx1, by1, bx2, ty1 + SAFE_MM),
            (bx1, ty2 - SAFE_MM, bx2, by2),
            (bx1, by1, tx1 + SAFE_MM, by2),
            (tx2 - SAFE_MM, by1, bx2, by2),
        ]
        for strip in ring:
            assert page.dark_bbox(strip) is None, f"page {number + 1}: ink at {strip} mm"
        # A mark on each trim line, at both of its ends, in the margin beyond the bleed.
        pad = 0.5
        across = {
            "top": ((bx1, my1, bx2, by1 - pad), "x", [tx1, tx2]),
            "bottom": ((bx1, by2 + pad, bx2, my2), "x", [tx1, tx2]),
            "left": ((mx1, by1, bx1 - pad, by2), "y", [ty1, ty2]),
            "right": ((bx2 + pad, by1, mx2, by2), "y", [ty1, ty2]),
        }
        for side, (area, axis, lines) in across.items():
            found = page.dark_centres(area, axis)
            assert found == pytest.approx(lines, abs=TOLERANCE_MM), f"page {number + 1} {side}"


@pytest.mark.parametrize("product", ["card", "card-sheet", "card-fold"])
def test_text_stays_three_mm_inside_the_trim(mini: MiniProject, product: str) -> None:
    path = build_one(mini, "GB", product)
    paper = PAPERS["a4"]
    if product == "card":
        pages = {0: [(0.0, 0.0)], 1: [(0.0, 0.0)]}
    elif product == "card-sheet":
        sheet = card_sheet(paper)
        pages = {0: [(s.x, s.y) for s in sheet.fronts], 1: [(s.x, s.y) for s in sheet.backs]}
    else:
        layout = fold(paper)
        pages = {0: [(layout.front.x, layout.front.y), (layout.back.x, layout.back.y)]}
    checked = 0
    for number, slots in pages.items():
        for char in chars(path, number):
            x1, y1, x2, y2 = char.box
            home = [
                (x, y)
                for x, y in slots
                if x <= x1 and x2 <= x + CARD_W and y <= y1 and y2 <= y + CARD_H
            ]
            if not home:
                continue  # the print instruction in the sheet margin
            x, y = home[0]
            assert min(x1 - x, y1 - y, x + CARD_W - x2, y + CARD_H - y2) >= SAFE_MM, char
            checked += 1
    assert checked > 100


def test_fold_card_back_is_turned_below_the_front(mini: MiniProject) -> None:
    path = build_one(mini, "GB", "card-fold")
    layout = fold(PAPERS["a4"])
    assert layout.back.y == pytest.approx(layout.front.y + CARD_H)  # shares the folded edge
    text = chars(path, 0)
    front_heading = [c for c in text if c.text == "I"]  # "If you need to talk now"
    assert front_heading[0].box[1] < layout.front.y + CARD_H / 2
    # Turned 180 degrees, the back's heading ("Remember") sits at the bottom of its panel.
    back_heading = [c for c in text if c.text == "R"]
    assert back_heading and back_heading[0].box[1] > layout.back.y + CARD_H / 2
    page = raster(path, 0, DPI)
    reach = MARK_GAP + MARK_LEN
    bottom = layout.back.y + CARD_H
    # In the left margin: a cut mark at the top and bottom edges, the dashed fold line between.
    margin = (
        layout.front.x - reach + 0.3,
        layout.front.y - 2,
        layout.front.x - MARK_GAP - 0.3,
        bottom + 2,
    )
    assert page.dark_centres(margin, "y") == pytest.approx(
        [layout.front.y, layout.fold_y, bottom], abs=TOLERANCE_MM
    )
    assert "fold on the dashed line" in " ".join(text_of(path).split())


def test_latin_helpline_name_on_an_arabic_card_keeps_its_order(mini: MiniProject) -> None:
    """Each line is shaped on its own: without its own direction, an English name that wraps
    inside an Arabic card would print its "&" at the wrong end of the line."""
    from ..typeset.test_rtl import arabic_catalog

    path = mini.helplines / "GB.toml"
    name = "General Secretariat of Mental Health & Addiction Treatment hotline"
    path.write_text(path.read_text().replace('name = "Samaritans"', f'name = "{name}"'))
    arabic_catalog(mini)
    mini.write_pack(["first", "help"], products=["card"])
    build_docs(
        BuildRequest(
            root=mini.root,
            out=mini.root / "out",
            countries=["GB"],
            locales=["ar"],
            products=["card"],
        )
    )
    text = chars(mini.root / "out" / "mini" / "GB" / "ar" / "card.pdf", 0)
    ampersand = next(c for c in text if c.text == "&")
    line = sorted(
        (c for c in text if abs(c.box[3] - ampersand.box[3]) < 0.5 and c.text.isascii()),
        key=lambda c: c.box[0],
    )
    read = "".join(c.text for c in line)
    assert read.endswith("&") and read in name.replace(" ", "")  # "...MentalHealth&"


@pytest.mark.parametrize(
    "text,direction",
    [("Samaritans", "ltr"), ("خط المساعدة", "rtl"), ("116 123 Samaritans", "ltr"), ("", "ltr")],
)
def test_text_direction_follows_the_first_strong_character(text: str, direction: str) -> None:
    from builder.render.document import text_direction

    assert text_direction(text) == direction


# Which services a card carries, and what it says when a country has no crisis line.

ONLY_EMERGENCY = """\
country = "TR"
timezone = "Europe/Istanbul"
crisis_gap = "none found in a source good enough to print"

[[services]]
id = "emergency"
kind = "emergency"
name = "Acil Çağrı Merkezi"
open_24_7 = true
source_url = "https://example.org/tr-emergency"
checked = 2026-11-01

[[services.contacts]]
type = "phone"
value = "112"
"""


def card_build(mini: MiniProject, country: str) -> tuple[str, list[str]]:
    result = build_docs(
        BuildRequest(
            root=mini.root, out=mini.root / "out", countries=[country], products=["card-sheet"]
        )
    )
    return (
        flat_text(mini.root / f"out/mini/{country}/en/card-sheet.pdf"),
        [w.message for w in result.warnings],
    )


def test_country_without_crisis_line_points_to_the_help_page(mini: MiniProject) -> None:
    mini.write_helplines("TR", ONLY_EMERGENCY)
    text, warnings = card_build(mini, "TR")
    assert text.count("Emergency 112") == 10
    assert text.count("More help: see “Where to find help” in the handout.") == 10
    assert "http" not in text and "www" not in text
    assert any("TR has no crisis line to print on the card" in w for w in warnings)


def test_pointer_without_a_help_page_names_no_address(mini: MiniProject) -> None:
    mini.write_helplines("TR", ONLY_EMERGENCY)
    mini.write_pack(["first"])
    text, _ = card_build(mini, "TR")
    assert text.count("More help: ask the clinic that gave you this card.") == 10


def test_card_prints_instructions_next_to_numbers(mini: MiniProject) -> None:
    path = mini.helplines / "GB.toml"
    path.write_text(
        path.read_text().replace(
            'value = "116 123"', 'value = "116 123"\ninstruction = "then press 2"'
        )
    )
    text, warnings = card_build(mini, "GB")
    assert text.count("116 123 then press 2") == 10
    assert not any("no crisis line" in w for w in warnings)


def samaritans_part_time(mini: MiniProject) -> None:
    """The mini project's GB listening line open Monday to Friday, 09:00-17:00, not 24/7."""
    path = mini.helplines / "GB.toml"
    path.write_text(
        path.read_text()
        .replace(
            'open_24_7 = true\nsource_url = "https://example.org/samaritans"',
            'open_24_7 = false\nsource_url = "https://example.org/samaritans"',
        )
        .replace(
            'value = "116 123"',
            'value = "116 123"\n\n[[services.opening]]\n'
            'days = ["mon", "tue", "wed", "thu", "fri"]\nfrom = "09:00"\n'
            'to = "17:00"',
        )
    )


def test_part_time_line_on_a_card_shows_its_hours_the_uk_way(mini: MiniProject) -> None:
    samaritans_part_time(mini)
    text, _ = card_build(mini, "GB")
    # The UK's 24-hour clock, and no zone: the UK has one, so its name would be noise.
    assert text.count("Mon–Fri 09:00–17:00") == 10
    assert "Time)" not in text


def test_draft_translation_is_marked_on_every_card_back(tmp_path: Path) -> None:
    """A German card is a draft translation like the German handout: every back says so, in
    German; an English (source) card carries no such line."""
    build_docs(
        BuildRequest(
            root=REPO,
            out=tmp_path,
            packs=["partner-support"],
            countries=["DE"],
            locales=["de", "en"],
            products=["card", "card-sheet", "card-fold"],
        )
    )
    notice = "Übersetzung noch nicht von Muttersprachlern geprüft"
    folder = tmp_path / "partner-support" / "DE"
    backs = {"card": 1, "card-fold": 1, "card-sheet": 10}
    for product, count in backs.items():
        pages = [
            " ".join(page.extract_text().split())
            for page in PdfReader(folder / "de" / f"{product}.pdf").pages
        ]
        on_backs = sum(page.count("Denken Sie daran") for page in pages)
        assert on_backs == count, product
        assert sum(page.count(notice) for page in pages) == count, product
        # ... and on the side with the backs, never on a front alone.
        assert all(page.count(notice) == page.count("Denken Sie daran") for page in pages)
        english = flat_text(folder / "en" / f"{product}.pdf")
        assert "not yet reviewed" not in english and notice not in english


def test_card_front_shows_three_levels_when_the_card_text_has_them(mini: MiniProject) -> None:
    levelled_card(mini)
    text, warnings = card_build(mini, "GB")
    # GB here has no urgent line: level 2 is the 24/7 crisis line, and level 3 has nothing
    # else to show, so the one line is printed under both labels: no row reads as empty.
    front = (
        "1 Emergency 999 2 Urgent, not in danger Samaritans 116 123 "
        "3 For either of you Samaritans 116 123"
    )
    assert text.count(front) == 10 and text.count("116 123") == 20
    assert not any("no crisis line" in w for w in warnings)


def test_card_front_without_a_level_2_label_keeps_the_old_layout(mini: MiniProject) -> None:
    text, _ = card_build(mini, "GB")
    assert text.count("Emergency 999 Samaritans 116 123") == 10
    assert "Urgent" not in text


LISTENING_ONLY = """country = "IT"
timezone = "Europe/Rome"
crisis_gap = "no national crisis line"

[[services]]
id = "emergency"
kind = "emergency"
name = "Emergency"
open_24_7 = true
source_url = "https://example.org/it-emergency"
checked = 2026-11-01

[[services.contacts]]
type = "phone"
value = "112"

[[services]]
id = "friend"
kind = "support"
name = "Listening line"
listening = true
open_24_7 = false
source_url = "https://example.org/friend"
checked = 2026-11-01

[[services.contacts]]
type = "phone"
value = "02 2327 2327"

[[services.opening]]
days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
from = "10:00"
to = "24:00"
"""


def test_national_listening_line_is_the_line_to_talk_to_without_a_crisis_line(
    mini: MiniProject,
) -> None:
    mini.write_helplines("IT", LISTENING_ONLY)
    text, warnings = card_build(mini, "IT")
    assert text.count("Listening line") == 10 and text.count("02 2327 2327") == 10
    assert text.count("No crisis line was found for this country.") == 10
    assert any(
        "IT has no crisis line to print on the card: it shows the emergency number and friend" in w
        for w in warnings
    )


def levelled_card(mini: MiniProject) -> None:
    card = mini.pack / "card.toml"
    card.write_text(
        card.read_text().replace(
            'crisis_label = "Crisis line"',
            'urgent_label = "Urgent, not in danger"\ncrisis_label = "For either of you"',
        )
    )


def part_time_samaritans(mini: MiniProject, fields: str = "") -> Path:
    """The levelled card's project with GB's Samaritans open Mon–Fri 09:00–17:00 only (and
    `fields` added to the service); the helpline file's path."""
    levelled_card(mini)
    path = mini.helplines / "GB.toml"
    path.write_text(
        path.read_text()
        .replace(
            'open_24_7 = true\nsource_url = "https://example.org/samaritans"',
            f'open_24_7 = false\n{fields}source_url = "https://example.org/samaritans"',
        )
        .replace(
            'value = "116 123"',
            'value = "116 123"\n\n[[services.opening]]\n'
            'days = ["mon", "tue", "wed", "thu", "fri"]\nfrom = "09:00"\nto = "17:00"',
        )
    )
    return path


def test_level_2_is_never_missing_without_a_24_7_line(mini: MiniProject) -> None:
    """IT, NP, IR and RU cards went from level 1 to level 3. Level 2 now gives the emergency
    number, as the handout's and quick guide's row 2 do when the doctor or clinic cannot be
    reached; a part-time line stays at level 3 with its hours."""
    part_time_samaritans(mini)
    text, _ = card_build(mini, "GB")
    front = (
        "1 Emergency 999 2 Urgent, not in danger 999 "
        "3 For either of you Samaritans 116 123 Mon–Fri 09:00–17:00"
    )
    assert text.count(front) == 10 and text.count("116 123") == 10
    mini.write_helplines("TR", ONLY_EMERGENCY)
    text, _ = card_build(mini, "TR")
    assert text.count("1 Emergency 112 2 Urgent, not in danger 112") == 10


def test_hours_the_data_doubts_say_so_wherever_they_print(mini: MiniProject) -> None:
    """SeeleFon's hours (from 2017) and Telefono Amico's (sources disagree) printed as facts on
    cards, plans and the handout's boxes; only the help page's listing said they could not be
    confirmed. Hours printed from doubted rows now end "Hours not confirmed" everywhere."""
    path = part_time_samaritans(
        mini, 'caution = "note"\ncaution_reason = "Hours from 2017."\nunconfirmed = ["hours"]\n'
    )
    text, _ = card_build(mini, "GB")
    assert text.count("Samaritans 116 123 Mon–Fri 09:00–17:00 · Hours not confirmed") == 10
    path.write_text(path.read_text().replace('unconfirmed = ["hours"]', 'reader_note = "New."'))
    text, _ = card_build(mini, "GB")
    assert text.count("Mon–Fri 09:00–17:00") == 10 and "Hours not confirmed" not in text


LONG_LINE = """
[[services]]
id = "{id}"
kind = "crisis"
name = "{name}"
open_24_7 = true
source_url = "https://example.org/{id}"
checked = 2026-11-01

[[services.contacts]]
type = "phone"
value = "{number}"
instruction = "{instruction}"
"""


def crowded_front(mini: MiniProject, words: int) -> None:
    """GB's card with Samaritans at level 2 and two more crisis lines at level 3, each with
    a name and an instruction of `words` words (one_long_line's, and a second)."""
    one_long_line(mini, words)
    text = " ".join(["lengthy"] * words)
    path = mini.helplines / "GB.toml"
    path.write_text(
        path.read_text()
        + LONG_LINE.format(
            id="second-line", name=f"Second {text}", number="0800 333 444", instruction=text
        )
    )


def test_a_front_too_full_for_two_lines_to_talk_prints_the_first_and_says_so(
    mini: MiniProject,
) -> None:
    """JP's card in Arabic, Bengali, Persian, Thai and Vietnamese did not fit even at 7 pt
    with two part-time lines at level 3 (their hours print in English); the build failed.
    Now the card is laid out again with one line at level 3, the first, and the build says
    which line it left off; a card that fits with both keeps both."""
    crowded_front(mini, 10)
    text, warnings = card_build(mini, "GB")
    assert text.count("First lengthy") == 10 and "Second lengthy" not in text
    assert text.count("Samaritans 116 123") == 10
    assert any("second-line left off the card so its front fits" in w for w in warnings)


def test_a_front_that_fits_keeps_both_lines_to_talk(mini: MiniProject) -> None:
    crowded_front(mini, 8)
    text, warnings = card_build(mini, "GB")
    assert text.count("First lengthy") == 10 and text.count("Second lengthy") == 10
    assert not any("left off the card so" in w for w in warnings)


def test_a_front_too_full_even_with_one_line_still_fails_naming_the_text(
    mini: MiniProject,
) -> None:
    crowded_front(mini, 30)
    with pytest.raises(
        InputError,
        match=r'CP6101.*card front .*does not fit even at 7 pt.*text that does not fit is "First',
    ):
        card_build(mini, "GB")
    assert not list((mini.root / "out").rglob("*.pdf"))


@pytest.mark.parametrize(("words", "checked"), [(8, "1 June 2026"), (10, "1 November 2026")])
def test_a_card_is_dated_by_the_lines_it_prints(
    mini: MiniProject, words: int, checked: str
) -> None:
    """'Numbers checked' is the oldest date of what the card prints: the second line, checked
    in June, dates the card that prints it, not the one that leaves it off."""
    crowded_front(mini, words)
    path = mini.helplines / "GB.toml"
    head, tail = path.read_text().rsplit("checked = 2026-11-01", 1)  # the second line's
    path.write_text(head + "checked = 2026-06-01" + tail)
    text, _ = card_build(mini, "GB")
    assert text.count(f"Numbers checked {checked}") == 10
    assert ("Second lengthy" in text) == (checked == "1 June 2026")


def test_a_card_too_full_even_with_one_line_does_not_say_it_fits(mini: MiniProject) -> None:
    """The failed card is reported as not fitting (CP6101), never also as 'left off the card
    so its front fits': the shorter version's warning is for a card that prints."""
    crowded_front(mini, 30)
    report = pipeline.build(
        BuildRequest(
            root=mini.root, out=mini.root / "out", countries=["GB"], products=["card-sheet"]
        ),
        BatchOptions(jobs=1, force=True, catalogue=False),
    )
    [failed] = report.failed
    assert [e.code for e in failed.errors] == ["CP6101"]
    assert not any("left off the card so" in w.message for w in failed.warnings)


def pair_build(mini: MiniProject, country: str, pair: str = "fr+en") -> Built:
    """The country's card sheet in a pair (French and English), built through the pipeline."""
    return build_docs(
        BuildRequest(
            root=mini.root,
            out=mini.root / "out",
            countries=[country],
            locales=[pair],
            products=["card-sheet"],
        )
    )


def one_long_line(mini: MiniProject, words: int) -> None:
    """GB's card with one line to talk at level 3 (nothing to leave off), its name and its
    instruction `words` words long."""
    levelled_card(mini)
    text = " ".join(["lengthy"] * words)
    path = mini.helplines / "GB.toml"
    path.write_text(
        path.read_text()
        + LONG_LINE.format(
            id="first-line", name=f"First {text}", number="0800 111 222", instruction=text
        )
    )


def test_a_bilingual_front_too_full_for_two_lines_prints_the_first(mini: MiniProject) -> None:
    """With ten words a line, the card alone takes one line to talk (above), and so does the
    pair, wherever its dates go: each language's card with the first line only, as one."""
    crowded_front(mini, 10)
    add_locale(mini)
    result = pair_build(mini, "GB")
    text = flat_text(mini.root / "out/mini/GB/fr+en/card-sheet.pdf")
    assert text.count("First lengthy") == 10 and "Second lengthy" not in text
    assert text.count("FR If you need to talk now") == 10  # both languages print
    assert any("second-line left off the card so" in w.message for w in result.warnings)


def test_a_bilingual_front_moves_its_second_date_to_the_back_before_a_line_to_talk(
    mini: MiniProject,
) -> None:
    """With eight words a line, the card fits alone with both lines to talk, but not in two
    languages with both dates on the front. The pair used to leave its second line off; a
    date on the back loses nothing, so it is tried first: both lines print, the English date
    on the back of each card, and the build says what moved (CP6114), not what was left off."""
    crowded_front(mini, 8)
    add_locale(mini)
    result = pair_build(mini, "GB")
    pdf = mini.root / "out/mini/GB/fr+en/card-sheet.pdf"
    front, back = (" ".join((p.extract_text() or "").split()) for p in PdfReader(pdf).pages)
    assert front.count("First lengthy") == 10 and front.count("Second lengthy") == 10
    assert front.count("0800 333 444") == 10 and front.count("FR Numbers checked") == 10
    assert back.count("Numbers checked 1 November 2026") == 10
    assert "Numbers checked" not in front.replace("FR Numbers checked", "")
    assert not any("left off" in w.message for w in result.warnings)
    moved = [w for w in result.warnings if "printed on the back" in w.message]
    assert [w.code for w in moved] == ["CP6114"]
    # Nothing is lost, so --strict (which fails a card that prints worse) keeps it a warning.
    assert moved[0].advisory and not ProblemList([moved[0]]).failing(strict=True)


def test_a_bilingual_front_one_line_too_long_runs_the_second_date_on(mini: MiniProject) -> None:
    """Argentina's card in Bengali and English, and Czechia's in Indonesian or Vietnamese and
    English, failed by their last line, the second language's "Numbers checked", with nothing
    to leave off (one line to talk). The pair is now tried with that date run on after the
    first's, every line still printed; the dates keep lines of their own where they fit."""
    one_long_line(mini, 19)
    folder = add_locale(mini)
    set_translation(folder / "ui.po", "Numbers checked %(date)s", "Vérifié le %(date)s")
    result = pair_build(mini, "GB")
    printed = flat_text(mini.root / "out/mini/GB/fr+en/card-sheet.pdf")
    assert printed.count("Vérifié le 1 novembre 2026 · Numbers checked 1 November 2026") == 10
    assert printed.count("First lengthy") == 10 and printed.count("0800 111 222") == 10
    assert printed.count("Samaritans 116 123") == 10
    assert not any("left off" in w.message for w in result.warnings)


@pytest.mark.parametrize("locale", ["fr", "fa"])
def test_a_pair_that_cannot_fit_names_its_full_front_not_the_date_it_moved(
    mini: MiniProject, locale: str
) -> None:
    """A front one line too full for the English date, a back with room for every reminder
    but not that date: no version fits. The error quoted the last version tried, the date
    moved to the back ("card back does not fit", though the back fits without it); it now
    names the front of the pair as first fitted, at the lowest size tried (7 pt, also for
    Arabic script, tried down to 7 pt), and still says how to print both."""
    one_long_line(mini, 21)
    card = mini.pack / "card.toml"
    reminders = [
        "Keep this card with you and read it again when things feel hard and confusing.",
    ] * 2 + ["Breathe breathe breathe."]
    card.write_text(
        card.read_text().replace(
            'reminders = ["Listen without judging.", "Be patient."]',
            f"reminders = {json.dumps(reminders)}",
        )
    )
    add_locale(mini, locale)  # filled with "FR ..." text: the floor follows the language
    with pytest.raises(InputError) as caught:
        pair_build(mini, "GB", f"{locale}+en")
    message = str(caught.value)
    assert "card front (slot 1) does not fit even at 7 pt" in message
    assert "card back" not in message
    assert f"build with --locale {locale} and again with --locale en" in message
    assert not list((mini.root / "out").rglob("*.pdf"))


def test_a_persian_pair_that_fits_only_below_its_floor_prints_at_7_pt_and_says_so(
    mini: MiniProject,
) -> None:
    """Arabic script's 7.5 pt floor made 11 card sheets fail (fa+en for AR, JP and eight more
    countries, ar+en for ZA), where they had printed every line at 7 pt. With no version
    fitting at 7.5 pt, the pair is tried the same ways down to 7 pt: every number prints, and
    the build warns (CP6115), which --strict refuses, since the type is below the script's
    floor."""
    one_long_line(mini, 17)
    add_locale(mini, "fa")  # filled with "FR ..." text: the floor follows the language
    result = pair_build(mini, "GB", "fa+en")
    printed = flat_text(mini.root / "out/mini/GB/fa+en/card-sheet.pdf")
    assert printed.count("First lengthy") == 10 and printed.count("0800 111 222") == 10
    assert printed.count("116 123") == 10
    below = [w for w in result.warnings if w.code == "CP6115"]
    assert len(below) == 1 and "set at 7 pt, below the 7.5 pt floor" in below[0].message
    assert "--locale fa and again with --locale en" in below[0].fix
    assert not below[0].advisory and ProblemList(below).failing(strict=True)
    assert not any("left off" in w.message for w in result.warnings)


def test_a_persian_card_that_fits_only_below_its_floor_prints_at_7_pt_and_says_so(
    mini: MiniProject,
) -> None:
    """South Africa's card sheet in Arabic and in Persian failed at Arabic script's 7.5 pt
    floor, with nothing left to leave off; it had printed at 7.25 pt. It now prints below the
    floor, never under 7 pt, and the build says so (CP6115, which --strict refuses), for
    each document, the fold card as well as the sheet."""
    one_long_line(mini, 20)
    mini.write_pack(["first", "help"], products=["card-sheet", "card-fold"])
    add_locale(mini, "fa")
    result = build_docs(request(mini, locales=["fa"], products=["card-sheet", "card-fold"]))
    printed = flat_text(mini.root / "out/mini/GB/fa/card-sheet.pdf")
    assert printed.count("First lengthy") == 10 and printed.count("0800 111 222") == 10
    assert printed.count("116 123") == 10
    below = sorted(w.message for w in result.warnings if w.code == "CP6115")
    assert [m.split(":")[0] for m in below] == ["mini/GB/fa/card-fold", "mini/GB/fa/card-sheet"]
    assert all("set at 7.25 pt, below the 7.5 pt floor" in m for m in below)
    assert all(ProblemList([w]).failing(strict=True) for w in result.warnings if w.code == "CP6115")


def test_a_bilingual_card_without_a_crisis_line_prints_what_to_do_once_if_it_must(
    mini: MiniProject,
) -> None:
    """Italy's card (no crisis line: the front says what to do instead) failed in every pair,
    it+en and de+en included: the words in both languages did not fit. As a last resort the
    pair prints them in its first language only, every number still on it, and says so."""
    levelled_card(mini)
    name = "Listening line " + " ".join(["lengthy"] * 12)
    mini.write_helplines(
        "IT", LISTENING_ONLY.replace('name = "Listening line"', f'name = "{name}"')
    )
    add_locale(mini)
    result = pair_build(mini, "IT")
    printed = flat_text(mini.root / "out/mini/IT/fr+en/card-sheet.pdf")
    assert printed.count("FR No crisis line was found for this country.") == 10
    assert printed.count("No crisis line was found for this country.") == 10  # no English
    assert printed.count("112") >= 20 and printed.count("02 2327 2327") == 10
    assert printed.count(name) == 10
    assert any(
        'the en words "No crisis line was found for this country.' in w.message
        and "left off the card so its front fits (the fr ones print)" in w.message
        for w in result.warnings
    )
    # Each language's warnings name the document built, never a one-language card not built.
    assert any("IT has no crisis line to print on the card" in w.message for w in result.warnings)
    cards = [w.message for w in result.warnings if w.code == "CP6103"]
    assert len(cards) == 2 and all(m.startswith("mini/IT/fr+en/card-sheet: ") for m in cards)


SECOND_LISTENING_LINE = """
[[services]]
id = "friend2"
kind = "support"
name = "{name}"
listening = true
open_24_7 = true
source_url = "https://example.org/friend2"
checked = 2026-11-01

[[services.contacts]]
type = "phone"
value = "06 5555 5555"
"""


def test_a_bilingual_card_without_a_crisis_line_gives_up_a_sentence_before_a_number(
    mini: MiniProject,
) -> None:
    """A country without a crisis line and two listening lines: the pair does not fit with
    "what to do instead" in both languages. Its second line to talk went first (a number
    lost, the sentence kept twice); now the second language's sentence goes, printed in the
    first language, and both numbers stay. The build names what was left off."""
    levelled_card(mini)
    lengthy = " ".join(["lengthy"] * 4)
    name = f"Listening line {lengthy}"
    mini.write_helplines(
        "IT",
        LISTENING_ONLY.replace('name = "Listening line"', f'name = "{name}"')
        + SECOND_LISTENING_LINE.format(name=f"Other {lengthy}"),
    )
    add_locale(mini)
    result = pair_build(mini, "IT")
    printed = flat_text(mini.root / "out/mini/IT/fr+en/card-sheet.pdf")
    assert printed.count("02 2327 2327") == 10 and printed.count("06 5555 5555") == 10
    assert printed.count("FR No crisis line was found for this country.") == 10
    assert printed.count("No crisis line was found for this country.") == 10  # no English
    left_off = [w.message for w in result.warnings if "left off" in w.message]
    assert len(left_off) == 1 and 'the en words "No crisis line was found' in left_off[0]


def test_a_card_that_leaves_a_line_off_takes_back_what_the_fuller_card_showed(
    mini: MiniProject,
) -> None:
    """A country without a crisis line whose front fits one of its two listening lines: the
    build said both "it shows ... friend, friend2" (the card as first laid out, which did not
    print) and "it shows ... friend". Only what the printed card shows is said now, with the
    line left off named."""
    levelled_card(mini)
    lengthy = " ".join(["lengthy"] * 16)
    mini.write_helplines(
        "IT",
        LISTENING_ONLY.replace('name = "Listening line"', f'name = "Listening line {lengthy}"')
        + SECOND_LISTENING_LINE.format(name=f"Other {lengthy}"),
    )
    text, warnings = card_build(mini, "IT")
    assert text.count("02 2327 2327") == 10 and "06 5555 5555" not in text
    shows = [w for w in warnings if "no crisis line to print" in w]
    assert shows == [
        "mini/IT/en/card-sheet: IT has no crisis line to print on the card: it shows the "
        "emergency number and friend and says so"
    ]
    assert any("friend2 left off the card so its front fits" in w for w in warnings)


CRISIS_IN_A_GROUP = """\
country = "GB"
timezone = "Europe/London"

[[services]]
id = "emergency"
kind = "emergency"
name = "Emergency services"
open_24_7 = true
source_url = "https://example.org/gb-emergency"
checked = 2026-11-01

[[services.contacts]]
type = "phone"
value = "999"

[[services]]
id = "urgent-line"
kind = "urgent"
name = "Urgent line"
open_24_7 = true
source_url = "https://example.org/urgent"
checked = 2026-11-01

[[services.contacts]]
type = "phone"
value = "111"

[[services]]
id = "adult-line"
kind = "crisis"
name = "Adult {text}"
group = "lifeline"
open_24_7 = true
source_url = "https://example.org/adult"
checked = 2026-11-01

[[services.contacts]]
type = "phone"
value = "0800 111 222"
instruction = "{text}"

[[services]]
id = "youth-line"
kind = "crisis"
name = "Youth {text}"
audience = "young-people"
group = "lifeline"
open_24_7 = true
source_url = "https://example.org/youth"
checked = 2026-11-01

[[services.contacts]]
type = "phone"
value = "0800 333 444"
instruction = "{text}"

[[services]]
id = "text-line"
kind = "text"
name = "Text line"
open_24_7 = true
source_url = "https://example.org/text"
checked = 2026-11-01

[[services.contacts]]
type = "sms"
value = "85258"
"""


def test_a_card_never_fits_by_losing_its_only_crisis_lines(mini: MiniProject) -> None:
    """Level 2 holds an urgent line; level 3 an adult and a youth crisis line (one group, never
    split). With one line to talk the group does not fit and the text line would stand alone:
    a card with no crisis line. It fails naming the text instead."""
    levelled_card(mini)
    mini.write_helplines("GB", CRISIS_IN_A_GROUP.format(text=" ".join(["lengthy"] * 10)))
    with pytest.raises(InputError, match=r"CP6101.*card front .*does not fit even at 7 pt"):
        card_build(mini, "GB")
    assert not list((mini.root / "out").rglob("*.pdf"))


def test_a_card_without_levels_too_full_is_laid_out_once(
    mini: MiniProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A card without a level-2 label prints its card lines whatever the number of lines to
    talk, so its 'one line fewer' version was the same card, laid out a second time only to
    fail the same way."""
    crowded_front(mini, 30)
    card = mini.pack / "card.toml"
    card.write_text(card.read_text().replace('urgent_label = "Urgent, not in danger"\n', ""))
    layouts: list[str] = []
    real = job.fit_checked

    def counted(*args: Any) -> Any:
        layouts.append(args[0].label)
        return real(*args)

    monkeypatch.setattr(job, "fit_checked", counted)
    with pytest.raises(InputError, match=r"CP6101.*card front"):
        card_build(mini, "GB")
    assert layouts == ["mini/GB/en/card-sheet"]


def test_a_group_that_gives_way_on_a_full_front_names_the_line_printed_instead(
    mini: MiniProject,
) -> None:
    """With room for one line at level 3, the adult and youth lines (one group, never split)
    give way to the next line that stands alone; the card's shorter version names both what
    it leaves off and what it prints in their place (which lines is decided before layout)."""
    levelled_card(mini)
    data = CRISIS_IN_A_GROUP.format(text="lengthy")
    mini.write_helplines(
        "GB",
        data.replace(
            'id = "text-line"\nkind = "text"\nname = "Text line"',
            'id = "other-line"\nkind = "crisis"\nname = "Other line"',
        ).replace('type = "sms"\nvalue = "85258"', 'type = "phone"\nvalue = "0800 555 666"'),
    )
    project = load_project(mini.root, ProblemList())
    rendered = render_document(
        make_environment([project.templates]),
        DocumentJob("mini", "GB", "en", "card-sheet", paper_for("GB")),
        project.packs["mini"],
        project.helplines["GB"],
        source_translator(),
    )
    assert [s.name for s in rendered.context["crisis"]] == ["Adult lengthy", "Youth lengthy"]
    (short,) = rendered.shorter
    assert [s.name for s in short.context["crisis"]] == ["Other line"]
    assert [s.name for s in short.probe.context["crisis"]] == ["Other line"]  # type: ignore[union-attr]
    assert "adult-line left off the card so its front fits (the handout lists it)" in short.warnings
    assert "other-line printed at level 3 in place of adult-line, youth-line" in short.warnings


def test_a_reader_note_after_a_number_s_note_is_set_off_on_an_arabic_card(
    mini: MiniProject,
) -> None:
    """AR's 911 prints with its area, "Province of Buenos Aires", and then the line's note,
    "Other provinces may use another number", both in English on an Arabic card. With only a
    space between them the two left-to-right runs, laid out right to left, read "Other
    Province of Buenos Aires 911". A " · " now stands between them; the number is whole.
    Each English run is also kept in one piece (base.css): split at the end of a right-to-left
    line, the note's "Other" sat at the far end of the first line beside the area and the rest
    began the next, and CAS's area printed as "CABA & Gran" by 135 with "Buenos Aires" after
    the next number on the line below."""
    from ..typeset.test_rtl import arabic_catalog

    shutil.copy(REPO / "packs" / "helplines" / "AR.toml", mini.helplines)
    levelled_card(mini)
    arabic_catalog(mini)
    mini.write_pack(["first", "help"], products=["card-sheet"])
    build_docs(
        BuildRequest(
            root=mini.root,
            out=mini.root / "out",
            countries=["AR"],
            locales=["ar"],
            products=["card-sheet"],
        )
    )
    pdf = mini.root / "out" / "mini" / "AR" / "ar" / "card-sheet.pdf"
    area, note = "Province of Buenos Aires", "Other provinces may use another number"
    layout = subprocess.run(
        ["pdftotext", "-layout", "-f", "1", "-l", "1", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=TIMEOUT,
    ).stdout
    # Laid out right to left: the separator, the area, the number; the note whole on the next
    # line (two cards side by side on each line of the sheet).
    assert layout.count(area) == 10, layout
    assert len(re.findall(rf"· {area} 911\b", layout)) == 10, layout
    assert layout.count(note) == 10 and "Other ·" not in layout, layout
    assert layout.count("CABA & Gran Buenos Aires") == 10, layout
    text = flat_text(pdf)
    assert f"{area} Other" not in text and text.count("911") == 10
    assert text.count("0800-999-0091") == 10 and text.count("(011) 5275-1135") == 10
    assert note.split()[-1] in text


def test_an_arabic_clinic_name_on_an_english_card_is_held_to_arabic_scripts_floor(
    mini: MiniProject, tmp_path: Path
) -> None:
    """Arabic script's 7.5 pt floor followed the card's language only: an English card whose
    clinic writes its name in Arabic printed that name at 7 pt with no warning (a German or
    French card with an 80-letter Arabic name, at 7.25 pt). The back that prints it now
    stops at 7.5 pt and, fitting only below, prints at 7 pt and says so (CP6115, which
    --strict refuses), naming the clinic's file; the front, all English, is not held."""
    clinic = tmp_path / "clinic"
    shutil.copytree(REPO / "examples" / "clinic", clinic)
    settings = clinic / "careprint.toml"
    name = " ".join(["عيادة الأسرة"] * 34)  # "family clinic"
    example = "Riverside Family Clinic (example only)"
    settings.write_text(settings.read_text().replace(example, name, 1))
    mini.write_pack(["first", "help"], products=["card-sheet"])
    result = build_docs(
        BuildRequest(root=mini.root, out=mini.root / "out", overlay=clinic, products=["card-sheet"])
    )
    pdf = mini.root / "out/mini/GB/en/card-sheet.pdf"
    assert flat_text(pdf).count("020 7946 0321") == 10
    below = [w for w in result.warnings if w.code == "CP6115"]
    assert len(below) == 1, [w.message for w in result.warnings]
    assert "its back (with text in Arabic script) set at 7 pt, below the 7.5 pt floor" in (
        below[0].message
    )
    assert str(settings) in below[0].fix
    assert ProblemList(below).failing(strict=True)
    assert min(c.size_pt for c in chars(pdf, 1)) >= 7.0 - 0.01
