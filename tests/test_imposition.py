import pytest

from builder.imposition import CARD_H, CARD_W, card_sheet
from builder.paper import PAPERS, paper_for


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
