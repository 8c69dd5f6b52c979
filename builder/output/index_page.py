"""out/index.html: a static catalogue of the output folder, by country and language.

Built from the manifest, so it lists exactly what is there (and what failed). Plain HTML and
CSS with relative links: it works opened from disk, from any static host, and without
JavaScript.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import get_args
from urllib.parse import quote

from babel import Locale, UnknownLocaleError

from builder.base.textfile import read_text
from builder.base.wording import percent
from builder.base.writer import write_atomic
from builder.model.packs import Product
from builder.output.manifest import Entry
from builder.plan.pairs import PAIR
from builder.render.templating import make_environment

# The catalogue's own template ships with careprint; a project may override it.
BUILTIN_TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
INDEX = "index.html"
TEMPLATE = "catalogue/index.html"
STYLESHEET = "catalogue/catalogue.css"
# Products of a pack the catalogue was not told about (a merged manifest): careprint's own order.
DEFAULT_ORDER: tuple[str, ...] = get_args(Product)
PAPER_LABELS = {
    "a4": "A4",
    "letter": "Letter",
    "id-1": "ID-1 card, 85.60 × 53.98 mm (3 mm bleed)",
    "a5": "A5 pages, for a print shop",
    "half-letter": "Half Letter pages (5.5 × 8.5 in), for a print shop",
    "a4-booklet": "A4 sheets, two-sided (flip on short edge), folded to an A5 booklet",
    "letter-booklet": "Letter sheets, two-sided (flip on short edge), folded to a "
    "half-Letter booklet",
}

# Each product by the name the README gives it, not the id it is built with ("card-fold"):
# the catalogue is for the clinic handing the documents out. The A5 editions say the size of
# their pages, half-Letter where the country prints on Letter. The catalogue is in English
# (catalogs hold no product names), so the names are too.
PRODUCT_LABELS = {
    "handout": "Handout",
    "quick-guide": "Quick guide",
    "handout-booklet": "Handout booklet ({pages})",
    "handout-a5": "Handout ({pages})",
    "card-sheet": "Wallet card sheet",
    "card": "Wallet card",
    "card-fold": "Fold-over wallet card",
    "safety-plan": "Safety plan",
}
BOOKLET_PAGE_LABELS = {
    "a5": "A5",
    "a4-booklet": "A5",
    "half-letter": "half-Letter",
    "letter-booklet": "half-Letter",
}


def product_label(product: str, paper: str) -> str:
    """ "Fold-over wallet card", "Handout (A5)"; a product this careprint does not make (a
    manifest merged from another version) by its id in words."""
    label = PRODUCT_LABELS.get(product)
    if label is None:
        return product.replace("-", " ").capitalize()
    return label.format(pages=BOOKLET_PAGE_LABELS.get(paper, paper))


@dataclass(frozen=True)
class DocumentView:
    name: str
    href: str
    thumbnail: str
    entry: Entry

    @property
    def anchor(self) -> str:
        return "doc-" + re.sub(r"[^A-Za-z0-9_-]+", "-", self.name.removesuffix(".pdf"))

    @property
    def title(self) -> str:
        return product_label(self.entry.product, self.entry.paper)

    @property
    def paper_text(self) -> str:
        return PAPER_LABELS.get(self.entry.paper, self.entry.paper.upper())

    @property
    def incomplete(self) -> list[str]:
        """ "it 62% translated" per catalog built below its pack's threshold on request."""
        return [
            f"{code} {percent(share)} translated"
            for code, share in sorted(self.entry.incomplete.items())
        ]

    @property
    def size_text(self) -> str:
        return (
            f"{self.entry.size / 1024:.0f} KB"
            if self.entry.size < 1024 * 1024
            else f"{self.entry.size / 1024 / 1024:.1f} MB"
        )


@dataclass(frozen=True)
class LanguageView:
    code: str
    name: str
    documents: tuple[DocumentView, ...]


@dataclass(frozen=True)
class CountryView:
    code: str
    name: str
    languages: tuple[LanguageView, ...]


def _language_name(code: str, english: Locale) -> str:
    """ "Spanish – español"; a bilingual edition's pair as both names joined by " + "."""
    if PAIR in code:
        return " + ".join(_language_name(part, english) for part in code.split(PAIR))
    try:
        locale = Locale.parse(code)
    except (ValueError, UnknownLocaleError):
        return code
    own = locale.get_display_name(locale) or code
    in_english = locale.get_display_name(english) or code
    return in_english if own == in_english else f"{in_english} – {own}"


def _href(relative: str, out: Path) -> str:
    return quote(relative) if relative and (out / relative).is_file() else ""


def _product_rank(orders: Mapping[str, Sequence[str]]) -> dict[tuple[str, str], int]:
    return {(pack, product): i for pack, order in orders.items() for i, product in enumerate(order)}


def countries(
    out: Path, entries: Mapping[str, Entry], orders: Mapping[str, Sequence[str]] | None = None
) -> list[CountryView]:
    """Countries by name, languages by code, and each language's documents by pack, then in
    the pack's product order (the handout first, as a clinic hands them out)."""
    english = Locale.parse("en")
    rank = _product_rank(orders or {})
    default = {product: i for i, product in enumerate(DEFAULT_ORDER)}

    def order(item: tuple[str, Entry]) -> tuple[str, int, int, str]:
        name, e = item
        fallback = default.get(e.product, len(default))
        return (e.pack, rank.get((e.pack, e.product), len(rank) + fallback), fallback, name)

    grouped: dict[str, dict[str, list[DocumentView]]] = defaultdict(lambda: defaultdict(list))
    for name, entry in sorted(entries.items(), key=order):
        grouped[entry.country][entry.locale].append(
            DocumentView(
                name,
                _href(name, out) if entry.status == "ok" else "",
                _href(entry.thumbnail, out),
                entry,
            )
        )
    views = [
        CountryView(
            code,
            english.territories.get(code, code),
            tuple(
                LanguageView(locale, _language_name(locale, english), tuple(docs))
                for locale, docs in sorted(by_locale.items())
            ),
        )
        for code, by_locale in grouped.items()
    ]
    return sorted(views, key=lambda c: c.name)


def write_catalogue(
    templates: Path,
    out: Path,
    entries: Mapping[str, Entry],
    orders: Mapping[str, Sequence[str]] | None = None,
) -> Path:
    """`orders` gives each pack's products in the order its pack.toml lists them."""
    folders = [templates, BUILTIN_TEMPLATES]
    env = make_environment(folders)
    css = next(f / STYLESHEET for f in folders if (f / STYLESHEET).is_file())
    views = countries(out, entries, orders)
    html = env.get_template(TEMPLATE).render(
        countries=views,
        css=read_text(css, "stylesheet"),
        total=len(entries),
        failed=sum(1 for e in entries.values() if e.status == "failed"),
        languages=len({e.locale for e in entries.values()}),
        clinics=sorted(Counter(e.overlay for e in entries.values() if e.overlay).items()),
    )
    path = out / INDEX
    write_atomic(path, html.encode("utf-8"))
    return path
