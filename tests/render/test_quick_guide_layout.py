"""The quick guide as laid out (#19's visual review): in every shipped locale the checked date is
never split over two lines; the Japanese title breaks between phrases."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import accumulate

import pytest
from weasyprint.formatting_structure import boxes

from builder.model.project import Project, translator_for
from builder.render.wordbreak import phrases

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


def test_the_japanese_title_breaks_between_phrases(project: Project) -> None:
    """It broke inside a word, 早わか / りガイド; now after its colon, where a reader pauses."""
    rendered, document, _ = lay_out(project, "JP", translator_for(project, "ja"), "quick-guide")
    (side,) = blocks(document.pages[0]._page_box, "guide-side")
    (title,) = [box for box in side.children if getattr(box, "element_tag", None) == "h1"]
    printed = [text_of(line) for line in lines(title)]
    assert "".join(printed) == rendered.context["guide_title"]
    assert printed == ["大切な人が自分を傷つけるとき：", "早わかりガイド"]
    # Wherever a line ends, a phrase ends.
    phrase_ends = set(accumulate(len(p) for p in phrases(rendered.context["guide_title"])))
    assert set(accumulate(len(line) for line in printed)) <= phrase_ends
