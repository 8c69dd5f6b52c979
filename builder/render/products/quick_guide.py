"""The quick guide: one sheet, both sides, for a waiting-room rack or a first conversation.

Front: the three levels of urgency with the country's numbers (the same rows as the handout's
first page and the card, from levels.py). Back: a few key things to do, where to find more (the
full leaflet, the clinic) and the date the numbers were checked. Each side is a fixed box laid
out like a card face: a long translation is set smaller, one step at a time down to the floor,
and what still does not fit fails the build naming the text, never silently cut off.
"""

from __future__ import annotations

from dataclasses import dataclass

from builder.render.boxspec import BoxCheck
from builder.render.levels import levels
from builder.render.page import DocumentInputs, ProductPage
from builder.render.products.handout import levels_view
from builder.render.scripts import FLOOR_PT, script_floor_pt

SIDE_PT = 14.0  # body size each side starts at: above RNIB Clear Print's 12 pt minimum
# The smallest lines of a side, the dates and the footer, are this much of its size
# (quick-guide.css); a side stepped down so far that they would go below the floor sets them at
# its own size instead (the template's at-floor), so no text prints below the floor.
SMALLEST_EM = 0.85
# A part-time line's hours: handout.css's .hours size, on a side at SIDE_PT; a side stepped
# down sets them in the same share of its size (quick-guide.css), above SMALLEST_EM of it.
HOURS_PT = 12.0
MARGIN_MM = 12.0  # well inside what desktop printers reach (about 5 mm)


@dataclass(frozen=True)
class Side:
    """The text area of one side, in mm from the page's top left."""

    x: float
    y: float
    w: float
    h: float


def without_talk_lines(inputs: DocumentInputs, sources: list[str], things: list[str]) -> list[str]:
    """The things for a country whose level 3 has no line to call (RO, RU): a thing that
    goes on from a card reminder to promise crisis lines ("Look after yourself too. The crisis
    lines are for you as well.") would promise what the sheet does not give, so the card's
    reminder alone stands in its place, in the card's translation (no new sentence)."""
    reminders = inputs.pack.card.reminders if inputs.pack.card else []
    shown = list(things)
    for index, source in enumerate(sources):
        for reminder in reminders:
            if source.startswith(reminder) and source != reminder:
                shown[index] = inputs.tr.text("card", reminder)
    return shown


def quick_guide_page(inputs: DocumentInputs) -> ProductPage:
    text = inputs.pack.quick_guide
    assert text is not None, "pack loader guarantees quick-guide.toml for this product"
    tr, paper = inputs.tr, inputs.job.paper

    def t(message: str) -> str:
        return tr.text("quick-guide", message) if message else ""

    chosen = levels(inputs.card_selection)
    rows = levels_view(inputs, chosen)
    things = [t(thing) for thing in text.things]
    if not chosen.talk:
        things = without_talk_lines(inputs, text.things, things)
    assert rows is not None, "pack loader guarantees levels.toml for this product"
    side = Side(
        MARGIN_MM,
        MARGIN_MM,
        round(paper.width - 2 * MARGIN_MM, 3),
        round(paper.height - 2 * MARGIN_MM, 3),
    )
    context = {
        "side": side,
        "guide_title": t(text.title),
        "guide_intro": t(text.intro),
        "levels": rows,
        "things_heading": t(text.things_heading),
        "things": things,
        "more_heading": t(text.more_heading),
        "more_handout": t(text.more_handout),
        "more_clinic": t(text.more_clinic),
        "clinic_label": t(text.clinic_label),
        # The floor its type may be stepped down to (typeset/fitting.py): Arabic script's in a
        # language written in it, as on a card; at_card_floor sets it to None (FLOOR_PT).
        "floor_pt": script_floor_pt(tr.lang),
        "base_floor_pt": FLOOR_PT,
        "smallest_em": SMALLEST_EM,
        "hours_pt": HOURS_PT,
        "side_pt": SIDE_PT,
    }
    checks = [
        BoxCheck(f"guide-{s}", f"guide-{s}-end", f"the quick guide's {s}", s)
        for s in ("front", "back")
    ]
    return ProductPage(
        template="quick-guide.html",
        stylesheets=("base.css", "handout.css", "quick-guide.css"),
        context=context,
        printed=chosen.services,
        checks=checks,
        expected_pages=2,
        font_pt={"front": SIDE_PT, "back": SIDE_PT},
    )
