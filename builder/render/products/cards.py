"""Wallet cards: one card for a print shop, the N-up sheet for office printers, the fold-over card.

All three print the same two faces (see templates/parts/card.html); they differ only in where
the faces sit. Each face is a fixed box checked after layout, and each face's font size can be
stepped down (front and back separately) when a translation is long. The sizes are searched for
on the single card (two small pages), never on a sheet of ten: the sheet and the fold-over card
probe with it and are laid out once at the sizes it found.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from builder.model.helplines import Service
from builder.plan.imposition import (
    BLEED,
    CARD_H,
    CARD_MEDIA_MARGIN,
    CARD_W,
    MARK_GAP,
    MARK_LEN,
    PRINTER_MARGIN,
    Marks,
    Slot,
    card_sheet,
    fold,
)
from builder.render.boxspec import BoxCheck
from builder.render.levels import CARD_TALK_MAX, levels
from builder.render.page import DocumentInputs, ProductPage
from builder.render.scripts import script_floor_pt
from builder.render.selection import CARD_KINDS, card_lines
from builder.render.views import NumberView, first_number_only

FACE_PT = 10.0  # body size a face starts at; the build may step it down to the floor
INSTRUCTION_PT = 7.5
LINE_MM = 3.0  # one line of the print instruction at INSTRUCTION_PT
# ARABIC PERCENT SIGN: a print dialog's scale box shows "%".
_DIALOG_SIGNS = {"\u066a": "%"}


def dialog_digits(text: str) -> str:
    """Print instructions in the digits print dialogs and rulers show (0-9, "%"): a clinic
    must find "100%" in its dialog and read "50 mm" on its ruler, so a translation that
    writes them in its own digits (Persian ۱۰۰٪, ۵۰) is printed with these. Phone numbers
    print in these digits too; the rest of a translation keeps its own."""
    return "".join(
        str(unicodedata.decimal(c)) if c.isdecimal() else _DIALOG_SIGNS.get(c, c) for c in text
    )


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


SCALE_MM = 50.0  # a length a ruler shows plainly, well inside the sheet's bottom margin
SCALE_TICK = 1.2  # the bar's end ticks reach this far above and below it
SCALE_LINES = 2
# An Arabic or Persian line at 7.5 pt (their floor) takes more than LINE_MM: its glyphs
# and the Latin digits beside them set a taller line box. On A4 the note then ends 0.25 mm
# above the printer's margin.
SCALE_LINE_MM = 3.25


@dataclass(frozen=True)
class ScaleBar:
    """A bar exactly SCALE_MM long in the sheet's bottom margin, to measure before cutting,
    with its label after it and what to do beside it (the right half, clear of the middle
    cut mark). Positions in mm from the page's top left."""

    x: float
    y: float  # the bar's centre line
    label_x: float
    note: Instruction


def scale_bar(text: str, marks: Marks, paper_height: float) -> ScaleBar:
    """Between the bottom cut marks: the bar in the first column's margin, the note in the
    second's, both inside what a desktop printer reaches (checked here, so a grid change that
    leaves no room fails loudly instead of printing half a bar)."""
    top = round(marks.ys[-1] + MARK_GAP + 0.3, 3)
    h = SCALE_LINE_MM * SCALE_LINES
    if top + h > paper_height - PRINTER_MARGIN + 0.01:
        raise ValueError(f"no room for the scale bar below y={marks.ys[-1]} mm")
    first, middle, last = marks.xs[0], marks.xs[1], marks.xs[-1]
    x = round(first + 4.0, 3)
    note_x = round(middle + 2.0, 3)
    note = Instruction(text, note_x, top, round(last - 2.0 - note_x, 3), h)
    return ScaleBar(x, round(top + h / 2, 3), round(x + SCALE_MM + 2.0, 3), note)


def card_text(inputs: DocumentInputs) -> tuple[dict[str, str], list[str]]:
    card = inputs.pack.card
    assert card is not None, "pack loader guarantees card.toml for card products"
    text = {
        k: inputs.tr.text("card", v) if v else ""
        for k, v in card.model_dump().items()
        if isinstance(v, str)
    }
    return text, [inputs.tr.text("card", r) for r in card.reminders]


