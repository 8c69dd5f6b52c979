"""WeasyPrint behind one door: refused fetches, tofu and overflow are all loud."""

import shutil
from datetime import date
from pathlib import Path

import pytest

from builder.base.errors import InputError
from builder.plan.request import BuildRequest
from builder.typeset.fonts import font_dirs, font_face_css
from builder.typeset.weasy import TypesetError, Typesetter

from ..building import build_docs
from ..conftest import REPO, MiniProject

DAY = date(2026, 11, 1)


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
    doc, _log = typesetter.layout("<p>\U0001f600</p>", tmp_path, fonts(typesetter, tmp_path))
    with pytest.raises(TypesetError, match=r"\.notdef glyph"):
        typesetter.write(doc, DAY)


def test_arabic_and_devanagari_have_glyphs(typesetter: Typesetter, tmp_path: Path) -> None:
    html = '<p dir="rtl">إذا كنت بحاجة إلى التحدث</p><p>अगर आपको अभी बात करनी है</p>'
    doc, log = typesetter.layout(html, tmp_path, fonts(typesetter, tmp_path))
    assert log == []
    assert typesetter.write(doc, DAY).startswith(b"%PDF")


def test_cjk_hebrew_bengali_names_have_glyphs(typesetter: Typesetter, tmp_path: Path) -> None:
    html = '<p>よりそいホットライン 자살예방 全国统一心理援助热线 ער"ן জাতীয় জরুরি সেবা</p>'
    doc, log = typesetter.layout(html, tmp_path, fonts(typesetter, tmp_path))
    assert log == []
    assert typesetter.write(doc, DAY).startswith(b"%PDF")


def test_a_clinic_s_stylesheet_error_names_its_file_and_what_to_do(
    mini: MiniProject, tmp_path: Path
) -> None:
    """A clinic's own templates/css/handout.css with a mistyped colour: the handout failed
    naming "stylesheet handout.css" and saying "only files inside the project can be used",
    which sent the clinic looking for a misplaced file. It names the clinic's file and says
    to correct it there."""
    clinic = tmp_path / "clinic"
    shutil.copytree(REPO / "examples" / "clinic", clinic)
    css = clinic / "templates" / "css"
    css.mkdir(parents=True)
    (css / "handout.css").write_text(".clinic { color: #zz; }\n")
    mini.write_pack(["first", "help"], products=["handout"])
    request = BuildRequest(root=mini.root, out=mini.root / "out", overlay=clinic)
    with pytest.raises(InputError) as failure:
        build_docs(request)
    [problem] = failure.value.problems()
    assert problem.code == "CP6112"
    assert problem.file == css / "handout.css" and problem.line == 1
    assert "Ignored `color: #zz` at 1:11" in problem.message
    assert problem.fix.startswith("correct the stylesheet at the line:column given")


def test_what_stops_a_write_gets_the_fix_for_what_it_is() -> None:
    from builder.typeset.job import write_fix

    assert "8-bit PNG" in write_fix("Unknown image mode: I;16")
    assert "glyph" not in write_fix("Unknown image mode: I;16")
    assert "font that covers" in write_fix("No glyph for character U+0E01 in font X")
