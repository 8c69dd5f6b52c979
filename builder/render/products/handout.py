"""The handout: every module, a call-now box, key points, and the country's help directory."""

from __future__ import annotations

from dataclasses import dataclass, replace

from markupsafe import Markup

from builder.model.content import Block, Module, render_inline
from builder.model.translations import Translator
from builder.render.boxspec import BoxCheck
from builder.render.levels import ABUSE_KINDS, CARERS_KINDS, Levels, levels, of_kinds
from builder.render.page import DocumentInputs, ProductPage
from builder.render.qr import QrImage, qr_image
from builder.render.selection import Selection
from builder.render.views import (
    ServiceView,
    bare,
    first_number_only,
    format_day,
    names,
    page_date,
    publisher,
    source_text,
)


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
    number: int | None = None
    box_title: str = ""
    box: tuple[Markup, ...] = ()


def _inline(text: str) -> Markup:
    return Markup(render_inline(text))  # markdown-it with raw HTML disabled: safe


def module_view(module: Module, tr: Translator, number: int | None = None) -> ModuleView:
    def t(text: str) -> str:
        return tr.text(module.id, text)

    def block(b: Block) -> BlockView:
        return BlockView(b.kind, b.level, tuple(_inline(t(x)) for x in b.texts))

    h = module.header
    return ModuleView(
        id=module.id,
        title=t(h.title),
        blocks=tuple(block(b) for b in module.blocks),
        action=_inline(t(h.action)) if h.action else None,
        key_points=tuple(_inline(t(k)) for k in h.key_points),
        attach=h.attach,
        role=h.role,
        number=number,
        box_title=t(h.box_title) if h.box_title else "",
        box=tuple(_inline(t(p)) for p in h.box),
    )


def module_views(modules: tuple[Module, ...], tr: Translator) -> list[ModuleView]:
    """Topics are numbered for the contents list; the closing page is not a topic."""
    views, number = [], 0
    for module in modules:
        numbered = module.header.role != "closing"
        number += numbered
        views.append(module_view(module, tr, number if numbered else None))
    return views


SECTION_OF = {
    "emergency": 0,
    "urgent": 1,
    "crisis": 2,
    "text": 3,
    "chat": 3,
    "support": 4,
    "carers": 5,
    "abuse": 6,
}


@dataclass(frozen=True)
class SourceNote:
    """One numbered note at the end of the help page: who published the page, its own date,
    when it was last compared with the data, and its address."""

    number: int
    publisher: str
    page_date: str
    checked: str
    url: str
    url_text: str


def directory(
    inputs: DocumentInputs,
) -> tuple[list[tuple[str, list[ServiceView]]], list[SourceNote]]:
    """Sections in print order (a group sits in the section of its first member), and the
    sources as numbered notes: an entry names its note, never an address."""
    _ = inputs.tr.gettext
    headings = [
        _("In an emergency"),
        _("Urgent mental-health help"),
        _("Crisis lines"),
        _("Text and chat"),
        _("Support for you and your family"),
        _("For families and carers"),
        _("Domestic abuse"),
    ]
    sections: list[tuple[str, list[ServiceView]]] = []
    group_section: dict[str, int] = {}
    notes: dict[str, SourceNote] = {}
    for service in inputs.selection.services:
        index = group_section.get(service.group, SECTION_OF[service.kind])
        if service.group:
            group_section.setdefault(service.group, index)
        if not sections or sections[-1][0] != headings[index]:
            sections.append((headings[index], []))
        url = service.source_url
        if url not in notes:
            oldest = min(s.checked for s in inputs.selection.services if s.source_url == url)
            notes[url] = SourceNote(
                len(notes) + 1,
                publisher(url),
                page_date(service.source_date, inputs.tr),
                format_day(oldest, inputs.tr),
                url,
                source_text(url),
            )
        sections[-1][1].append(replace(inputs.view(service), source_number=notes[url].number))
    if not any(s.kind == "carers" for s in inputs.selection.services):
        # The help page always answers "is there help for me as a family member?": where the
        # data has no carers' line, an empty group says so and where to ask instead.
        sections.append((headings[SECTION_OF["carers"]], []))
    return sections, list(notes.values())


