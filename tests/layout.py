"""Lay out one document of the shipped pack in the test process, as typeset_job would."""

from __future__ import annotations

from typing import TypeAlias

from weasyprint import Document

from builder.base.errors import ProblemList
from builder.model.project import Project
from builder.model.translations import Translator
from builder.plan.jobs import DocumentJob
from builder.plan.paper import paper_for
from builder.render.boxspec import printed_text
from builder.render.document import Rendered, render_document
from builder.render.templating import make_environment
from builder.typeset.fitting import Fitted
from builder.typeset.fonts import cjk_forms, font_dirs, font_face_css, missing_characters
from builder.typeset.job import Tools, layout_failed
from builder.typeset.layoutfaults import find_overflow
from builder.typeset.weasy import Typesetter

# What lay_out returns: the rendered document, its layout, the typesetter that can write it.
LaidOut: TypeAlias = tuple[Rendered, Document, Typesetter]


def job_for(country: str, tr: Translator, product: str) -> DocumentJob:
    return DocumentJob("partner-support", country, tr.code, product, paper_for(country))


def render(project: Project, country: str, tr: Translator, product: str) -> Rendered:
    """The rendered HTML of one document of the shipped pack (no layout)."""
    job = job_for(country, tr, product)
    return render_document(
        make_environment([project.templates]),
        job,
        project.packs["partner-support"],
        project.helplines[country],
        tr,
    )


def lay_out(project: Project, country: str, tr: Translator, product: str = "handout") -> LaidOut:
    """The rendered document, its layout (no WeasyPrint warning allowed) and the typesetter
    that can write it."""
    rendered = render(project, country, tr, product)
    typesetter = Typesetter([project.templates, *font_dirs()])
    fonts = font_face_css(cjk_forms(tr.lang, country))
    sheets = [typesetter.stylesheet("fonts", fonts, project.css)]
    sheets += [
        typesetter.stylesheet(n, (project.css / n).read_text(), project.css)
        for n in rendered.stylesheets
    ]
    document, log = typesetter.layout(rendered.html, project.templates, sheets)
    assert log == []
    return rendered, document, typesetter


# The last layout made by lay_out_shared, by what it laid out. One document at a time: a
# laid-out handout holds its whole box tree.
_LAST: dict[tuple[str, str, str, str], LaidOut] = {}


def lay_out_shared(
    project: Project, country: str, tr: Translator, product: str = "handout"
) -> LaidOut:
    """lay_out, kept for the next test that lays out the same document in this process.

    A test that only reads the layout (or writes it) may use it; conftest runs the tests that
    lay out the same documents back to back (their `lays_out` marks), so each layout is made
    once."""
    key = (str(project.root), country, tr.code, product)
    if key not in _LAST:
        _LAST.clear()
        _LAST[key] = lay_out(project, country, tr, product)
    return _LAST[key]


# The PDF of the last layout lay_out_shared made, by what it laid out.
_WRITTEN: dict[tuple[str, str, str, str], bytes] = {}


def write_shared(project: Project, country: str, tr: Translator, product: str = "handout") -> bytes:
    """lay_out_shared's document written as the pipeline writes it (dated by its inputs, in its
    PDF variant; WeasyPrint's warnings while drawing fail it), once for the tests beside it."""
    key = (str(project.root), country, tr.code, product)
    if key not in _WRITTEN:
        rendered, document, typesetter = lay_out_shared(project, country, tr, product)
        _WRITTEN.clear()
        _WRITTEN[key] = typesetter.write(
            document, rendered.modified, pdf_variant=rendered.page.pdf_variant
        )
    return _WRITTEN[key]


def build_problems(
    project: Project, country: str, tr: Translator, product: str = "handout"
) -> list[str]:
    """What a build (typeset_job) would report against lay_out_shared's document: characters
    no font covers, then every check of the laid-out pages (boxes that must stay whole, a
    heading alone at a page's foot, empty pages, page counts). A document that fits in one
    layout, as every shipped handout and safety plan does (no font size is searched for)."""
    rendered, document, typesetter = lay_out_shared(project, country, tr, product)
    missing = missing_characters(printed_text(rendered.html))
    page = rendered.page
    fitted = Fitted(document, [], dict(page.font_pt), find_overflow(document.pages, page.checks))
    problems = ProblemList()
    tools = Tools(project, None, typesetter, make_environment([project.templates]))
    layout_failed(job_for(country, tr, product), page, fitted, problems, tools)
    return [f"no font covers {missing}"] * bool(missing) + [p.render() for p in problems.errors]
