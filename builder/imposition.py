"""Card geometry: where each ID-1 card sits on a sheet, and where its back goes for duplex.

All positions are millimetres from the top-left corner of the page, computed here and passed to
templates as numbers, so fronts and backs line up exactly (CSS grids are not trusted for this).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .paper import Paper

CARD_W = 85.60
CARD_H = 53.98
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


def back_slot(front: Slot, paper: Paper, duplex: Duplex) -> Slot:
    """Where the back of a card prints so that it lands behind its front after the flip."""
    if duplex == "long-edge":
        return Slot(round(paper.width - front.x - front.w, 3), front.y, front.w, front.h)
    return Slot(front.x, round(paper.height - front.y - front.h, 3), front.w, front.h)


def card_sheet(paper: Paper, duplex: Duplex = "long-edge") -> Sheet:
    cols, rows = GRIDS[paper.name]
    left = round((paper.width - cols * CARD_W) / 2, 3)
    top = round((paper.height - rows * CARD_H) / 2, 3)
    fronts = tuple(Slot(round(left + c * CARD_W, 3), round(top + r * CARD_H, 3))
                   for r in range(rows) for c in range(cols))
    backs = tuple(back_slot(s, paper, duplex) for s in fronts)
    return Sheet(paper, cols, rows, fronts, backs)
