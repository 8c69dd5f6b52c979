"""Wallet cards: one card for a print shop, the N-up sheet for office printers, the fold-over card.

All three print the same two faces (see templates/parts/card.html); they differ only in where
the faces sit. Each face is a fixed box checked after layout, and each face's font size can be
stepped down (front and back separately) when a translation is long.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .imposition import BLEED, CARD_H, CARD_W, MARK_GAP, MARK_LEN, Marks, Slot, card_sheet, fold
from .render import DocumentInputs, ProductPage
from .selection import card_lines
from .typeset import BoxCheck
from .views import service_view

FACE_PT = 10.0  # body size a face starts at; the build may step it down to the floor
INSTRUCTION_PT = 7.5
LINE_MM = 3.0  # one line of the print instruction at INSTRUCTION_PT


@dataclass(frozen=True)
class Instruction:
    """How to print, in the margin above the cut marks (mm from the page's top left)."""

    text: str
    x: float
    y: float
    w: float
    h: float


def instruction(text: str, marks: Marks, x: float, w: float, lines: int) -> Instruction:
    h = LINE_MM * lines
    return Instruction(text, round(x, 3), marks.instruction_top(h), round(w, 3), h)


def card_text(inputs: DocumentInputs) -> tuple[dict[str, str], list[str]]:
    card = inputs.pack.card
    assert card is not None, "pack loader guarantees card.toml for card products"
    text = {k: inputs.tr.text("card", v) for k, v in card.model_dump().items()
            if isinstance(v, str)}
    return text, [inputs.tr.text("card", r) for r in card.reminders]


def _faces(inputs: DocumentInputs) -> tuple[dict[str, Any], list[str]]:
    crisis = card_lines(inputs.selection)
    warnings = [] if crisis else [f"{inputs.country.country} has no crisis line to print on "
                                  "the card"]
    text, reminders = card_text(inputs)
    context = {
        "card_w": CARD_W, "card_h": CARD_H,
        "emergency": [v for v in inputs.views if v.kind == "emergency"],
        "crisis": [service_view(s, inputs.tr) for s in crisis],
        "text": text, "reminders": reminders,
    }
    return context, warnings


def _face_checks(count: int) -> list[BoxCheck]:
    checks = [BoxCheck(f"{side}-{i}", f"{side}-{i}-end",
                       f"card {side}" + (f" (slot {i + 1})" if count > 1 else ""), side)
              for side in ("front", "back") for i in range(count)]
    return checks


INSTRUCTION_CHECK = BoxCheck("instruction", "instruction-end", "print instruction",
                             "instruction")


def card_sheet_page(inputs: DocumentInputs) -> ProductPage:
    _ = inputs.tr.gettext
    sheet = card_sheet(inputs.job.paper, inputs.job.duplex)
    context, warnings = _faces(inputs)
    backs = sheet.backs
    left = min(s.x for s in backs)
    top = min(s.y for s in backs)
    back_marks = Marks(tuple(round(left + i * CARD_W, 3) for i in range(sheet.cols + 1)),
                       tuple(round(top + j * CARD_H, 3) for j in range(sheet.rows + 1)))
    # A literal "100%" ends each message: "100% s..." would read as a %-format to gettext tools.
    # NOTE: printed on one line in the sheet's top margin (about 60 characters at most).
    text = (_("Print double-sided, flip on long edge, scale 100%")
                   if inputs.job.duplex == "long-edge"
            # NOTE: printed on one line in the sheet's top margin (about 60 characters at most).
            else _("Print double-sided, flip on short edge, scale 100%"))
    context |= {"sheet": sheet, "back_marks": back_marks,
                "instruction": instruction(text, sheet.marks, sheet.left, sheet.cols * CARD_W, 1)}
    return ProductPage(
        template="card-sheet.html", stylesheets=("base.css", "cards.css"), context=context,
        checks=[*_face_checks(len(sheet.fronts)), INSTRUCTION_CHECK], expected_pages=2,
        warnings=warnings,
        font_pt={"front": FACE_PT, "back": FACE_PT, "instruction": INSTRUCTION_PT})


def card_page(inputs: DocumentInputs) -> ProductPage:
    """One card at trim size with bleed and crop marks, front then back, for a print shop."""
    context, warnings = _faces(inputs)
    context |= {"slot": Slot(0, 0), "bleed": BLEED}
    return ProductPage(
        template="card.html", stylesheets=("base.css", "cards.css"), context=context,
        checks=_face_checks(1), expected_pages=2, warnings=warnings,
        font_pt={"front": FACE_PT, "back": FACE_PT})


def card_fold_page(inputs: DocumentInputs) -> ProductPage:
    """Front and back on one single-sided page, to cut out and fold (no duplex needed)."""
    _ = inputs.tr.gettext
    layout = fold(inputs.job.paper)
    context, warnings = _faces(inputs)
    reach = MARK_GAP + MARK_LEN
    # NOTE: up to three short lines above the fold-over card.
    text = _("Print single-sided, scale 100%. Cut along the marks at the corners, then fold "
             "on the dashed line so the two sides are back to back.")
    context |= {
        "layout": layout,
        "instruction": instruction(text, layout.marks, layout.front.x - reach,
                                   CARD_W + 2 * reach, 3),
        "fold_x1": round(layout.front.x - reach, 3),
        "fold_x2": round(layout.front.x + CARD_W + reach, 3),
    }
    return ProductPage(
        template="card-fold.html", stylesheets=("base.css", "cards.css"), context=context,
        checks=[*_face_checks(1), INSTRUCTION_CHECK], expected_pages=1, warnings=warnings,
        font_pt={"front": FACE_PT, "back": FACE_PT, "instruction": INSTRUCTION_PT})
