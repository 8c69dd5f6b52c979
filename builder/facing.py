"""Typeset a bilingual edition (bilingual.py says how the pages are put together).

Four layouts: each language once to measure its sections, then once more with the blank pages
that align them and the page numbers of the edition. Each language's layout is checked like a
handout of its own (boxes whole, no empty page except the alignment pages, no heading alone).
"""

from __future__ import annotations

from dataclasses import replace

from .bilingual import Facing, interleave, locale_parts, pads_for, section_lengths, tag_languages
from .errors import ProblemList
from .fitting import Fitted
from .freshness import Dating
from .localecheck import translator_for
from .plan import DocumentJob
from .render import Rendered
from .typeset import TypesetError
from .typesetjob import Tools, fit_checked, layout_failed, render_checked


def _anchors(fitted: Fitted) -> list[list[str]]:
    return [list(page.anchors) for page in fitted.document.pages]


def typeset_facing(job: DocumentJob, tools: Tools, dating: Dating,
                   problems: ProblemList) -> bytes | None:
    """The handout in two languages on facing pages, or None (the problems say why)."""
    first, second = locale_parts(job.locale)
    translators = [translator_for(tools.project, locale) for locale in (first, second)]
    sides: list[Rendered] = []
    for locale, tr in zip((first, second), translators, strict=True):
        rendered = render_checked(replace(job, locale=locale), tools, tr, dating, problems)
        if rendered is None:
            return None
        sides.append(rendered)
    other = sides[1].context
    facings = [Facing("left", {}, 0, other_title=str(other["title"]),
                      other_subtitle=str(other["subtitle"]), other_lang=translators[1].lang,
                      other_dir=translators[1].direction),
               Facing("right", {}, 0)]
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
        blank = [i for i, names in enumerate(_anchors(fitted))
                 if any(name.startswith("pad-") for name in names)]
        if layout_failed(job, rendered.page, fitted, problems, tools.project, blank):
            return None
        final.append(fitted)
    left, right = final[0].document.pages, final[1].document.pages
    if len(left) != spreads + 1 or len(right) != spreads:
        problems.error(f"{job.label}: the two languages did not line up ({len(left) - 1} left "
                       f"pages, {len(right)} right pages after alignment)",
                       fix="this is a layout bug in the templates or CSS; please report it "
                           "with the command you ran")
        return None
    edition = final[0].document.copy(interleave(left[0], left[1:], right))
    langs = [translators[0].lang] + [tr.lang for _ in range(spreads) for tr in translators]
    try:
        pdf = tools.typesetter.write(edition, max(s.modified for s in sides),
                                     pdf_variant=sides[0].page.pdf_variant)
    except TypesetError as exc:
        problems.error(f"{job.label}: WeasyPrint: {exc}",
                       fix="a missing glyph needs a font that covers those characters")
        return None
    return tag_languages(pdf, langs)
