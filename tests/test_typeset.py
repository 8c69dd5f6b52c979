"""WeasyPrint behind one door: refused fetches, tofu and overflow are all loud."""

from pathlib import Path

import pytest

from builder.fonts import font_dirs, font_face_css
from builder.typeset import BoxCheck, TypesetError, Typesetter, find_overflow, stranded_headings


@pytest.fixture(scope="module")
def typesetter(tmp_path_factory: pytest.TempPathFactory) -> Typesetter:
    return Typesetter([tmp_path_factory.mktemp("assets"), *font_dirs()])


def fonts(typesetter: Typesetter, base: Path) -> list[object]:
    return [typesetter.stylesheet("fonts", font_face_css(), base)]


def test_fetch_outside_allowed_folders_is_refused(typesetter: Typesetter, tmp_path: Path) -> None:
    html = '<img src="file:///etc/passwd">'
    with pytest.raises(TypesetError, match="refused"):
        typesetter.layout(html, tmp_path, [])


def test_remote_fetch_is_refused(typesetter: Typesetter, tmp_path: Path) -> None:
    with pytest.raises(TypesetError, match="only local assets"):
        typesetter.layout('<img src="https://example.org/x.png">', tmp_path, [])


def test_missing_glyph_is_reported(typesetter: Typesetter, tmp_path: Path) -> None:
    doc, _log = typesetter.layout("<p>\U0001F600</p>", tmp_path, fonts(typesetter, tmp_path))
    with pytest.raises(TypesetError, match=r"\.notdef glyph"):
        typesetter.write(doc)


def test_arabic_and_devanagari_have_glyphs(typesetter: Typesetter, tmp_path: Path) -> None:
    html = '<p dir="rtl">إذا كنت بحاجة إلى التحدث</p><p>अगर आपको अभी बात करनी है</p>'
    doc, log = typesetter.layout(html, tmp_path, fonts(typesetter, tmp_path))
    assert log == []
    assert typesetter.write(doc).startswith(b"%PDF")


BOX = ('<div id="box" style="width: 30mm; height: 8mm; overflow: hidden">{text}'
       '<span id="end" style="display: block"></span></div>')


def test_overflow_detected_only_when_text_is_clipped(typesetter: Typesetter,
                                                     tmp_path: Path) -> None:
    check = [BoxCheck("box", "end", "the box")]
    short, _ = typesetter.layout(BOX.format(text="Short"), tmp_path, fonts(typesetter, tmp_path))
    assert find_overflow(short.pages, check) == []
    long, _ = typesetter.layout(BOX.format(text="Much longer text " * 10), tmp_path,
                                fonts(typesetter, tmp_path))
    assert find_overflow(long.pages, check) == ["the box"]


def test_cjk_hebrew_bengali_names_have_glyphs(typesetter: Typesetter, tmp_path: Path) -> None:
    html = "<p>よりそいホットライン 자살예방 全国统一心理援助热线 ער\"ן জাতীয় জরুরি সেবা</p>"
    doc, log = typesetter.layout(html, tmp_path, fonts(typesetter, tmp_path))
    assert log == []
    assert typesetter.write(doc).startswith(b"%PDF")


def test_coverage_check_names_uncovered_characters() -> None:
    from builder.fonts import missing_characters
    from builder.typeset import printed_text

    text = printed_text("<style>p { content: '\U0001F600' }</style><p>ok \U0001F600 日本</p>")
    assert missing_characters(text) == ["\U0001F600"]


PAGE = ("<style>@page {{ size: 100mm 100mm; margin: 10mm }} {css}</style>"
        "<div style='height: 62mm'></div><h2>Left behind</h2><p>The text that follows it.</p>")


def test_heading_alone_at_page_bottom_is_found(typesetter: Typesetter, tmp_path: Path) -> None:
    loose, _ = typesetter.layout(PAGE.format(css="h2 { break-after: auto }"), tmp_path,
                                 fonts(typesetter, tmp_path))
    assert stranded_headings(loose.pages) == [(1, "Left behind")]
    kept, _ = typesetter.layout(PAGE.format(css="h2 { break-after: avoid }"), tmp_path,
                                fonts(typesetter, tmp_path))
    assert len(kept.pages) == 2 and stranded_headings(kept.pages) == []
