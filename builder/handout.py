"""The handout: every module, a call-now box, key points, and the country's help directory."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from .content import Block, Module, render_inline
from .render import DocumentInputs, ProductPage
from .translations import Translator
from .typeset import BoxCheck
from .views import ServiceView


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


def _inline(text: str) -> Markup:
    return Markup(render_inline(text))  # markdown-it with raw HTML disabled: safe


def module_view(module: Module, tr: Translator, number: int | None = None) -> ModuleView:
    def t(text: str) -> str:
        return tr.text(module.id, text)

    def block(b: Block) -> BlockView:
        return BlockView(b.kind, b.level, tuple(_inline(t(x)) for x in b.texts))

    h = module.header
    return ModuleView(
        id=module.id, title=t(h.title), blocks=tuple(block(b) for b in module.blocks),
        action=_inline(t(h.action)) if h.action else None,
        key_points=tuple(_inline(t(k)) for k in h.key_points), attach=h.attach, role=h.role,
        number=number)


def module_views(modules: tuple[Module, ...], tr: Translator) -> list[ModuleView]:
    """Topics are numbered for the contents list; the closing page is not a topic."""
    views, number = [], 0
    for module in modules:
        numbered = module.header.role != "closing"
        number += numbered
        views.append(module_view(module, tr, number if numbered else None))
    return views


def directory(views: tuple[ServiceView, ...],
              tr: Translator) -> list[tuple[str, list[ServiceView]]]:
    _ = tr.gettext
    sections = [
        (_("In an emergency"), [v for v in views if v.kind == "emergency"]),
        (_("Crisis lines"), [v for v in views if v.kind == "crisis"]),
        (_("Text and chat"), [v for v in views if v.kind in ("text", "chat")]),
        (_("Support for you and your family"), [v for v in views if v.kind == "support"]),
    ]
    return [(heading, items) for heading, items in sections if items]


def urgent_checks(modules: list[ModuleView]) -> list[BoxCheck]:
    """The "call now" boxes must each stay whole on one page."""
    ids = ["urgent-cover"] + [f"urgent-{m.id}" for m in modules if m.attach == "emergency-box"]
    return [BoxCheck(i, f"{i}-end", f'the "call now" box ({i})') for i in ids]


def handout_page(inputs: DocumentInputs) -> ProductPage:
    tr, pack, views = inputs.tr, inputs.pack, inputs.views
    subtitle, intro = pack.definition.subtitle, pack.definition.intro
    modules = module_views(pack.modules, tr)
    return ProductPage(
        template="handout.html",
        stylesheets=("base.css", "handout.css"),
        context={
            "subtitle": tr.text("pack", subtitle) if subtitle else "",
            "intro": tr.text("pack", intro) if intro else "",
            "modules": modules,
            "urgent": [v for v in views if v.kind == "emergency"
                       or (v.kind == "crisis" and v.open_24_7)],
            "directory": directory(views, tr),
        },
        checks=urgent_checks(modules), flowing=True, pdf_variant="pdf/ua-1")
