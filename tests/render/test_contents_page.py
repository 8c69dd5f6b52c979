"""Page 1 of every shipped locale's handout holds the whole contents list (#19): in the
longest translations (pt_PT, ru) it used to slip to page 2, leaving the reader a cover with
no way into the leaflet. Each handout is laid out once in the test process, shared with the
other tests of the same document (the footers' handouts for GB, `lays_out`), and checked and
written as a build would."""

from __future__ import annotations

import unicodedata

import pytest
from weasyprint import Page
from weasyprint.formatting_structure import boxes

from builder.model.project import Project, translator_for

from ..layout import build_problems, lay_out_shared, write_shared
from ..typeset.test_textlayer import SHIPPED

# One country for every language: its cover box (three levels, three services) is among the
# fullest, so what fits here fits with a shorter one.
COUNTRY = "GB"
pytestmark = pytest.mark.lays_out.with_args(lambda locale: (COUNTRY, locale, "handout"))


@pytest.fixture(scope="module")
def project(shipped_project: Project) -> Project:
    return shipped_project


def flat(text: str) -> str:
    """Letters and digits only, NFD without marks: line breaks, leader dots, bidi controls,
    hyphens at line ends and the order of an Arabic vowel mark do not count."""
    return "".join(
        c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c)[0] in "LN"
    )


def printed(box: boxes.Box, page: Page) -> str:
    """The text set on the page, in its order: text placed off the page (below its foot, as
    pdftotext would leave it out) does not count."""
    if isinstance(box, boxes.TextBox):
        down, across = box.position_y, box.position_x
        inside = 0 <= down <= down + box.height <= page.height + 0.5
        inside = inside and -box.width <= across <= page.width
        return str(box.text) if inside else ""
    if isinstance(box, boxes.ParentBox):
        return "".join(printed(child, page) for child in box.children)
    return ""


@pytest.mark.parametrize("locale", SHIPPED)
def test_page_one_holds_the_whole_contents_list(project: Project, locale: str) -> None:
    rendered, document, _ = lay_out_shared(project, COUNTRY, translator_for(project, locale))
    context = rendered.context
    heading = context["_"]("In this leaflet")
    first, second = (flat(printed(page._page_box, page)) for page in document.pages[:2])
    assert flat(heading) in first and flat(heading) not in second, locale
    missing = [m.title for m in context["modules"] if flat(m.title) not in first]
    assert missing == [], locale


@pytest.mark.parametrize("locale", SHIPPED)
def test_the_handout_builds_in_every_locale(project: Project, locale: str) -> None:
    """What building GB's handout in every locale checks (the layout's checks, and writing it
    without a WeasyPrint warning), on the same layout."""
    tr = translator_for(project, locale)
    assert build_problems(project, COUNTRY, tr) == [], locale
    assert write_shared(project, COUNTRY, tr).startswith(b"%PDF-")
