"""Wallet cards: the N-up sheet for office printers (fronts, then backs placed for duplex)."""

from __future__ import annotations

from .helplines import Service
from .imposition import CARD_H, CARD_W, card_sheet
from .render import DocumentInputs, ProductPage
from .selection import card_lines
from .typeset import BoxCheck


def card_text(inputs: DocumentInputs) -> tuple[dict[str, str], list[str]]:
    card = inputs.pack.card
    assert card is not None, "pack loader guarantees card.toml for card products"
    text = {k: inputs.tr.text("card", v) for k, v in card.model_dump().items()
            if isinstance(v, str)}
    return text, [inputs.tr.text("card", r) for r in card.reminders]


def further_help(inputs: DocumentInputs) -> str:
    """Where a card with no crisis line sends the reader: the handout's help page, by title.

    Never a web address: the data has none that could stand in for a crisis line.
    """
    _ = inputs.tr.gettext
    for module in inputs.pack.modules:
        if module.header.attach == "help-directory":
            title = inputs.tr.text(module.id, module.header.title)
            return _("More help: see “%(page)s” in the handout.") % {"page": title}
    return _("More help: ask the clinic that gave you this card.")


def card_warnings(inputs: DocumentInputs, lines: tuple[Service, ...],
                  has_crisis: bool) -> list[str]:
    country = inputs.country.country
    warnings = [f"{s.id} left off the card (caution: {s.caution_reason})"
                for s in inputs.card_selection.left_out]
    if not has_crisis:
        shown = "the emergency number" + (" and text or chat lines" if lines else "")
        warnings.append(f"{country} has no crisis line to print on the card: it shows {shown} "
                        "and points to the handout's help page")
    return warnings


def card_sheet_page(inputs: DocumentInputs) -> ProductPage:
    job = inputs.job
    lines = card_lines(inputs.card_selection)
    has_crisis = any(s.kind == "crisis" for s in lines)
    emergency = inputs.card_selection.emergency
    sheet = card_sheet(job.paper, job.duplex)
    text, reminders = card_text(inputs)
    checks = [BoxCheck(f"{side}-{i}", f"{side}-{i}-end", f"card {side} (slot {i + 1})")
              for side in ("front", "back") for i in range(len(sheet.fronts))]
    return ProductPage(
        template="card-sheet.html",
        stylesheets=("base.css", "cards.css"),
        context={
            "sheet": sheet, "card_w": CARD_W, "card_h": CARD_H,
            "emergency": inputs.views(emergency),
            "crisis": inputs.views(lines),
            "further_help": "" if has_crisis else further_help(inputs),
            "text": text, "reminders": reminders,
        },
        printed=emergency + lines,
        checks=checks, expected_pages=2, warnings=card_warnings(inputs, lines, has_crisis))
