"""Render one document's HTML: shared context, then the product's own context and template."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from jinja2 import Environment

from .helplines import CountryHelplines
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
    selection: Selection
    views: tuple[ServiceView, ...]


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


def common_context(inputs: DocumentInputs) -> dict[str, Any]:
    tr, pack, country = inputs.tr, inputs.pack, inputs.country
    _ = tr.gettext
    return {
        "_": _, "gettext": _,
        "lang": tr.lang, "dir": tr.direction,
        "title": tr.text("pack", pack.definition.title),
        "paper": inputs.job.paper, "country": country.country,
        "country_name": tr.locale.territories.get(country.country, country.country),
        "checked": format_day(country.checked, tr),
        "pack_version": pack.definition.version,
        "draft_translation": tr.status == "draft",
        "page_parts": split_placeholders(_("Page %(page)s of %(pages)s")),
    }


def render_document(env: Environment, job: DocumentJob, pack: Pack,
                    country: CountryHelplines, tr: Translator) -> Rendered:
    from .products import PRODUCTS

    selection = select(country, pack.definition.show_caution_services)
    inputs = DocumentInputs(job, pack, country, tr, selection,
                            tuple(service_view(s, tr) for s in selection.services))
    page = PRODUCTS[job.product](inputs)
    warnings = [f"{s.id} left out: {s.caution_reason}" for s in selection.left_out]
    warnings += page.warnings
    context = common_context(inputs) | page.context
    html = env.get_template(page.template).render(context)
    return Rendered(html, page.stylesheets, tuple(page.checks), page.expected_pages,
                    tuple(warnings), page.max_pages)