def further_help(inputs: DocumentInputs) -> str:
    """What a card with no crisis line says: that there is none to print, and where to look
    next (the handout's help page, by title).

    Never a web address: the data has none that could stand in for a crisis line.
    """
    _ = inputs.tr.gettext
    none = _("No crisis line was found for this country.")
    for module in inputs.pack.modules:
        if module.header.attach == "help-directory":
            title = inputs.tr.text(module.id, module.header.title)
            return f"{none} " + _("More help: see “%(page)s” in the handout.") % {"page": title}
    return f"{none} " + _("More help: ask the clinic that gave you this card.")


def card_warnings(
    inputs: DocumentInputs, lines: tuple[Service, ...], has_crisis: bool
) -> list[str]:
    country = inputs.country.country
    warnings = [
        f"{s.id} left off the card (withheld: {s.caution_reason})"
        for s in inputs.card_selection.left_out
        if s.kind in CARD_KINDS
    ]
    if not has_crisis:
        shown = "the emergency number" + (" and " + ", ".join(s.id for s in lines) if lines else "")
        warnings.append(
            f"{country} has no crisis line to print on the card: it shows {shown} and says so"
        )
    return warnings


def other_language(context: Mapping[str, Any]) -> dict[str, Any]:
    """What a bilingual card prints in the pair's second language, taken from that language's
    own rendering of the card: its labels and texts, its dates and its draft notice. The
    numbers, names and hours print once, in the first language."""
    translate = context["_"]  # that language's gettext; the strings are the template's own
    return {
        "lang": context["lang"],
        "dir": context["dir"],
        "floor_pt": context["floor_pt"],  # a pair's floor is the higher of its two
        "text": context["text"],
        "reminders": context["reminders"],
        "further_help": context["further_help"],
        # Filled in by the template, which keeps the date on one line.
        "checked_line": translate("Numbers checked %(date)s"),
        "checked": context["checked"],
        "out_of_date_line": translate("Numbers may be out of date."),
        "draft_line": translate("Translation not yet reviewed by a native speaker")
        if context["draft_translation"]
        else "",
    }


@dataclass(frozen=True)
class Faces:
    """What both faces print, whichever product places them."""

    context: dict[str, Any]
    printed: tuple[Service, ...]
    warnings: list[str]
    talk_lines: int  # lines at level 3 (or the card's lines, on a card without levels)


def one_line_fewer(
    inputs: DocumentInputs, shared: Faces, page: Callable[[DocumentInputs, int], ProductPage]
) -> tuple[ProductPage, ...]:
    """A card whose front does not fit even at the smallest type, with two lines to talk, is
    tried with one (the first: a crisis line where the country has one; a card never loses
    its only crisis line or its last line to talk)."""
    short = faces(inputs, 1)
    had_crisis = any(s.kind == "crisis" for s in shared.printed)
    if shared.talk_lines < 2 or not short.talk_lines or short.printed == shared.printed:
        return ()  # a card without levels keeps its lines: the same card is no shorter
    if had_crisis and not any(s.kind == "crisis" for s in short.printed):
        return ()
    return (page(inputs, 1),)


