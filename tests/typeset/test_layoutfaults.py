"""Reading a layout for lost text, empty pages and headings left alone."""

from pathlib import Path

import pytest

from builder.render.boxspec import BoxCheck
from builder.typeset.fonts import font_dirs, font_face_css
from builder.typeset.layoutfaults import (
    LayoutBug,
    find_overflow,
    overlapping_text,
    page_faults,
    stranded_headings,
    text_off_the_page,
)
from builder.typeset.weasy import Typesetter


@pytest.fixture(scope="module")
def typesetter(tmp_path_factory: pytest.TempPathFactory) -> Typesetter:
    return Typesetter([tmp_path_factory.mktemp("assets"), *font_dirs()])


def fonts(typesetter: Typesetter, base: Path) -> list[object]:
    return [typesetter.stylesheet("fonts", font_face_css(), base)]


BOX = (
    '<div id="box" style="width: 30mm; height: 8mm; overflow: hidden">{text}'
    '<span id="end" style="display: block"></span></div>'
)


def test_overflow_detected_only_when_text_is_clipped(
    typesetter: Typesetter, tmp_path: Path
) -> None:
    check = [BoxCheck("box", "end", "the box")]
    short, _ = typesetter.layout(BOX.format(text="Short"), tmp_path, fonts(typesetter, tmp_path))
    assert find_overflow(short.pages, check) == []
    long, _ = typesetter.layout(
        BOX.format(text="Much longer text " * 10), tmp_path, fonts(typesetter, tmp_path)
    )
    assert [o.check.label for o in find_overflow(long.pages, check)] == ["the box"]


def test_overflow_names_the_block_that_does_not_fit(typesetter: Typesetter, tmp_path: Path) -> None:
    text = (
        '<p style="margin: 0">Fits.</p>'
        '<p style="margin: 0">This second paragraph is far too long to fit in the box.</p>'
    )
    doc, _ = typesetter.layout(BOX.format(text=text), tmp_path, fonts(typesetter, tmp_path))
    [lost] = find_overflow(doc.pages, [BoxCheck("box", "end", "the box")])
    assert lost.text == "This second paragraph is far too long to fit in the box."


def test_text_running_out_sideways_is_overflow(typesetter: Typesetter, tmp_path: Path) -> None:
    """An unbreakable number wider than the box is clipped at the side: the end marker alone
    would not notice, because it still sits inside the box."""
    text = '<p style="white-space: nowrap">0800 123 4567 8910 1112 1314</p>'
    doc, _ = typesetter.layout(BOX.format(text=text), tmp_path, fonts(typesetter, tmp_path))
    [lost] = find_overflow(doc.pages, [BoxCheck("box", "end", "the box")])
    assert lost.text == "0800 123 4567 8910 1112 1314"


def test_absolutely_placed_boxes_are_found(typesetter: Typesetter, tmp_path: Path) -> None:
    html = (
        '<div style="position: relative"><div id="box" style="position: absolute; '
        'left: 10mm; top: 10mm; width: 30mm; height: 8mm; overflow: hidden">Fits'
        '<span id="end" style="display: block"></span></div></div>'
    )
    doc, _ = typesetter.layout(html, tmp_path, fonts(typesetter, tmp_path))
    assert find_overflow(doc.pages, [BoxCheck("box", "end", "the box")]) == []


FLOW = "<style>@page {{ size: 100mm 60mm; margin: 5mm }} p {{ margin: 0 }}</style>{body}"


def test_page_faults_name_a_lone_heading(typesetter: Typesetter, tmp_path: Path) -> None:
    filler = "<p>line</p>" * 6
    html = FLOW.format(
        body=filler + "<h2 style='margin: 0'>Lonely</h2><p style='break-before: page'>next</p>"
    )
    doc, _ = typesetter.layout(html, tmp_path, fonts(typesetter, tmp_path))
    assert page_faults(doc.pages) == ['heading "Lonely" sits alone at the bottom of page 1']


def test_empty_last_page_is_found(typesetter: Typesetter, tmp_path: Path) -> None:
    html = FLOW.format(body="<p>text</p><div style='break-after: page'></div><div></div>")
    doc, _ = typesetter.layout(html, tmp_path, fonts(typesetter, tmp_path))
    assert page_faults(doc.pages) == ["page 2 of 2 is empty"]
    ok, _ = typesetter.layout(
        FLOW.format(body="<h2>Title</h2><p>text</p>"), tmp_path, fonts(typesetter, tmp_path)
    )
    assert page_faults(ok.pages) == []


