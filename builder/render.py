"""Render one document's HTML: pack content and helpline views through a Jinja2 template."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from .content import Block, Module, render_inline
from .helplines import CountryHelplines
from .imposition import CARD_H, CARD_W, card_sheet
from .packs import Pack
from .plan import DocumentJob
from .selection import card_lines, select
from .translations import Translator
from .typeset import BoxCheck
from .views import ServiceView, format_day, service_view

TEMPLATES = {"handout": "handout.html", "card-sheet": "card-sheet.html"}
STYLESHEETS = {"handout": ("base.css", "handout.css"), "card-sheet": ("base.css", "cards.css")}


@dataclass(frozen=True)
class Rendered:
    html: str
    stylesheets: tuple[str, ...]
    checks: tuple[BoxCheck, ...]
    expected_pages: int | None
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class BlockView:
    kind: str
    level: int
    html: tuple[Markup, ...]


@dataclass(frozen=True)
class ModuleView:
    id: str
    title: str
    blocks: tuple[BlockView, ...]
    action: Markup | None
    key_points: tuple[Markup, ...]
    attach: str
    role: str


def _inline(text: str) -> Markup:
    return Markup(render_inline(text))


def module_view(module: Module, tr: Translator) -> ModuleView:
    def t(text: str) -> str:
        return tr.text(module.id, text)

    def block(b: Block) -> BlockView:
        return BlockView(b.kind, b.level, tuple(_inline(t(x)) for x in b.texts))

    h = module.header
    return ModuleView(
        id=module.id, title=t(h.title), blocks=tuple(block(b) for b in module.blocks),
        action=_inline(t(h.action)) if h.action else None,
        key_points=tuple(_inline(t(k)) for k in h.key_points), attach=h.attach, role=h.role)


def split_placeholders(template: str) -> list[tuple[str, str]]:
    """"Page %(page)s of %(pages)s" -> [("text","Page "), ("page",""), ...] for CSS counters."""
    parts: list[tuple[str, str]] = []
    for piece in re.split(r"(%\(\w+\)s)", template):
        if match := re.fullmatch(r"%\((\w+)\)s", piece):
            parts.append((match.group(1), ""))
        elif piece:
            parts.append(("text", piece))
    return parts


def _common(job: DocumentJob, pack: Pack, country: CountryHelplines, tr: Translator,
            title: str) -> dict[str, Any]:
    _ = tr.gettext
    return {
        "_": _, "gettext": _, "ngettext": tr.ngettext,
        "lang": tr.lang, "dir": tr.direction, "title": title,
        "paper": job.paper, "country": country.country,
        "country_name": tr.locale.territories.get(country.country, country.country),
        "checked": format_day(country.checked, tr),
        "pack_version": pack.definition.version,
        "draft_translation": tr.status == "draft",
        "page_parts": split_placeholders(_("Page %(page)s of %(pages)s")),
    }


def render_document(env: Environment, job: DocumentJob, pack: Pack,
                    country: CountryHelplines, tr: Translator) -> Rendered:
    selection = select(country, pack.definition.show_caution_services)
    warnings = [f"{s.id} left out: {s.caution_reason}" for s in selection.left_out]
    views = [service_view(s, tr) for s in selection.services]
    title = tr.text("pack", pack.definition.title)
    context = _common(job, pack, country, tr, title)
    checks: list[BoxCheck] = []
    expected: int | None = None
    if job.product == "handout":
        context.update(
            subtitle=tr.text("pack", pack.definition.subtitle) if pack.definition.subtitle
            else "",
            modules=[module_view(m, tr) for m in pack.modules],
            emergency=[v for v in views if v.kind == "emergency"],
            urgent=[v for v in views if v.kind == "emergency"
                    or (v.kind == "crisis" and v.open_24_7)],
            directory=_directory(views, tr))
    elif job.product == "card-sheet":
        assert pack.card is not None
        crisis = card_lines(selection)
        if not crisis:
            warnings.append(f"{country.country} has no crisis line to print on the card")
        sheet = card_sheet(job.paper, job.duplex)
        card = pack.card
        context.update(
            sheet=sheet, card_w=CARD_W, card_h=CARD_H,
            emergency=[v for v in views if v.kind == "emergency"],
            crisis=[service_view(s, tr) for s in crisis],
            text={k: tr.text("card", v) for k, v in card.model_dump().items()
                  if isinstance(v, str)},
            reminders=[tr.text("card", r) for r in card.reminders])
        for side in ("front", "back"):
            for i in range(len(sheet.fronts)):
                checks.append(BoxCheck(f"{side}-{i}", f"{side}-{i}-end",
                                       f"card {side} (slot {i + 1})"))
        expected = 2
    else:
        raise ValueError(f"product {job.product!r} has no template yet")
    html = env.get_template(TEMPLATES[job.product]).render(context)
    return Rendered(html, STYLESHEETS[job.product], tuple(checks), expected, tuple(warnings))


def _directory(views: list[ServiceView], tr: Translator) -> list[tuple[str, list[ServiceView]]]:
    _ = tr.gettext
    sections = [
        (_("In an emergency"), [v for v in views if v.kind == "emergency"]),
        (_("Crisis lines"), [v for v in views if v.kind == "crisis"]),
        (_("Text and chat"), [v for v in views if v.kind in ("text", "chat")]),
        (_("Support for you and your family"), [v for v in views if v.kind == "support"]),
    ]
    return [(heading, items) for heading, items in sections if items]
