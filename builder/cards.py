"""Wallet cards: the N-up sheet for office printers (fronts, then backs placed for duplex)."""

from __future__ import annotations

from .imposition import CARD_H, CARD_W, card_sheet
from .render import DocumentInputs, ProductPage
from .selection import card_lines
from .typeset import BoxCheck
from .views import service_view


def card_text(inputs: DocumentInputs) -> tuple[dict[str, str], list[str]]:
    card = inputs.pack.card
    assert card is not None, "pack loader guarantees card.toml for card products"
    text = {k: inputs.tr.text("card", v) for k, v in card.model_dump().items()
            if isinstance(v, str)}
    return text, [inputs.tr.text("card", r) for r in card.reminders]


def card_sheet_page(inputs: DocumentInputs) -> ProductPage:
    job, tr = inputs.job, inputs.tr
    crisis = card_lines(inputs.selection)
    warnings = [] if crisis else [f"{inputs.country.country} has no crisis line to print on "
                                  "the card"]
    sheet = card_sheet(job.paper, job.duplex)
    text, reminders = card_text(inputs)
    checks = [BoxCheck(f"{side}-{i}", f"{side}-{i}-end", f"card {side} (slot {i + 1})")
              for side in ("front", "back") for i in range(len(sheet.fronts))]
    return ProductPage(
        template="card-sheet.html",
        stylesheets=("base.css", "cards.css"),
        context={
            "sheet": sheet, "card_w": CARD_W, "card_h": CARD_H,
            "emergency": [v for v in inputs.views if v.kind == "emergency"],
            "crisis": [service_view(s, tr) for s in crisis],
            "text": text, "reminders": reminders,
        },
        checks=checks, expected_pages=2, warnings=warnings)
