"""Reading grade of what the build generates: the handout's help page and the wallet card.

The modules are scored from their source (readability.py), but the help page is assembled from
helpline data and interface strings, and the review found it the hardest text in the leaflet.
It is scored as printed: the English handout and card are rendered to HTML (Jinja only, no
typesetting) for every country, and the text of the help page and of both card faces is graded.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from builder.model.packs import Pack
from builder.model.project import Project
from builder.model.translations import source_translator
from builder.plan.jobs import DocumentJob
from builder.plan.paper import paper_for
from builder.render.document import render_document
from builder.render.templating import make_environment
from builder.validate.readability import WARN_ABOVE, grade

_TAGS = re.compile(r"<[^>]+>")
_BLOCK_END = re.compile(r"</(p|li|h[1-6]|div|figcaption)>")
# Source addresses and dates are read, not parsed as prose: they would count as long words.
_NOT_PROSE = re.compile(r"https?://\S+|\b[\w.-]+\.(org|com|uk|gov|net|nhs\.uk)\S*")


@dataclass(frozen=True)
class PageScore:
    page: str  # "help page" or "card"
    country: str
    grade: float
    words: int


def page_text(markup: str) -> str:
    """Each block of the HTML as a sentence of its own, tags and web addresses removed."""
    marked = _BLOCK_END.sub("\n", markup)
    text = _NOT_PROSE.sub(" ", html.unescape(_TAGS.sub(" ", marked)))
    blocks = [" ".join(b.split()) for b in text.split("\n")]
    return " ".join(
        b if b.endswith((".", "!", "?", ":", '"')) else b + "."
        for b in blocks
        if re.search(r"[A-Za-z]{2}", b)
    )


def _help_section(markup: str) -> str:
    start = markup.find('<div class="directory">')
    if start < 0:
        return ""
    end = markup.find("</section>", start)
    section_start = markup.rfind("<section", 0, start)
    return markup[section_start:end]


def _card_faces(markup: str) -> str:
    return " ".join(re.findall(r'<div class="card-face.*?(?=<span id="[^"]+-end")', markup, re.S))


def score_pages(project: Project, pack: Pack) -> list[PageScore]:
    """The English help page and card of every country the pack can be built for."""
    products = set(pack.definition.products)
    env = make_environment([project.templates])
    tr = source_translator(pack.definition.source_locale)
    scores = []
    for code, country in sorted(project.helplines.items()):
        for product, page, cut in (
            ("handout", "help page", _help_section),
            ("card", "card", _card_faces),
        ):
            if product not in products:
                continue
            job = DocumentJob(pack.id, code, tr.code, product, paper_for(code))
            text = page_text(cut(render_document(env, job, pack, country, tr).html))
            if text:
                scores.append(PageScore(page, code, grade(text), len(text.split())))
    return scores


def format_page_report(scores: list[PageScore]) -> list[str]:
    """The hardest country per page, and every country above the target."""
    lines = []
    for page in ("help page", "card"):
        found = [s for s in scores if s.page == page]
        if not found:
            continue
        worst = max(found, key=lambda s: s.grade)
        flag = "  (above 8)" if worst.grade > WARN_ABOVE else ""
        lines.append(
            f"{page + ' (hardest: ' + worst.country + ')':<34} {worst.grade:5.1f}  "
            f"{worst.words:5d}  of {len(found)} countries{flag}"
        )
        lines += [
            f"  {page} {s.country}: grade {s.grade:.1f}, above 8"
            for s in found
            if s.grade > WARN_ABOVE and s is not worst
        ]
    return lines
