"""The handout as a reader gets it: contents, numbered topics, boxes, type size, page breaks."""

from __future__ import annotations

import re

import pytest
from weasyprint.formatting_structure import boxes

from builder.model.project import Project
from builder.model.translations import source_translator
from builder.render.levels import levels
from builder.render.selection import select
from builder.typeset.layoutfaults import stranded_headings

from ..layout import lay_out_shared

PT = 96 / 72  # CSS px per point
# The English GB handout is test_handout_layout.py's too: run beside it, it is laid out once.
pytestmark = pytest.mark.lays_out.with_args(lambda handout: (handout, "en", "handout"))


@pytest.fixture(scope="module")
def project(shipped_project: Project) -> Project:
    return shipped_project


def layout(project: Project, country: str) -> tuple[str, object]:
    rendered, document, _ = lay_out_shared(project, country, source_translator())
    return rendered.html, document


@pytest.fixture(scope="module", params=["GB", "US"])
def handout(request: pytest.FixtureRequest, project: Project) -> tuple[str, object, str]:
    return (*layout(project, request.param), request.param)


def body_text_boxes(document: object) -> list[boxes.TextBox]:
    """Text of paragraphs and list items of the modules' own text.

    Footers, box labels and the help directory (service details and source dates) are left out.
    """
    found = []

    def walk(box: boxes.Box, in_module: bool, body: bool) -> None:
        cls = box.element.get("class", "") if getattr(box, "element", None) is not None else ""
        if isinstance(box, boxes.MarginBox) or "directory" in cls.split():
            return
        in_module = in_module or "module" in cls.split()
        tag = getattr(box, "element_tag", None)
        body = (body or tag in ("p", "li")) and "box-label" not in cls.split()
        if isinstance(box, boxes.TextBox) and in_module and body and box.text.strip():
            found.append(box)
        for child in getattr(box, "children", ()):
            walk(child, in_module, body)

    for page in document.pages:  # type: ignore[attr-defined]
        walk(page._page_box, False, False)
    return found


def test_body_text_is_12pt_or_larger_and_left_aligned(handout: tuple[str, object]) -> None:
    texts = body_text_boxes(handout[1])
    assert len(texts) > 200
    assert min(t.style["font_size"] for t in texts) >= 12 * PT - 0.01
    aligns = {t.style["text_align_all"] for t in texts}
    assert aligns <= {"start", "left"}


def test_no_heading_alone_at_the_bottom_of_a_page(handout: tuple[str, object]) -> None:
    assert stranded_headings(handout[1].pages) == []  # type: ignore[attr-defined]


def test_contents_lists_every_module_with_its_page(
    project: Project, handout: tuple[str, object]
) -> None:
    html = handout[0]
    pack = project.packs["partner-support"]
    links = re.findall(r'<a href="#m-([a-z0-9-]+)">', html)
    assert links == [m.id for m in pack.modules]
    numbers = re.findall(r'<span class="module-number">(\d+)</span>', html)
    assert numbers == [str(n) for n in range(1, 17)]  # sixteen topics numbered, closing not


def test_emergency_numbers_come_right_after_the_opening_paragraph(
    handout: tuple[str, object],
) -> None:
    html = handout[0]
    section = html[html.index('id="m-what-to-do-now"') :]
    section = section[: section.index("</section>")]
    first_paragraph = section.index("Find the row in the box below")
    box = section.index('class="urgent levels"')
    first_heading = section.index("<h3>")
    assert first_paragraph < box < first_heading


def test_key_points_and_actions_are_boxed(project: Project, handout: tuple[str, object]) -> None:
    html = handout[0]
    topics = [m for m in project.packs["partner-support"].modules if m.header.role != "closing"]
    assert html.count('<aside class="key-points">') == len(topics)
    assert html.count('<div class="action">') == len(topics)
    assert 'class="module module-closing"' in html


def test_three_levels_with_the_countrys_numbers_on_page_one(
    project: Project, handout: tuple[str, object, str]
) -> None:
    html, document, code = handout
    cover = html[html.index('id="urgent-cover"') :]
    cover = cover[: cover.index("</aside>")]
    rows = cover.split('<div class="level level-')[1:]
    assert len(rows) == 3
    country = project.helplines[code]
    chosen = levels(select(country, include_withheld=False))
    for row, services in zip(rows, (chosen.danger, chosen.urgent, chosen.talk), strict=True):
        assert services
        for service in services:
            assert service.dialled[0].dial is not None
            assert service.dialled[0].dial.display in row
    # The acceptance of issue 13, in the shipped data's own numbers.
    expected = {"GB": (">999<", ">111<", ">116 123<"), "US": (">911<", ">988<", ">741741<")}
    for row, number in zip(rows, expected[code], strict=True):
        assert number in row
    pages = document.pages  # type: ignore[attr-defined]
    assert "urgent-cover" in pages[0].anchors and "urgent-cover-end" in pages[0].anchors
    # The contents list is on page 1 too, and the emergency section starts before page 4.
    assert "m-what-to-do-now" in pages[1].anchors or "m-what-to-do-now" in pages[2].anchors
