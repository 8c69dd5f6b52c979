import pytest

from builder.plan.imposition import (
    CARD_H,
    CARD_W,
    INSTRUCTION_GAP,
    MARK_GAP,
    MARK_LEN,
    PRINTER_MARGIN,
    card_sheet,
    fold,
)
from builder.plan.paper import PAPERS, paper_for


@pytest.mark.parametrize("paper,cols,rows", [("a4", 2, 5), ("letter", 2, 4)])
def test_sheet_fits_with_printer_margin(paper: str, cols: int, rows: int) -> None:
    sheet = card_sheet(PAPERS[paper])
    assert (sheet.cols, sheet.rows) == (cols, rows)
    for slot in sheet.fronts:
        assert slot.x >= 5 and slot.y >= 5
        assert slot.x + slot.w <= sheet.paper.width - 5
        assert slot.y + slot.h <= sheet.paper.height - 5


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_backs_mirror_fronts_about_vertical_centre(paper: str) -> None:
    sheet = card_sheet(PAPERS[paper], "long-edge")
    centre = sheet.paper.width / 2
    for front, back in zip(sheet.fronts, sheet.backs, strict=True):
        assert back.y == front.y
        assert back.x + back.w / 2 - centre == pytest.approx(centre - (front.x + front.w / 2))


def test_short_edge_mirrors_rows() -> None:
    sheet = card_sheet(PAPERS["a4"], "short-edge")
    for front, back in zip(sheet.fronts, sheet.backs, strict=True):
        assert back.x == front.x
        assert back.y == pytest.approx(297.0 - front.y - CARD_H)


def test_a4_grid_is_centred_with_shared_cut_lines() -> None:
    sheet = card_sheet(PAPERS["a4"])
    assert sheet.left == pytest.approx(19.4)
    assert sheet.top == pytest.approx(13.55)
    assert sheet.cut_xs == pytest.approx((19.4, 19.4 + CARD_W, 19.4 + 2 * CARD_W))


def test_paper_by_country() -> None:
    assert paper_for("US").name == "letter"
    assert paper_for("GB").name == "a4"
    assert paper_for("US", "a4").name == "a4"


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_marks_stay_in_the_margin_one_at_each_end_of_every_cut_line(paper: str) -> None:
    sheet = card_sheet(PAPERS[paper])
    lines = sheet.marks.lines()
    assert len(lines) == 2 * (len(sheet.cut_xs) + len(sheet.cut_ys))
    block = (sheet.left, sheet.top, sheet.cut_xs[-1], sheet.cut_ys[-1])
    for x1, y1, x2, y2 in lines:
        assert x1 == x2 or y1 == y2
        assert x1 in sheet.cut_xs or y1 in sheet.cut_ys
        outside = (
            max(x1, x2) <= block[0]
            or min(x1, x2) >= block[2]
            or max(y1, y2) <= block[1]
            or min(y1, y2) >= block[3]
        )
        assert outside, "a cut mark would print on a card"
        assert min(x1, y1) >= 0 and x2 <= sheet.paper.width and y2 <= sheet.paper.height


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_instruction_fits_above_the_marks_inside_the_printable_area(paper: str) -> None:
    sheet = card_sheet(PAPERS[paper])
    top = sheet.marks.instruction_top(3.0)
    assert top >= PRINTER_MARGIN
    # ... and a clear gap above the marks, so no descender runs on into one.
    assert top + 3.0 + INSTRUCTION_GAP <= sheet.top - MARK_GAP - MARK_LEN + 1e-9


def test_an_instruction_with_no_room_above_the_marks_fails_loudly() -> None:
    """Rather than be pushed down onto the cut marks (as the A4 sheet's was, to 0.05 mm)."""
    marks = card_sheet(PAPERS["a4"]).marks
    with pytest.raises(ValueError, match="no room for the print instruction"):
        marks.instruction_top(6.0)


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_fold_card_shares_its_long_edge_and_is_centred(paper: str) -> None:
    layout = fold(PAPERS[paper])
    assert layout.back.x == layout.front.x
    assert layout.back.y == pytest.approx(layout.front.y + CARD_H)
    assert layout.fold_y == layout.back.y
    assert layout.front.x == pytest.approx((layout.paper.width - CARD_W) / 2)
    assert layout.front.y >= PRINTER_MARGIN + MARK_GAP + MARK_LEN
    top, bottom = layout.marks.ys
    assert top == layout.front.y and bottom == pytest.approx(layout.back.y + CARD_H)
