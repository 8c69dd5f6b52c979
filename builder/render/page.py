"""What a product gets (DocumentInputs) and what it hands back (ProductPage).

Kept apart from document.py, which looks products up in the registry (render/products/), so that
products and the renderer do not import each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from builder.model.freshness import Dating
from builder.model.helplines import CountryHelplines, Service
from builder.model.overlay import Overlay
from builder.model.packs import Pack
from builder.model.translations import Translator
from builder.plan.jobs import DocumentJob
from builder.render.boxspec import BoxCheck
from builder.render.selection import Selection
from builder.render.views import ServiceView, service_view


@dataclass
class ProductPage:
    """What a product adds to the shared context, and how to check its layout.

    `font_pt` holds the starting font size of each group of fixed boxes (card faces); the build
    steps a group down when one of its boxes overflows. A `probe` is a small page holding the
    same boxes (one card for a sheet of ten): the sizes are searched for on it, and this page
    is laid out at the sizes found. `flowing` documents are checked for empty pages and
    headings left alone at a page bottom. A page may offer `shorter` versions of itself, laid
    out in turn when it does not fit.
    """

    template: str
    stylesheets: tuple[str, ...]
    context: dict[str, Any]
    printed: tuple[Service, ...]  # the services this document prints: what its dates cover
    checks: list[BoxCheck] = field(default_factory=list)
    expected_pages: int | None = None
    warnings: list[str] = field(default_factory=list)
    font_pt: dict[str, float] = field(default_factory=dict)
    flowing: bool = False
    pdf_variant: str | None = None
    bleed_mm: float | None = None  # a print shop's page: its PDF BleedBox this far out of trim
    max_pages: int | None = None
    probe: ProductPage | None = None
    # A booklet: pages padded to a multiple of this (the template's notes_pages), and whether
    # the finished pages are imposed two-up on sheets (typeset/booklet.py).
    pad_to: int = 1
    imposed: bool = False
    page_limit: int | None = None  # the runaway guard, if not typeset/job.py's MAX_PAGES
    # The same document made shorter, each version more than the one before, laid out in turn
    # while it does not fit (more than max_pages pages, or a box that overflows even at the
    # smallest type): the safety plan with its ruled lines closer, a card with one line to
    # talk instead of two. The first that fits is printed; if none does, the build fails. Each
    # is a whole page: what it prints dates it, and its warnings say what the reader loses.
    shorter: tuple[ProductPage, ...] = ()


@dataclass(frozen=True)
class DocumentInputs:
    """Everything a product needs to lay out one document."""

    job: DocumentJob
    pack: Pack
    country: CountryHelplines
    tr: Translator
    selection: Selection  # every service, doubtful ones included (the help directory)
    card_selection: Selection  # doubtful ones only if the pack opts in (cards, "call now")
    dating: Dating
    overlay: Overlay | None = None

    def view(self, service: Service) -> ServiceView:
        return service_view(service, self.country.zone(service), self.tr, self.country.country)

    def views(self, services: tuple[Service, ...]) -> tuple[ServiceView, ...]:
        return tuple(self.view(s) for s in services)