def faces(inputs: DocumentInputs, talk_max: int = CARD_TALK_MAX) -> Faces:
    """The front prints the three levels of urgency when the card text has a level-2 label
    (a line shown at level 2 is not printed again at level 3, unless it is the only line: then
    it is printed under both labels, so neither row looks empty). Level 2 is never missing:
    with no urgent or 24/7 crisis line it gives the emergency number. Without that label:
    the emergency number and the card lines."""
    text, reminders = card_text(inputs)
    emergency = inputs.card_selection.emergency
    urgent: tuple[Service, ...] = ()
    left_off: tuple[Service, ...] = ()
    instead: tuple[Service, ...] = ()
    if text.get("urgent_label"):
        chosen = levels(inputs.card_selection, talk_max, skip_repeats=True)
        urgent, lines = chosen.urgent, chosen.talk
        if talk_max < CARD_TALK_MAX:
            full = levels(inputs.card_selection, CARD_TALK_MAX, skip_repeats=True).talk
            left_off = tuple(s for s in full if s not in lines)
            # A group (adult and youth line) is never split: with room for one line it gives
            # way to the next line that stands alone, which the full card did not print.
            instead = tuple(s for s in lines if s not in full)
    else:
        lines = card_lines(inputs.card_selection)
    # No urgent or 24/7 crisis line (IT, NP, IR, RU): level 2 still prints, with the number
    # the handout and quick guide give that row when the doctor or clinic cannot be reached:
    # the emergency number (the first level 1 gives), so the rows agree across products. A
    # part-time line stays at level 3 with its hours; the row's sentence does not fit a card
    # in every language (Persian, at 7 pt), and a part-time line printed under both labels
    # does not fit a Spanish card (EC 171, option 6).
    fallback: tuple[NumberView, ...] = ()
    if text.get("urgent_label") and not urgent and emergency:
        fallback = first_number_only(inputs.views(emergency[:1])[0]).numbers
    printed = emergency + urgent + tuple(s for s in lines if s not in urgent)
    has_crisis = any(s.kind == "crisis" for s in printed)
    # One line for levels 2 and 3 (a country with a single 24/7 line): printed under both.
    shared = bool(urgent) and lines == urgent
    context = {
        "card_w": CARD_W,
        "card_h": CARD_H,
        "emergency": inputs.views(emergency),
        "urgent": inputs.views(urgent),
        "urgent_fallback": fallback,
        "crisis": () if shared else inputs.views(lines),
        "shared_levels": shared,
        "further_help": "" if has_crisis else further_help(inputs),
        "text": text,
        "reminders": reminders,
        "second": None,  # a bilingual card's other language (other_language)
        "checked_joined": False,  # its date after the first's, not on a line of its own
        "checked_on_back": False,  # its date on the back, not the front
        "floor_pt": script_floor_pt(inputs.tr.lang),  # read by typeset/fitting.py
    }
    warnings = card_warnings(inputs, lines, has_crisis) + [
        f"{s.id} left off the card so its front fits (the handout lists it)" for s in left_off
    ]
    if instead:
        warnings.append(
            f"{', '.join(s.id for s in instead)} printed at level 3 in place of "
            f"{', '.join(s.id for s in left_off)}"
        )
    return Faces(context, printed, warnings, len(lines))


def _face_checks(count: int) -> list[BoxCheck]:
    return [
        BoxCheck(
            f"{side}-{i}",
            f"{side}-{i}-end",
            f"card {side}" + (f" (slot {i + 1})" if count > 1 else ""),
            side,
        )
        for side in ("front", "back")
        for i in range(count)
    ]


INSTRUCTION_CHECK = BoxCheck("instruction", "instruction-end", "print instruction", "instruction")
SCALE_CHECK = BoxCheck("scale-note", "scale-note-end", "scale bar note", "instruction")


