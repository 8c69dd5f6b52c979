"""Card geometry: where each ID-1 card sits on a sheet, and where its back goes for duplex.

All positions are millimetres from the top-left corner of the page, computed here and passed to
templates as numbers, so fronts and backs line up exactly (CSS grids are not trusted for this).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from builder.plan.paper import Paper

CARD_W = 85.60
CARD_H = 53.98
BLEED = 3.0  # what print shops ask for around a trimmed card
PRINTER_MARGIN = 5.0  # desktop printers cannot reach the outer ~5 mm of a sheet
MARK_GAP = 1.5  # cut marks stop this far from the card edge...
# ...and are this long: on A4 the print instruction's line, the marks and the printer's margin
# share the 13.55 mm above the cards, and a 4 mm mark left descenders 0.07 mm above it.
MARK_LEN = 3.5
INSTRUCTION_GAP = 0.5  # between the print instruction and the top cut marks below it
# The print shop's card: crop marks start outside the bleed (trade practice), so none shows on
# a card cut a little off and none prints into the bleed. WeasyPrint draws them in the outer
# half of the CSS bleed, which is the page's margin beyond the trim: twice the marks' offset.
CARD_MARK_OFFSET = BLEED + MARK_GAP
CARD_MEDIA_MARGIN = 2 * CARD_MARK_OFFSET
Duplex = Literal["long-edge", "short-edge"]

# Grid per paper: A4 takes 2 x 5 with shared cut lines; on Letter 2 x 5 leaves under 5 mm
# top and bottom, below what desktop printers reach, so Letter takes 2 x 4.
GRIDS = {"a4": (2, 5), "letter": (2, 4)}


@dataclass(frozen=True)
class Slot:
    x: float
    y: float
    w: float = CARD_W
    h: float = CARD_H


@dataclass(frozen=True)
class Sheet:
    paper: Paper
    cols: int
    rows: int
    fronts: tuple[Slot, ...]
    backs: tuple[Slot, ...]

    @property
    def left(self) -> float:
        return min(s.x for s in self.fronts)

    @property
    def top(self) -> float:
        return min(s.y for s in self.fronts)

    @property
    def cut_xs(self) -> tuple[float, ...]:
        return tuple(round(self.left + i * CARD_W, 3) for i in range(self.cols + 1))

    @property
    def cut_ys(self) -> tuple[float, ...]:
        return tuple(round(self.top + j * CARD_H, 3) for j in range(self.rows + 1))

    @property
    def marks(self) -> Marks:
        return Marks(self.cut_xs, self.cut_ys)


@dataclass(frozen=True)
class Marks:
    """Cut lines of a block of cards; marks are drawn only outside the block, in the margin."""

    xs: tuple[float, ...]
    ys: tuple[float, ...]

    def lines(self) -> list[tuple[float, float, float, float]]:
        """(x1, y1, x2, y2) of each mark: two per cut line, one at each end."""
        left, right, top, bottom = self.xs[0], self.xs[-1], self.ys[0], self.ys[-1]
        near, far = MARK_GAP, MARK_GAP + MARK_LEN
        result = []
        for x in self.xs:
            result += [(x, top - far, x, top - near), (x, bottom + near, x, bottom + far)]
        for y in self.ys:
            result += [(left - far, y, left - near, y), (right + near, y, right + far, y)]
        return [tuple(round(v, 3) for v in line) for line in result]  # type: ignore[misc]

    def instruction_top(self, height: float) -> float:
        """Top of the instructions: INSTRUCTION_GAP above the top marks, inside the printable
        area (checked here: pushed down onto the marks, a descender ran on into one)."""
        top = self.ys[0] - MARK_GAP - MARK_LEN - INSTRUCTION_GAP - height
        if top < PRINTER_MARGIN - 0.01:
            raise ValueError(
                f"no room for the print instruction ({height} mm) above y={self.ys[0]} mm"
            )
        return round(max(PRINTER_MARGIN, top), 3)


@dataclass(frozen=True)
class Fold:
    """A fold-over card: front above back, sharing the long edge that is folded.

    The back is printed turned 180 degrees: folded behind the front along that edge and turned
    over like a page, it then reads the right way up.
    """

    paper: Paper
    front: Slot
    back: Slot

    @property
    def fold_y(self) -> float:
        return self.back.y

    @property
    def marks(self) -> Marks:
        return Marks(
            (self.front.x, round(self.front.x + CARD_W, 3)),
            (self.front.y, round(self.back.y + CARD_H, 3)),
        )


def fold(paper: Paper) -> Fold:
    x = round((paper.width - CARD_W) / 2, 3)
    y = round((paper.height - 2 * CARD_H) / 2, 3)
    return Fold(paper, Slot(x, y), Slot(x, round(y + CARD_H, 3)))


def saddle_stitch(
    pages: int, right_to_left: bool = False
) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Page numbers (1-based) on each sheet of a saddle-stitched booklet: ((front left, front
    right), (back left, back right)). Sheet k of n/4 carries n-2k and 2k+1 on its front, 2k+2
    and n-2k-1 on its back; nested and folded, the pages read 1 to n.

    A right-to-left booklet (Arabic, Persian, Hebrew) is bound on the right: the same pages
    on each side, left and right swapped, so folded its cover opens from the right and page 2
    faces page 3 to its left."""
    if pages <= 0 or pages % 4:
        raise ValueError(f"a booklet needs a multiple of four pages, not {pages}")
    sheets = [
        ((pages - 2 * k, 2 * k + 1), (2 * k + 2, pages - 2 * k - 1)) for k in range(pages // 4)
    ]
    if right_to_left:
        return [((f[1], f[0]), (b[1], b[0])) for f, b in sheets]
    return sheets


def back_slot(front: Slot, paper: Paper, duplex: Duplex) -> Slot:
    """Where the back of a card prints so that it lands behind its front after the flip."""
    if duplex == "long-edge":
        return Slot(round(paper.width - front.x - front.w, 3), front.y, front.w, front.h)
    return Slot(front.x, round(paper.height - front.y - front.h, 3), front.w, front.h)


def card_sheet(paper: Paper, duplex: Duplex = "long-edge") -> Sheet:
    cols, rows = GRIDS[paper.name]
    left = round((paper.width - cols * CARD_W) / 2, 3)
    top = round((paper.height - rows * CARD_H) / 2, 3)
    fronts = tuple(
        Slot(round(left + c * CARD_W, 3), round(top + r * CARD_H, 3))
        for r in range(rows)
        for c in range(cols)
    )
    backs = tuple(back_slot(s, paper, duplex) for s in fronts)
    return Sheet(paper, cols, rows, fronts, backs)
