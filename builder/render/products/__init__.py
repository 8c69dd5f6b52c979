"""Products of a pack: each turns a document's inputs into its template context and checks."""

from __future__ import annotations

from collections.abc import Callable

from builder.render.page import DocumentInputs, ProductPage
from builder.render.products.booklet import a5_page, booklet_sheets_page
from builder.render.products.cards import card_fold_page, card_page, card_sheet_page
from builder.render.products.handout import handout_page
from builder.render.products.quick_guide import quick_guide_page
from builder.render.products.safety_plan import safety_plan_page

# The page of each product named in pack.toml (model/packs.py PRODUCTS lists the names).
PAGES: dict[str, Callable[[DocumentInputs], ProductPage]] = {
    "handout": handout_page,
    "quick-guide": quick_guide_page,
    "handout-booklet": booklet_sheets_page,
    "handout-a5": a5_page,
    "card": card_page,
    "card-sheet": card_sheet_page,
    "card-fold": card_fold_page,
    "safety-plan": safety_plan_page,
}

# Products whose fitted type sizes their siblings start from (cards.py: the sheet and the
# fold-over card search on the single card). A batch hands these out first in each group of
# documents with the same text, so the worker that makes one usually has the sizes ready
# when the siblings come.
SIZES_FIRST = ("card",)