def card_sheet_page(inputs: DocumentInputs, talk_max: int = CARD_TALK_MAX) -> ProductPage:
    _ = inputs.tr.gettext
    sheet = card_sheet(inputs.job.paper, inputs.job.duplex)
    shared = faces(inputs, talk_max)
    left = min(s.x for s in sheet.backs)
    top = min(s.y for s in sheet.backs)
    back_marks = Marks(
        tuple(round(left + i * CARD_W, 3) for i in range(sheet.cols + 1)),
        tuple(round(top + j * CARD_H, 3) for j in range(sheet.rows + 1)),
    )
    # In the words print dialogs use ("Actual size", "Fit to page", "Flip on long edge"), so a
    # clinic can find each setting. A "100%" is never followed by a letter: "100% s..." would
    # read as a %-format to gettext tools.
    text = (
        # NOTE: one line in the sheet's top margin (about 100 characters at most). Use the
        # words your language's print dialogs use for "Actual size", "Fit to page" and "Flip
        # on long edge".
        _("Print double-sided at Actual size / 100% (do not fit to page), flip on long edge")
        if inputs.job.duplex == "long-edge"
        # NOTE: one line in the sheet's top margin (about 100 characters at most). Use the
        # words your language's print dialogs use for these settings.
        else _("Print double-sided at Actual size / 100% (do not fit to page), flip on short edge")
    )
    # NOTE: two short lines beside a 50 mm bar printed below the cards (about 90 characters).
    check = _(
        "Before cutting, measure the bar: it must be 50 mm. If not, print again at "
        "Actual size / 100%."
    )
    # NOTE: the label printed after the 50 mm scale bar; keep the number.
    label = _("50 mm")
    context = shared.context | {
        "sheet": sheet,
        "back_marks": back_marks,
        "instruction": instruction(
            dialog_digits(text), sheet.marks, sheet.left, sheet.cols * CARD_W, 1
        ),
        "scale": scale_bar(dialog_digits(check), sheet.marks, sheet.paper.height),
        "scale_mm": SCALE_MM,
        "scale_tick": SCALE_TICK,
        "scale_label": dialog_digits(label),
    }
    return ProductPage(
        template="card-sheet.html",
        stylesheets=("base.css", "cards.css"),
        context=context,
        printed=shared.printed,
        warnings=shared.warnings,
        checks=[*_face_checks(len(sheet.fronts)), INSTRUCTION_CHECK, SCALE_CHECK],
        expected_pages=2,
        font_pt={"front": FACE_PT, "back": FACE_PT, "instruction": INSTRUCTION_PT},
        probe=card_page(inputs, talk_max),
        shorter=one_line_fewer(inputs, shared, card_sheet_page) if talk_max > 1 else (),
    )


def card_page(inputs: DocumentInputs, talk_max: int = CARD_TALK_MAX) -> ProductPage:
    """One card at trim size with bleed and crop marks, front then back, for a print shop: the
    page reaches CARD_MEDIA_MARGIN beyond the trim, the BleedBox BLEED, and the crop marks
    are drawn between the two."""
    shared = faces(inputs, talk_max)
    context = shared.context | {"slot": Slot(0, 0), "media_margin": CARD_MEDIA_MARGIN}
    return ProductPage(
        template="card.html",
        stylesheets=("base.css", "cards.css"),
        context=context,
        printed=shared.printed,
        warnings=shared.warnings,
        checks=_face_checks(1),
        expected_pages=2,
        font_pt={"front": FACE_PT, "back": FACE_PT},
        bleed_mm=BLEED,
        shorter=one_line_fewer(inputs, shared, card_page) if talk_max > 1 else (),
    )


def card_fold_page(inputs: DocumentInputs, talk_max: int = CARD_TALK_MAX) -> ProductPage:
    """Front and back on one single-sided page, to cut out and fold (no duplex needed)."""
    _ = inputs.tr.gettext
    layout = fold(inputs.job.paper)
    shared = faces(inputs, talk_max)
    reach = MARK_GAP + MARK_LEN
    # NOTE: up to three short lines above the fold-over card.
    text = _(
        "Print single-sided, scale 100%. Cut along the marks at the corners, then fold "
        "on the dashed line so the two sides are back to back."
    )
    context = shared.context | {
        "layout": layout,
        "instruction": instruction(
            dialog_digits(text), layout.marks, layout.front.x - reach, CARD_W + 2 * reach, 3
        ),
        "fold_x1": round(layout.front.x - reach, 3),
        "fold_x2": round(layout.front.x + CARD_W + reach, 3),
    }
    return ProductPage(
        template="card-fold.html",
        stylesheets=("base.css", "cards.css"),
        context=context,
        printed=shared.printed,
        warnings=shared.warnings,
        checks=[*_face_checks(1), INSTRUCTION_CHECK],
        expected_pages=1,
        font_pt={"front": FACE_PT, "back": FACE_PT, "instruction": INSTRUCTION_PT},
        probe=card_page(inputs, talk_max),
        shorter=one_line_fewer(inputs, shared, card_fold_page) if talk_max > 1 else (),
    )
