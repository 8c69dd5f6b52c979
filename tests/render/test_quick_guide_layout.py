"""The quick guide as laid out in every shipped locale (#19's visual review): the checked date
is never split over two lines."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from weasyprint.formatting_structure import boxes

from builder.model.project import Project, translator_for

from ..layout import lay_out
from ..typeset.test_textlayer import COUNTRY, SHIPPED
from .test_footers import lines, text_of


@pytest.fixture(scope="module")
def project(shipped_project: Project) -> Project:
    return shipped_project


def blocks(box: boxes.Box, name: str) -> Iterator[boxes.Box]:
    """The block boxes of class `name` (the sides are absolutely placed: unwrapped)."""
    box = getattr(box, "_box", box)
    element = getattr(box, "element", None)
    if (
        isinstance(box, boxes.BlockBox)
        and element is not None
        and name in (element.get("class") or "").split()
    ):
        yield box
    elif isinstance(box, boxes.ParentBox):
        for child in box.children:
            yield from blocks(child, name)


@pytest.mark.parametrize("locale", SHIPPED)
def test_the_checked_date_is_on_one_line(project: Project, locale: str) -> None:
    """Front and back: never "22 november" at the end of one line and "2026" alone on the
    next (vi, sv, nb did), nor a Japanese date broken after its year."""
    rendered, document, _ = lay_out(
        project, COUNTRY.get(locale, "GB"), translator_for(project, locale), "quick-guide"
    )
    date = rendered.context["checked"]
    dated = [b for page in document.pages for b in blocks(page._page_box, "guide-checked")]
    dated += [b for page in document.pages for b in blocks(page._page_box, "guide-footer")]
    assert len(dated) == 2, locale
    for block in dated:
        printed = [text_of(line) for line in lines(block)]
        assert any(date in line for line in printed), (locale, printed)
