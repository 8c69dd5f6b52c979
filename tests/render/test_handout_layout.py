"""The handout's page layout in the languages the visual review of #19 found broken: no heading
(or paragraph set as one) is left alone at the bottom of a page. Each locale is laid out for a
country that speaks it, once."""

from __future__ import annotations

import pytest
from weasyprint import Document

from builder.model.project import Project, translator_for
from builder.typeset.layoutfaults import stranded_headings

from ..layout import lay_out

# Contents titles that wrapped under their number (da, nb, sv, sw, uk, pt_PT, ru); labels left
# alone at a page's foot (id, vi, el); and the right-to-left and long-page references.
COUNTRY = {
    "da": "DK",
    "nb": "NO",
    "sv": "SE",
    "sw": "TZ",
    "uk": "UA",
    "pt_PT": "PT",
    "ru": "RU",
    "id": "ID",
    "vi": "VN",
    "el": "GR",
    "en": "GB",
    "ar": "EG",
    "fa": "IR",
}


@pytest.fixture(scope="module")
def project(shipped_project: Project) -> Project:
    return shipped_project


@pytest.fixture(scope="module", params=sorted(COUNTRY))
def handout(request: pytest.FixtureRequest, project: Project) -> tuple[str, str, Document]:
    locale = request.param
    tr = translator_for(project, locale)
    _, document, _ = lay_out(project, COUNTRY[locale], tr)
    return locale, tr.direction, document


def test_no_heading_or_label_alone_at_a_page_foot(handout: tuple[str, str, Document]) -> None:
    locale, _, document = handout
    assert stranded_headings(document.pages) == [], locale
