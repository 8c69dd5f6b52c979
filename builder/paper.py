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


def paper_for(country: str, override: str | None = None) -> Paper:
    if override:
        return PAPERS[override]
    return PAPERS["letter" if country in LETTER_TERRITORIES else "a4"]
