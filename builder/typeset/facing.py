"""Bilingual editions: the handout in two languages on facing pages (`--locale es+en`, or
`--with en`).

Each language is typeset as its own handout, so each keeps its own direction, fonts, footer,
draft notice and checks; the pages are then put together: page 1 a title page in both
languages, then spreads, the first language on the left page and the second on the right.
Every section (the cover, each module) starts on a new spread: a first layout of each language
measures how many pages each section takes, and the shorter side of a section gets blank pages
so both sides stay aligned. The second layout numbers pages as they will be in the edition
(left pages even, right pages odd; the contents list and footers follow), then its pages are
interleaved. WeasyPrint tags only the whole document with one language, so every structure
element of the written PDF gets the /Lang of the page it is on.

Four layouts: each language once to measure its sections, then once more with the blank pages
that align them and the page numbers of the edition. Each language's layout is checked like a
handout of its own (boxes whole, no empty page except the alignment pages, no heading alone).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, TextStringObject

from builder.base.errors import ProblemList
from builder.model.freshness import Dating
from builder.model.project import translator_for
from builder.plan.jobs import DocumentJob
from builder.plan.pairs import CARD_PRODUCTS, is_pair, locale_parts
from builder.render.document import Rendered
from builder.typeset.fitting import Fitted
from builder.typeset.job import Tools, fit_checked, layout_failed, render_checked, typeset_job
from builder.typeset.paircard import typeset_card_pair
from builder.typeset.weasy import TypesetError


@dataclass(frozen=True)
class Facing:
    """What one side's handout needs to be laid out as half of a facing-pages edition."""

    side: str  # "left" (first language, with the title page) or "right"
    pads: dict[str, int]  # blank pages after each section ("cover" or a module id)
    total: int  # pages in the edition; 0 on the measuring layout
    other_title: str = ""  # the title page's second title (left side only)
    other_subtitle: str = ""
    other_lang: str = ""
    other_dir: str = "ltr"

    @property
    def numbered(self) -> bool:
        return self.total > 0


def section_starts(anchors: Sequence[Sequence[str]], sections: Sequence[str]) -> list[int]:
    """The page index where each section starts, from each page's anchor names ("m-<id>" for
    a module; the cover starts at the first page after the title page, if any)."""
    starts = []
    for section in sections:
        if section == "cover":
            starts.append(next(i for i, names in enumerate(anchors) if "cover" in names))
            continue
        starts.append(next(i for i, names in enumerate(anchors) if f"m-{section}" in names))
    return starts


def section_lengths(anchors: Sequence[Sequence[str]], sections: Sequence[str]) -> list[int]:
    starts = section_starts(anchors, sections)
    ends = [*starts[1:], len(anchors)]
    return [end - start for start, end in zip(starts, ends, strict=True)]


def pads_for(left: list[int], right: list[int]) -> tuple[list[int], list[int]]:
    """Blank pages each side needs after each section for both to take as many pages."""
    wide = [max(a, b) for a, b in zip(left, right, strict=True)]
    return [w - a for w, a in zip(wide, left, strict=True)], [
        w - b for w, b in zip(wide, right, strict=True)
    ]


def interleave(title: object, left: Sequence[object], right: Sequence[object]) -> list[object]:
    """The edition's pages: the title page, then each spread, left then right."""
    if len(left) != len(right):
        raise ValueError(f"{len(left)} left pages but {len(right)} right pages")
    pages = [title]
    for pair in zip(left, right, strict=True):
        pages.extend(pair)
    return pages


