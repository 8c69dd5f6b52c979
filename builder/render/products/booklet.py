"""The A5 booklet: the handout typeset for A5 (half-Letter where the country uses Letter), padded
to a multiple of four pages, and imposed two-up for saddle stitching.

`handout-a5` is the plain page PDF a print shop imposes itself; `handout-booklet` is the same
pages imposed on A4 (or Letter) sheets, landscape, in saddle-stitch order, to print double-sided
flipping on the short edge, fold along the dashed line and staple. Padding pages are intentional:
ruled pages for notes, then the help page (the three levels with the country's numbers) as the
back cover, where a family looks first.

The pages are laid out and checked exactly as the A4 handout is (every box whole, no empty
page, no heading alone at a page bottom, page x of y in the footer), so the imposed sheets only
move finished pages: they are placed with pypdf (typeset/booklet.py), never laid out again.
"""

from __future__ import annotations

from dataclasses import replace

from builder.plan.paper import booklet_page
from builder.render.boxspec import BoxCheck
from builder.render.levels import levels
from builder.render.page import DocumentInputs, ProductPage
from builder.render.products.handout import handout_page, levels_view

PAGES_PER_SHEET = 4  # two pages on each side of one folded sheet
# An A5 page holds half an A4 page: twice the A4 handout's runaway guard (typesetjob.py), and
# about what one saddle stitch still closes flat (20 sheets).
MAX_PAGES = 80
NOTES_LINES = 12  # 9 mm apart under the heading: most of an A5 or half-Letter page


def a5_page(inputs: DocumentInputs) -> ProductPage:
    """The handout at booklet page size, with notes pages and the help page as back cover."""
    page = handout_page(inputs)
    chosen = levels(inputs.card_selection)
    page.template = "handout.html"
    page.stylesheets = (*page.stylesheets, "booklet.css")
    page.context |= {
        "paper": booklet_page(inputs.job.paper),
        "booklet": True,
        "notes_pages": 0,  # set after a first layout, to reach a multiple of four
        "notes_lines": NOTES_LINES,
        "back_levels": levels_view(inputs, chosen),
    }
    page.checks.append(
        BoxCheck("urgent-back", "urgent-back-end", 'the "call now" box (urgent-back)')
    )
    page.pad_to = PAGES_PER_SHEET
    page.page_limit = MAX_PAGES
    return page


def booklet_sheets_page(inputs: DocumentInputs) -> ProductPage:
    """The same pages, imposed two-up after typesetting (typeset/booklet.py)."""
    return replace(a5_page(inputs), imposed=True)
