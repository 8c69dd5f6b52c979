"""Paper sizes: CLDR's rule (Letter in the Americas listed below, A4 elsewhere), overridable."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

PaperName = Literal["a4", "letter", "a5", "half-letter"]

# CLDR supplemental paperSize: US-Letter territories. Babel does not expose this table.
LETTER_TERRITORIES = frozenset(
    ["BZ", "CA", "CL", "CO", "CR", "GT", "MX", "NI", "PA", "PH", "PR", "SV", "US", "VE"]
)


@dataclass(frozen=True)
class Paper:
    name: PaperName
    width: float  # mm
    height: float  # mm

    @property
    def css_size(self) -> str:
        return f"{self.width}mm {self.height}mm"


PAPERS: dict[str, Paper] = {
    "a4": Paper("a4", 210.0, 297.0),
    "letter": Paper("letter", 215.9, 279.4),
}


# A booklet's page: a sheet folded once (A4 -> A5, Letter -> half-Letter, 5.5 x 8.5 in).
BOOKLET_PAGES: dict[str, Paper] = {
    "a4": Paper("a5", 148.0, 210.0),
    "letter": Paper("half-letter", 139.7, 215.9),
}
# Products printed on a folded sheet's pages, and products that are such sheets, imposed.
BOOKLET_PAGE_PRODUCTS = frozenset({"handout-a5"})
IMPOSED_PRODUCTS = frozenset({"handout-booklet"})
# An imposed product and the product holding its pages: when both are built, the sheets are
# imposed from the written pages instead of laying the pages out a second time (run/batch.py).
PAGES_OF = {"handout-booklet": "handout-a5"}


def booklet_page(sheet: Paper) -> Paper:
    return BOOKLET_PAGES[sheet.name]


# What a product is cut to when that is not the sheet it prints on: the single card's page is an
# ID-1 card (85.60 x 53.98 mm) with bleed, whatever the country's paper.
CUT_SIZE = {"card": "id-1"}


def printed_paper(product: str, paper: Paper) -> str:
    """The paper a clinic or print shop must use for this product (manifest, catalogue):
    the booklet's pages are A5 (or half-Letter), its imposed sheets A4 (or Letter) folded."""
    if product in BOOKLET_PAGE_PRODUCTS:
        return booklet_page(paper).name
    if product in IMPOSED_PRODUCTS:
        return f"{paper.name}-booklet"
    return CUT_SIZE.get(product, paper.name)


def paper_for(country: str, override: str | None = None) -> Paper:
    if override:
        return PAPERS[override]
    return PAPERS["letter" if country in LETTER_TERRITORIES else "a4"]