def tag_languages(pdf: bytes, page_langs: Sequence[str]) -> bytes:
    """Give every structure element the /Lang of the page it sits on (WeasyPrint writes only
    the document's), so a screen reader switches voice at each page of the other language.

    A block that already says its language (an element with a lang attribute of its own, such
    as the title page's second title, tagged in weasy.py) keeps it, and so does everything in
    it: its descendants inherit that /Lang, so they are not given the page's."""
    reader = PdfReader(io.BytesIO(pdf))
    writer = PdfWriter(clone_from=reader)
    lang_of = {
        page.indirect_reference.idnum: lang  # type: ignore[union-attr]
        for page, lang in zip(writer.pages, page_langs, strict=True)
    }
    root = writer.root_object
    if "/StructTreeRoot" not in root:
        raise ValueError("the edition has no tagged structure to mark with languages")
    stack: list[Any] = [root["/StructTreeRoot"]]
    while stack:
        node: Any = stack.pop()
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, list):
            stack.extend(node)
            continue
        if not isinstance(node, dict):
            continue
        if "/Lang" in node:
            continue  # a block in its own language, and all it holds
        page = node.get("/Pg")
        if page is not None and page.idnum in lang_of:
            node[NameObject("/Lang")] = TextStringObject(lang_of[page.idnum])
        if "/K" in node:
            stack.append(node["/K"])
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _anchors(fitted: Fitted) -> list[list[str]]:
    return [list(page.anchors) for page in fitted.document.pages]


def typeset_facing(
    job: DocumentJob, tools: Tools, dating: Dating, problems: ProblemList
) -> bytes | None:
    """The handout in two languages on facing pages, or None (the problems say why)."""
    first, second = locale_parts(job.locale)
    translators = [translator_for(tools.project, locale) for locale in (first, second)]
    sides: list[Rendered] = []
    for locale, tr in zip((first, second), translators, strict=True):
        rendered = render_checked(
            replace(job, locale=locale), tools, tr, dating, problems, label=job.label
        )
        if rendered is None:
            return None
        sides.append(rendered)
    other = sides[1].context
    facings = [
        Facing(
            "left",
            {},
            0,
            other_title=str(other["title"]),
            other_subtitle=str(other["subtitle"]),
            other_lang=translators[1].lang,
            other_dir=translators[1].direction,
        ),
        Facing("right", {}, 0),
    ]
    sections = ["cover", *(m.id for m in tools.project.packs[job.pack].modules)]
    measured = []
    for rendered, facing in zip(sides, facings, strict=True):
        fitted = fit_checked(job, tools, rendered.with_context(facing=facing), problems)
        if fitted is None:
            return None
        measured.append(section_lengths(_anchors(fitted), sections))
    pads = pads_for(*measured)
    spreads = sum(max(a, b) for a, b in zip(*measured, strict=True))
    final: list[Fitted] = []
    for rendered, facing, pad in zip(sides, facings, pads, strict=True):
        side = replace(facing, pads=dict(zip(sections, pad, strict=True)), total=1 + 2 * spreads)
        fitted = fit_checked(job, tools, rendered.with_context(facing=side), problems)
        if fitted is None:
            return None
        blank = [
            i
            for i, names in enumerate(_anchors(fitted))
            if any(name.startswith("pad-") for name in names)
        ]
        if layout_failed(job, rendered.page, fitted, problems, tools, blank, rendered.html):
            return None
        final.append(fitted)
    left, right = final[0].document.pages, final[1].document.pages
    if len(left) != spreads + 1 or len(right) != spreads:
        problems.error(
            "CP6111",
            f"{job.label}: the two languages did not line up ({len(left) - 1} left "
            f"pages, {len(right)} right pages after alignment)",
            fix="this is a layout bug in the templates or CSS; please report it "
            "with the command you ran",
        )
        return None
    edition = final[0].document.copy(interleave(left[0], left[1:], right))
    langs = [translators[0].lang] + [tr.lang for _ in range(spreads) for tr in translators]
    try:
        pdf = tools.typesetter.write(
            edition, max(s.modified for s in sides), pdf_variant=sides[0].page.pdf_variant
        )
    except TypesetError as exc:
        problems.error(
            "CP6105",
            f"{job.label}: WeasyPrint: {exc}",
            fix="a missing glyph needs a font that covers those characters",
        )
        return None
    return tag_languages(pdf, langs)


def typeset_document(
    job: DocumentJob, tools: Tools, dating: Dating, problems: ProblemList
) -> bytes | None:
    """Any planned document: a bilingual edition for a language pair (facing pages, or both
    languages on each card face), else typeset_job."""
    if is_pair(job.locale) and job.product in CARD_PRODUCTS:
        return typeset_card_pair(job, tools, dating, problems)
    if is_pair(job.locale):
        return typeset_facing(job, tools, dating, problems)
    return typeset_job(job, tools, dating, problems)