def main_crisis_qr(selection: Selection, tr: Translator, country: str = "") -> QrImage | None:
    """A QR code to the first crisis line (in print order) whose data gives a website."""
    for service in selection.services:
        if service.kind == "crisis" and service.website:
            name = names(service, tr, country)[0]
            names_ = {"name": name, "url": bare(service.website)}
            return qr_image(
                service.website,
                alt=tr.gettext("QR code linking to %(url)s, the website of %(name)s") % names_,
                caption=tr.gettext("Scan to open the website of %(name)s: %(url)s") % names_,
            )
    return None


@dataclass(frozen=True)
class LevelView:
    number: int
    title: str
    when: str
    do: str
    services: tuple[ServiceView, ...]


@dataclass(frozen=True)
class LevelsView:
    heading: str
    rows: tuple[LevelView, ...]
    not_sure: str


def levels_view(inputs: DocumentInputs, chosen: Levels) -> LevelsView | None:
    """The three rows as printed, in the reader's language; None for a pack without
    levels.toml (it keeps the single "Call now" box)."""
    text = inputs.pack.levels
    if text is None:
        return None

    def t(message: str) -> str:
        return inputs.tr.text("levels", message)

    urgent = inputs.views(chosen.urgent)
    if not chosen.urgent:
        # "... If you cannot reach them, call the emergency number": the row names it, so
        # no level is printed without a number (IT, NP, IR, RU), as on the card.
        urgent_do = text.urgent_do_none
        urgent = tuple(first_number_only(v) for v in inputs.views(chosen.danger[:1]))
    else:
        urgent_do = text.urgent_do_crisis if chosen.urgent_is_crisis_line else text.urgent_do
    rows = (
        LevelView(
            1,
            t(text.danger_title),
            t(text.danger_when),
            t(text.danger_do),
            inputs.views(chosen.danger),
        ),
        LevelView(2, t(text.urgent_title), t(text.urgent_when), t(urgent_do), urgent),
        LevelView(
            3,
            t(text.talk_title),
            t(text.talk_when),
            t(text.talk_do if chosen.talk else text.talk_none),
            inputs.views(chosen.talk),
        ),
    )
    return LevelsView(t(text.heading), rows, t(text.not_sure))


@dataclass(frozen=True)
class KindLines:
    """A country's services of one kind for a module's box, or where to ask when it has none."""

    services: tuple[ServiceView, ...]
    none_text: str


def kind_lines(inputs: DocumentInputs, kinds: tuple[str, ...], none_text: str) -> KindLines:
    """Never a promise the help page cannot keep: no service of the kind, no service named."""
    services = of_kinds(inputs.selection, kinds)
    shown = inputs.tr.text("levels", none_text) if none_text and not services else ""
    return KindLines(inputs.views(services), shown)


def urgent_checks(modules: list[ModuleView]) -> list[BoxCheck]:
    """The "call now" boxes must each stay whole on one page."""
    ids = ["urgent-cover"] + [f"urgent-{m.id}" for m in modules if m.attach == "emergency-box"]
    return [BoxCheck(i, f"{i}-end", f'the "call now" box ({i})') for i in ids]


def handout_page(inputs: DocumentInputs) -> ProductPage:
    tr, pack = inputs.tr, inputs.pack
    subtitle, intro = pack.definition.subtitle, pack.definition.intro
    modules = module_views(pack.modules, tr)
    sections, sources = directory(inputs)
    urgent = tuple(
        s
        for s in inputs.card_selection.services
        if s.kind == "emergency" or (s.kind in ("urgent", "crisis") and s.open_24_7)
    )
    chosen = levels(inputs.card_selection)
    return ProductPage(
        template="handout.html",
        stylesheets=("base.css", "handout.css"),
        context={
            "subtitle": tr.text("pack", subtitle) if subtitle else "",
            "intro": tr.text("pack", intro) if intro else "",
            "modules": modules,
            "urgent": inputs.views(urgent),
            "levels": levels_view(inputs, chosen),
            "carers": kind_lines(
                inputs, CARERS_KINDS, pack.levels.carers_none if pack.levels else ""
            ),
            "abuse": kind_lines(inputs, ABUSE_KINDS, pack.levels.abuse_none if pack.levels else ""),
            "directory": sections,
            "sources": sources,
            "qr": main_crisis_qr(inputs.card_selection, tr, inputs.country.country),
            "report_to": pack.definition.helplines.report_to,
            "booklet": False,  # booklet.py: notes pages and a back cover after the modules
            "facing": None,  # facing.py: one side of a bilingual edition
        },
        printed=inputs.selection.services,
        checks=urgent_checks(modules),
        flowing=True,
        pdf_variant="pdf/ua-1",
    )
