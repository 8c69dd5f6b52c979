"""Lay out one document of the shipped pack in the test process, as typeset_job would."""

from __future__ import annotations

from weasyprint import Document

from builder.model.project import Project
from builder.model.translations import Translator
from builder.plan.jobs import DocumentJob
from builder.plan.paper import paper_for
from builder.render.document import Rendered, render_document
from builder.render.templating import make_environment
from builder.typeset.fonts import cjk_forms, font_dirs, font_face_css
from builder.typeset.weasy import Typesetter


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


def lay_out(
    project: Project, country: str, tr: Translator, product: str = "handout"
) -> tuple[Rendered, Document, Typesetter]:
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
