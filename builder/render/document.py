"""Render one document's HTML: shared context, then the product's own context and template."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from jinja2 import Environment, Template

from builder import __version__
from builder.model.freshness import Age, Dating, build_date
from builder.model.helplines import CountryHelplines, Service
from builder.model.overlay import Overlay, clinic_view
from builder.model.packs import Pack
from builder.model.regional import formatting_locale
from builder.model.translations import Translator
from builder.plan.jobs import DocumentJob
from builder.render.boxspec import BoxCheck
from builder.render.page import DocumentInputs, ProductPage
from builder.render.products import PAGES
from builder.render.runs import labelled, ltr_runs
from builder.render.selection import select
from builder.render.views import format_day
from builder.render.wordbreak import break_where_the_language_breaks

DEFAULT_ACCENT = "#0b4f6c"


@dataclass(frozen=True)
class Rendered:
    """A document ready to typeset; card products can be re-rendered at smaller type sizes."""

    template: Template
    context: Mapping[str, Any]
    page: ProductPage
    warnings: tuple[str, ...]
    modified: date
    probe: Rendered | None = None
    shorter: tuple[Rendered, ...] = ()  # the page's shorter versions, rendered (ProductPage)

    _html: dict[tuple[tuple[str, float], ...], str] = field(
        default_factory=dict, compare=False, repr=False
    )

    def html_at(self, font_pt: Mapping[str, float] | None = None) -> str:
        """The document's HTML with each font group at the given size (default: its start).

        Kept per set of sizes: checks, the fitting key and the first layout all read the
        HTML at the starting sizes."""
        sizes = {**self.page.font_pt, **(font_pt or {})}
        key = tuple(sorted(sizes.items()))
        if key not in self._html:
            html = self.template.render({**self.context, "font_pt": sizes})
            html = break_where_the_language_breaks(html, self.context.get("lang", ""))
            self._html[key] = html
        return self._html[key]

    @property
    def html(self) -> str:
        return self.html_at()

    @property
    def stylesheets(self) -> tuple[str, ...]:
        return self.page.stylesheets

    @property
    def checks(self) -> tuple[BoxCheck, ...]:
        return tuple(self.page.checks)

    @property
    def expected_pages(self) -> int | None:
        return self.page.expected_pages

    @property
    def max_pages(self) -> int | None:
        return self.page.max_pages

    def with_context(self, **values: Any) -> Rendered:
        """The same document with some template values changed: a booklet's notes pages, a
        bilingual edition's alignment pages and page numbers, a bilingual card's other
        language (which its probe, the card its sizes are searched on, prints too)."""
        return Rendered(
            self.template,
            {**self.context, **values},
            self.page,
            self.warnings,
            self.modified,
            self.probe.with_context(**values) if self.probe is not None else None,
            tuple(version.with_context(**values) for version in self.shorter),
        )


def split_placeholders(template: str) -> list[tuple[str, str]]:
    """ "Page %(page)s of %(pages)s" -> [("text","Page "), ("page",""), ...] for CSS counters."""
    parts: list[tuple[str, str]] = []
    for piece in re.split(r"(%\(\w+\)s)", template):
        if match := re.fullmatch(r"%\((\w+)\)s", piece):
            parts.append((match.group(1), ""))
        elif piece:
            parts.append(("text", piece))
    return parts


def text_direction(text: str) -> str:
    """ "rtl" or "ltr" from the first strong character: an English helpline name inside an
    Arabic card must be laid out left to right, or a line break puts its "&" at the wrong end."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"


# The longest area or note (in characters) that is still a phrase, kept whole when it runs the
# other way from its page (templates/parts/readernote.html): in the shipped helpline data, every
# area and every line's note, and every instruction but one (61 characters, a sentence).
PHRASE_CHARS = 50


def is_phrase(text: str) -> bool:
    """Whether text is short enough to keep on one line when set against its page's direction."""
    return len(text) <= PHRASE_CHARS


def language_name(tr: Translator) -> str:
    name = tr.locale.get_display_name(tr.locale) or tr.code
    return name[:1].upper() + name[1:]


def last_modified(pack: Pack, country: CountryHelplines) -> date:
    """The newest date in the inputs: the document's date, never the clock."""
    return max([pack.definition.date, *(s.checked for s in country.services)])


def common_context(inputs: DocumentInputs, printed: tuple[Service, ...]) -> dict[str, Any]:
    """What every product prints: title, paper, and how old its numbers are.

    The "checked" date is the oldest of the services this document prints, so a printout never
    claims its numbers are fresher than the oldest one on it.
    """
    tr, pack, country, overlay = inputs.tr, inputs.pack, inputs.country, inputs.overlay
    _ = tr.gettext
    oldest = min((s.checked for s in printed), default=country.checked)
    stale = any(
        inputs.dating.limits.age(s.checked, inputs.dating.today) is Age.STALE for s in printed
    )
    title = tr.text("pack", pack.definition.title)
    subtitle = pack.definition.subtitle
    return {
        "_": _,
        "gettext": _,
        "dir_of": text_direction,
        "is_phrase": is_phrase,
        "ltr_runs": ltr_runs,
        "labelled": labelled,
        "lang": tr.lang,
        "dir": tr.direction,
        "language": language_name(tr),
        "title": title,
        "subject": tr.text("pack", subtitle) if subtitle else title,
        "generator": f"careprint {__version__}",
        "created": pack.definition.date.isoformat(),
        "modified": last_modified(pack, country).isoformat(),
        "paper": inputs.job.paper,
        "country": country.country,
        "country_name": tr.locale.territories.get(country.country, country.country),
        "checked": format_day(oldest, tr),
        "out_of_date": stale,
        "pack_version": pack.definition.version,
        "draft_translation": tr.status == "draft",
        "page_parts": split_placeholders(_("Page %(page)s of %(pages)s")),
        "accent": overlay.settings.accent
        if overlay and overlay.settings.accent
        else DEFAULT_ACCENT,
        "clinic": clinic_view(overlay, tr) if overlay else None,
    }


def render_document(
    env: Environment,
    job: DocumentJob,
    pack: Pack,
    country: CountryHelplines,
    tr: Translator,
    dating: Dating | None = None,
    overlay: Overlay | None = None,
) -> Rendered:
    """Render one document; dating defaults to the build date and the pack's age limits."""
    dating = dating or Dating(build_date(None), pack.definition.helplines.limits)
    tr.formats = formatting_locale(tr.locale, country.country)
    inputs = DocumentInputs(
        job,
        pack,
        country,
        tr,
        select(country, include_withheld=True),
        select(country, include_withheld=False),
        dating,
        overlay,
    )
    page = PAGES[job.product](inputs)
    modified = last_modified(pack, country)

    def rendered(page: ProductPage) -> Rendered:
        context = common_context(inputs, page.printed) | page.context
        probe = rendered(page.probe) if page.probe is not None else None
        return Rendered(
            env.get_template(page.template),
            context,
            page,
            tuple(page.warnings),
            modified,
            probe,
            tuple(rendered(version) for version in page.shorter),
        )

    return rendered(page)
