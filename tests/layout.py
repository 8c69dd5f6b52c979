"""Lay out one document of the shipped pack in the test process, as typeset_job would."""

from __future__ import annotations

from typing import TypeAlias

from weasyprint import Document

from builder.model.project import Project
from builder.model.translations import Translator
from builder.plan.jobs import DocumentJob
from builder.plan.paper import paper_for
from builder.render.document import Rendered, render_document
from builder.render.templating import make_environment
from builder.typeset.fonts import cjk_forms, font_dirs, font_face_css
from builder.typeset.weasy import Typesetter

# What lay_out returns: the rendered document, its layout, the typesetter that can write it.
LaidOut: TypeAlias = tuple[Rendered, Document, Typesetter]


def render(project: Project, country: str, tr: Translator, product: str) -> Rendered:
    """The rendered HTML of one document of the shipped pack (no layout)."""
    job = DocumentJob("partner-support", country, tr.code, product, paper_for(country))
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
