"""Paper sizes: CLDR's rule (Letter in the Americas listed below, A4 elsewhere), overridable."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

PaperName = Literal["a4", "letter"]

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


# What a product is cut to when that is not the sheet it prints on: the single card's page is an
# ID-1 card (85.60 x 53.98 mm) with bleed, whatever the country's paper.
CUT_SIZE = {"card": "id-1"}


def printed_paper(product: str, paper: Paper) -> str:
    """The paper a clinic or print shop must use for this product (manifest, catalogue)."""
    return CUT_SIZE.get(product, paper.name)


def paper_for(country: str, override: str | None = None) -> Paper:
    if override:
        return PAPERS[override]
    return PAPERS["letter" if country in LETTER_TERRITORIES else "a4"]