PAGE = (
    "<style>@page {{ size: 100mm 100mm; margin: 10mm }} {css}</style>"
    "<div style='height: 62mm'></div><h2>Left behind</h2><p>The text that follows it.</p>"
)


def test_heading_alone_at_page_bottom_is_found(typesetter: Typesetter, tmp_path: Path) -> None:
    loose, _ = typesetter.layout(
        PAGE.format(css="h2 { break-after: auto }"), tmp_path, fonts(typesetter, tmp_path)
    )
    assert stranded_headings(loose.pages) == [(1, "Left behind")]
    kept, _ = typesetter.layout(
        PAGE.format(css="h2 { break-after: avoid }"), tmp_path, fonts(typesetter, tmp_path)
    )
    assert len(kept.pages) == 2 and stranded_headings(kept.pages) == []


LABELLED = (
    "<style>@page {{ size: 100mm 100mm; margin: 10mm }} p {{ margin: 0; line-height: 8mm }}"
    "</style><div style='height: 68mm'></div><p class='{cls}'>Left behind</p>"
    "<p>The text that follows it.</p>"
)


def test_a_paragraph_set_as_a_heading_alone_at_page_bottom_is_found(
    typesetter: Typesetter, tmp_path: Path
) -> None:
    """The help page's "If a number is wrong" is a labelled paragraph, not an h3 (#19)."""
    loose, _ = typesetter.layout(
        LABELLED.format(cls="box-label"), tmp_path, fonts(typesetter, tmp_path)
    )
    assert len(loose.pages) == 2
    assert stranded_headings(loose.pages) == [(1, "Left behind")]
    plain, _ = typesetter.layout(
        LABELLED.format(cls="plain"), tmp_path, fonts(typesetter, tmp_path)
    )
    assert len(plain.pages) == 2 and stranded_headings(plain.pages) == []


def test_a_box_missing_from_the_layout_is_a_template_bug(
    typesetter: Typesetter, tmp_path: Path
) -> None:
    doc, _ = typesetter.layout("<p>no box here</p>", tmp_path, fonts(typesetter, tmp_path))
    with pytest.raises(LayoutBug, match="box #box is missing"):
        find_overflow(doc.pages, [BoxCheck("box", "end", "the box")])


def test_text_set_over_other_text_on_a_line_is_found(
    typesetter: Typesetter, tmp_path: Path
) -> None:
    """A run pulled back over the one before it (a page number over a contents title, in the
    handouts of 16 languages before the fix) is found; runs and inline-blocks side by side,
    and a number placed in a padding beside its title, are not."""
    over, _ = typesetter.layout(
        FLOW.format(body="<p>Where to find <span style='margin-left: -8mm'>help</span></p>"),
        tmp_path,
        fonts(typesetter, tmp_path),
    )
    assert overlapping_text(over.pages) == [(1, "Where to find help")]
    side_by_side = FLOW.format(
        body="<p><span style='display: inline-block; min-width: 7mm'>14</span>When you feel"
        " <b>pressured</b> or unsafe</p>"
        "<p style='position: relative; padding-left: 7mm'>"
        "<span style='position: absolute; left: 0'>15</span>Looking after yourself</p>"
        "<p dir='rtl'>\u0645\u0631\u062d\u0628\u0627 <b>\u0628\u0643</b> 16</p>"
    )
    ok, _ = typesetter.layout(side_by_side, tmp_path, fonts(typesetter, tmp_path))
    assert overlapping_text(ok.pages) == []


def test_text_running_past_the_page_margin_is_found(typesetter: Typesetter, tmp_path: Path) -> None:
    """A clinic's name written as one long word ran past the right margin of the handout's
    band and off the paper ("...StMarysHospitalNor"): the PDF's text held the whole name, so
    no check saw it. A word that wraps, and right-to-left text, are not reported."""
    word = "KinderUndJugendpsychiatrischeInstitutsambulanz"
    band = (
        "<div style='display: flex'><span style='width: 20mm; flex: none'></span>"
        "<p>Given to you by <b>{name}</b></p></div>"
    )
    off, _ = typesetter.layout(
        FLOW.format(body=band.format(name=word)), tmp_path, fonts(typesetter, tmp_path)
    )
    assert text_off_the_page(off.pages) == [(1, f"Given to you by {word}")]
    fine = FLOW.format(
        body=band.format(name="Community Mental Health Team, North and East Locality")
        + "<p dir='rtl'>\u0645\u0631\u062d\u0628\u0627 \u0628\u0643 " * 8
        + "</p>"
    )
    ok, _ = typesetter.layout(fine, tmp_path, fonts(typesetter, tmp_path))
    assert text_off_the_page(ok.pages) == []
