"""Running footers: text and page counter never touch, the date never splits over two lines,
and right-to-left pages are mirrored. Every shipped locale, so the longest translation is in."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from weasyprint.formatting_structure import boxes

from builder.model.project import Project, translator_for

from ..layout import lay_out_shared
from ..typeset.test_textlayer import COUNTRY, SHIPPED


@pytest.fixture(scope="module")
def project(shipped_project: Project) -> Project:
    return shipped_project


def lines(box: boxes.Box) -> Iterator[boxes.LineBox]:
    if isinstance(box, boxes.LineBox):
        yield box
    elif isinstance(box, boxes.ParentBox):
        for child in box.children:
            yield from lines(child)


def text_of(box: boxes.Box) -> str:
    if isinstance(box, boxes.TextBox):
        return str(box.text)
    if isinstance(box, boxes.ParentBox):
        return "".join(text_of(child) for child in box.children)
    return ""


def footer_lines(box: boxes.Box) -> Iterator[boxes.Box]:
    """The footer's parts (title, date, notices), each a block of its own."""
    element = getattr(box, "element", None)
    if element is not None and "footer-line" in (element.get("class") or "").split():
        yield box
    elif isinstance(box, boxes.ParentBox):
        for child in box.children:
            yield from footer_lines(child)


def ink(box: boxes.Box) -> tuple[float, float]:
    """Left and right of the text actually set in a margin box (not the box's own width)."""
    extents = [
        (line.position_x, line.position_x + line.width)
        for line in lines(box)
        if text_of(line).strip()
    ]
    return min(a for a, _ in extents), max(b for _, b in extents)


@pytest.mark.lays_out.with_args(
    lambda locale, product: (COUNTRY.get(locale, "GB"), locale, product)
)
@pytest.mark.parametrize("product", ["handout", "safety-plan"])
@pytest.mark.parametrize("locale", SHIPPED)
def test_footer_text_and_counter_never_touch(project: Project, locale: str, product: str) -> None:
    tr = translator_for(project, locale)
    rendered, document, _ = lay_out_shared(project, COUNTRY.get(locale, "GB"), tr, product)
    date = rendered.context["checked"]
    for page in document.pages:
        margins = {
            box.at_keyword: box
            for box in page._page_box.children
            if isinstance(box, boxes.MarginBox) and text_of(box).strip()
        }
        left, right = margins["@bottom-left"], margins["@bottom-right"]
        text, counter = (right, left) if tr.direction == "rtl" else (left, right)
        assert date.replace(" ", "\u00a0") in text_of(text) or date in text_of(text)
        # The page counter is at the end of the line's direction, the text at its start.
        if tr.direction == "rtl":
            assert ink(counter)[1] < ink(text)[0], (locale, product)
        else:
            assert ink(text)[1] < ink(counter)[0], (locale, product)
        # The date is on one line, never "22" at the end of one and the month on the next.
        assert any(date in text_of(line).replace("\u00a0", " ") for line in lines(text)), (
            locale,
            product,
            [text_of(line) for line in lines(text)],
        )
        # Every part of the footer is set on one line: a long translation never wraps the
        # draft notice or the date into a second line that runs under the page counter.
        parts = list(footer_lines(text))
        expected = 1 + (product == "handout") + rendered.context["draft_translation"]
        assert len(parts) == expected, (locale, product)
        wrapped = [text_of(part) for part in parts if len(list(lines(part))) != 1]
        assert wrapped == [], (locale, product)
