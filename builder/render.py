"""Render one document's HTML: shared context, then the product's own context and template."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from jinja2 import Environment

from .freshness import Age, Dating, build_date
from .helplines import CountryHelplines, Service
from .packs import Pack
from .plan import DocumentJob
from .selection import Selection, select
from .translations import Translator
from .typeset import BoxCheck
from .views import ServiceView, format_day, service_view


@dataclass
class ProductPage:
    """What a product adds to the shared context, and how to check its layout."""

    template: str
    stylesheets: tuple[str, ...]
    context: dict[str, Any]
    printed: tuple[Service, ...]  # the services this document prints: what its dates cover
    checks: list[BoxCheck] = field(default_factory=list)
    expected_pages: int | None = None
    warnings: list[str] = field(default_factory=list)
    max_pages: int | None = None


@dataclass(frozen=True)
class DocumentInputs:
    """Everything a product needs to lay out one document."""

    job: DocumentJob
    pack: Pack
    country: CountryHelplines
    tr: Translator
    selection: Selection        # every service, doubtful ones included (the help directory)
    card_selection: Selection   # doubtful ones only if the pack opts in (cards, "call now")
    dating: Dating

    def view(self, service: Service) -> ServiceView:
        return service_view(service, self.country.zone(service), self.tr,
                            self.country.country)

    def views(self, services: tuple[Service, ...]) -> tuple[ServiceView, ...]:
        return tuple(self.view(s) for s in services)


@dataclass(frozen=True)
class Rendered:
    html: str
    stylesheets: tuple[str, ...]
    checks: tuple[BoxCheck, ...]
    expected_pages: int | None
    warnings: tuple[str, ...]
    max_pages: int | None = None


def split_placeholders(template: str) -> list[tuple[str, str]]:
    """ "Page %(page)s of %(pages)s" -> [("text","Page "), ("page",""), ...] for CSS counters."""
    parts: list[tuple[str, str]] = []
    for piece in re.split(r"(%\(\w+\)s)", template):
        if match := re.fullmatch(r"%\((\w+)\)s", piece):
            parts.append((match.group(1), ""))
        elif piece:
            parts.append(("text", piece))
    return parts


def common_context(inputs: DocumentInputs, printed: tuple[Service, ...]) -> dict[str, Any]:
    """What every product prints: title, paper, and how old its numbers are.

    The "checked" date is the oldest of the services this document prints, so a printout never
    claims its numbers are fresher than the oldest one on it.
    """
    tr, pack, country = inputs.tr, inputs.pack, inputs.country
    _ = tr.gettext
    oldest = min((s.checked for s in printed), default=country.checked)
    stale = any(inputs.dating.limits.age(s.checked, inputs.dating.today) is Age.STALE
                for s in printed)
    return {
        "_": _, "gettext": _,
        "lang": tr.lang, "dir": tr.direction,
        "title": tr.text("pack", pack.definition.title),
        "paper": inputs.job.paper, "country": country.country,
        "country_name": tr.locale.territories.get(country.country, country.country),
        "checked": format_day(oldest, tr),
        "out_of_date": stale,
        "pack_version": pack.definition.version,
        "draft_translation": tr.status == "draft",
        "page_parts": split_placeholders(_("Page %(page)s of %(pages)s")),
    }


def render_document(env: Environment, job: DocumentJob, pack: Pack,
                    country: CountryHelplines, tr: Translator,
                    dating: Dating | None = None) -> Rendered:
    """Render one document; dating defaults to the build date and the pack's age limits."""
    from .products import PRODUCTS

    dating = dating or Dating(build_date(None), pack.definition.helplines.limits)
    on_cards = pack.definition.helplines.caution_on_cards
    inputs = DocumentInputs(job, pack, country, tr, select(country, include_caution=True),
                            select(country, include_caution=on_cards), dating)
    page = PRODUCTS[job.product](inputs)
    warnings = list(page.warnings)
    context = common_context(inputs, page.printed) | page.context
    html = env.get_template(page.template).render(context)
    return Rendered(html, page.stylesheets, tuple(page.checks), page.expected_pages,
                    tuple(warnings), page.max_pages)
