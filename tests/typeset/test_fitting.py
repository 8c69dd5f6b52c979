"""Long translations: card text shrinks in small steps to 7 pt, then the build fails by name."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
import weasyprint

from builder.base.errors import InputError
from builder.plan.request import BuildRequest
from builder.render.boxspec import BoxCheck
from builder.render.products.cards import FACE_PT
from builder.typeset.fitting import FLOOR_PT, STEP_PT, fit, floor_for, group_floors
from builder.typeset.fonts import font_dirs, font_face_css
from builder.typeset.weasy import Typesetter

from ..building import build_docs
from ..conftest import REPO, MiniProject
from ..model.test_catalogs import add_locale
from ..pdfpixels import chars
from ..pdftext import flat_text, text_of
from ..render.test_cards import one_long_line, pair_build

BOX = (
    '<div id="box" style="width: 40mm; height: 9mm; overflow: hidden; line-height: 1.2; '
    'font-size: {pt}pt">{text}<span id="end" style="display: block"></span></div>'
)
CHECK = BoxCheck("box", "end", "the box", "face")


@pytest.fixture(scope="module")
def typesetter(tmp_path_factory: pytest.TempPathFactory) -> Typesetter:
    return Typesetter([tmp_path_factory.mktemp("assets"), *font_dirs()])


def layout_for(typesetter: Typesetter, text: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    sheets = [typesetter.stylesheet("fonts", font_face_css(), tmp_path)]

    def layout(sizes: Mapping[str, float]) -> tuple[weasyprint.Document, list[str]]:
        return typesetter.layout(BOX.format(pt=sizes["face"], text=text), tmp_path, sheets)

    return layout


def test_text_that_fits_keeps_its_size(typesetter: Typesetter, tmp_path: Path) -> None:
    fitted = fit(layout_for(typesetter, "Short.", tmp_path), [CHECK], {"face": 9.5})
    assert fitted.font_pt == {"face": 9.5} and fitted.overflow == []


def test_long_text_steps_down_until_it_fits(typesetter: Typesetter, tmp_path: Path) -> None:
    text = "Talk to someone you trust today, or call a line below."
    fitted = fit(layout_for(typesetter, text, tmp_path), [CHECK], {"face": 9.5})
    assert fitted.overflow == []
    assert FLOOR_PT <= fitted.font_pt["face"] < 9.5
    # One step larger did not fit: the size is the largest that does.
    bigger = fitted.font_pt["face"] + STEP_PT
    larger = fit(layout_for(typesetter, text, tmp_path), [CHECK], {"face": bigger})
    assert larger.font_pt["face"] < bigger


def test_text_too_long_even_at_the_floor_is_reported(
    typesetter: Typesetter, tmp_path: Path
) -> None:
    text = "This sentence is far too long for a box this small, at any readable size. " * 3
    fitted = fit(layout_for(typesetter, text, tmp_path), [CHECK], {"face": 9.5})
    assert fitted.font_pt == {"face": FLOOR_PT}
    assert [o.text for o in fitted.overflow] == [" ".join(text.split())]


# The real English card text, lengthened the way a long translation would be.
ENGLISH = tomllib.loads((REPO / "packs" / "partner-support" / "card.toml").read_text())


def lengthen(text: str, factor: float) -> str:
    words = text.split()
    result = list(words)
    i = 0
    while len(" ".join(result)) < factor * len(text):
        result.append(words[i % len(words)].lower())
        i += 1
    return " ".join(result)


def toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_card(mini: MiniProject, factor: float, long_reminder: str = "") -> None:
    lines = []
    for key, value in ENGLISH.items():
        if isinstance(value, list):
            items = [lengthen(v, factor) for v in value]
            if long_reminder:
                items[-1] = long_reminder
            lines.append(f"{key} = [{', '.join(toml_string(v) for v in items)}]")
        else:
            lines.append(f"{key} = {toml_string(lengthen(value, factor))}")
    (mini.pack / "card.toml").write_text("\n".join(lines) + "\n")


def build_card(mini: MiniProject) -> Path:
    mini.write_pack(["first", "help"], products=["card"])
    build_docs(
        BuildRequest(root=mini.root, out=mini.root / "out", countries=["GB"], products=["card"])
    )
    return mini.root / "out" / "mini" / "GB" / "en" / "card.pdf"


def body_pt(path: Path, page: int) -> float:
    """The smallest text on a face: the body size, since nothing on a card is set smaller."""
    return min(c.size_pt for c in chars(path, page))


def test_english_card_uses_the_full_size(mini: MiniProject) -> None:
    write_card(mini, 1.0)
    path = build_card(mini)
    assert body_pt(path, 0) == pytest.approx(FACE_PT, abs=0.01)
    assert body_pt(path, 1) == pytest.approx(FACE_PT, abs=0.01)


def test_text_sixty_percent_longer_builds_smaller(mini: MiniProject) -> None:
    write_card(mini, 1.6)
    path = build_card(mini)
    back = body_pt(path, 1)
    assert FLOOR_PT - 0.01 <= back < FACE_PT - 0.01
    assert body_pt(path, 0) >= FLOOR_PT - 0.01
    text = " ".join(text_of(path).split())
    for reminder in ENGLISH["reminders"]:
        assert lengthen(reminder, 1.6) in text


def test_text_that_cannot_fit_at_seven_points_fails_naming_it(mini: MiniProject) -> None:
    reminder = "Remember that it is fine to ask for help, again and again. " * 20
    write_card(mini, 1.6, long_reminder=reminder.strip())
    with pytest.raises(InputError) as failure:
        build_card(mini)
    message = str(failure.value)
    assert f'"{reminder.strip()}"' in message
    assert "card back does not fit even at 7 pt" in message
    assert "card for GB in locale en" in message
    assert not list((mini.root / "out").rglob("*.pdf"))  # reported, never written


def test_sheet_and_fold_use_the_sizes_found_on_one_card(
    mini: MiniProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The search runs on the single card (two small pages), never on a sheet of ten; the
    sheet and the fold-over card are laid out once, at the sizes the card found."""
    write_card(mini, 1.6)
    mini.write_pack(["first", "help"], products=["card-sheet", "card", "card-fold"])
    laid_out: list[str] = []
    layout = Typesetter.layout

    def spy(self: Typesetter, html: str, *args: object, **kwargs: object) -> object:
        laid_out.append(
            "sheet" if "sheet-fronts" in html else "fold" if "card-fold" in html else "card"
        )
        return layout(self, html, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Typesetter, "layout", spy)
    build_docs(BuildRequest(root=mini.root, out=mini.root / "out", countries=["GB"]))
    assert laid_out.count("sheet") == 1 and laid_out.count("fold") == 1
    # The card goes first (SIZES_FIRST): its search stepped down (checked below) on the card.
    assert laid_out.count("card") >= 2 and laid_out[0] == "card"
    out = mini.root / "out" / "mini" / "GB" / "en"
    card_front, card_back = body_pt(out / "card.pdf", 0), body_pt(out / "card.pdf", 1)
    assert card_back < FACE_PT - 0.01
    # The sheet's front page also prints the 7.5 pt instruction; its back page does not.
    assert body_pt(out / "card-sheet.pdf", 1) == pytest.approx(card_back, abs=0.01)
    fold_faces = [c.size_pt for c in chars(out / "card-fold.pdf", 0) if c.size_pt > 7.6]
    assert min(fold_faces) == pytest.approx(min(card_front, card_back), abs=0.01)


def test_a_higher_floor_is_never_gone_below(typesetter: Typesetter, tmp_path: Path) -> None:
    """A card in Arabic script stops at 7.5 pt: what does not fit there is reported, never
    set smaller."""
    text = "This sentence is far too long for a box this small, at any readable size. " * 3
    fitted = fit(layout_for(typesetter, text, tmp_path), [CHECK], {"face": 9.5}, floor=7.5)
    assert fitted.font_pt == {"face": 7.5} and fitted.floor_pt == 7.5
    assert [o.text for o in fitted.overflow] == [" ".join(text.split())]


@pytest.mark.parametrize(
    ("context", "floor"),
    [
        ({}, FLOOR_PT),
        ({"floor_pt": None}, FLOOR_PT),
        ({"floor_pt": 7.5}, 7.5),
        ({"floor_pt": None, "second": {"floor_pt": 7.5}}, 7.5),  # en+ar
        ({"floor_pt": 7.5, "second": {"floor_pt": None}}, 7.5),  # ar+en
    ],
)
def test_a_bilingual_card_takes_the_higher_floor_of_its_two_languages(
    context: dict[str, Any], floor: float
) -> None:
    assert floor_for(context) == floor


def test_a_card_that_fits_only_below_its_floor_is_laid_out_whole_once_per_lower_try(
    mini: MiniProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Persian pair that fits no version at Arabic script's 7.5 pt is tried again down to
    7 pt (CP6115). Each version at 7.5 pt used to be laid out as a whole sheet of ten cards,
    and each at 7 pt stepped the sheet down from 7.5 pt, a layout at a time (AR fa+en: twelve
    sheets, about a second each). Now a version whose one card overflows at 7.5 pt is not
    laid out whole there, and the card, not the sheet, carries its search on down to 7 pt:
    the sheet is laid out twice, as first fitted and at 7 pt, where the pair fits (it was
    six times: the pair, its dates run on and its date on the back at 7.5 pt, then the
    pair at 7.5, 7.25 and 7 pt)."""
    one_long_line(mini, 17)
    add_locale(mini, "fa")
    sheets: list[str] = []
    layout = Typesetter.layout

    def spy(self: Typesetter, html: str, *args: object, **kwargs: object) -> object:
        if "sheet-fronts" in html:
            sheets.append(html)
        return layout(self, html, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Typesetter, "layout", spy)
    result = pair_build(mini, "GB", "fa+en")
    below = [w for w in result.warnings if w.code == "CP6115"]
    assert len(below) == 1 and "set at 7 pt" in below[0].message
    assert len(sheets) == 2
    printed = flat_text(mini.root / "out/mini/GB/fa+en/card-sheet.pdf")
    assert printed.count("0800 111 222") == 10 and printed.count("116 123") == 10


FACES = (
    '<div class="card-face" id="front-0" style="font-size: 10pt"><p>Emergency 999</p>'
    '<span id="front-0-end" class="end"></span></div>'
    '<div class="card-face" id="back-0" style="font-size: 10pt"><p><span dir="rtl">{name}</span>'
    ' 020 7946 0321</p><span id="back-0-end" class="end"></span></div>'
)
FACE_CHECKS = [BoxCheck(f"{s}-0", f"{s}-0-end", f"card {s}", s) for s in ("front", "back")]


@pytest.mark.parametrize(
    ("name", "context", "floors"),
    [
        # A clinic's Arabic name on an English card's back: that face only.
        ("عيادة الأسرة", {"floor_pt": None}, {"front": FLOOR_PT, "back": 7.5}),
        ("مرکز مشاوره", {"floor_pt": None}, {"front": FLOOR_PT, "back": 7.5}),  # Persian
        ("Riverside Family Clinic", {"floor_pt": None}, {"front": FLOOR_PT, "back": FLOOR_PT}),
        ("מרפאת המשפחה", {"floor_pt": None}, {"front": FLOOR_PT, "back": FLOOR_PT}),  # Hebrew
        # A card in Arabic script: both faces, whatever they print.
        ("Riverside Family Clinic", {"floor_pt": 7.5}, {"front": 7.5, "back": 7.5}),
        # Let go below it, as the last resort (job.at_card_floor).
        ("عيادة الأسرة", {"floor_pt": None, "text_floors": False}, {"front": 7.0, "back": 7.0}),
    ],
)
def test_a_face_printing_arabic_script_takes_its_floor(
    name: str, context: dict[str, Any], floors: dict[str, float]
) -> None:
    assert group_floors(context, FACES.format(name=name), FACE_CHECKS) == floors


def test_each_group_stops_at_its_own_floor(typesetter: Typesetter, tmp_path: Path) -> None:
    """The face with Arabic script stops at 7.5 pt, another in the same layout at 7 pt."""
    text = "This sentence is far too long for a box this small, at any readable size. " * 3
    fitted = fit(layout_for(typesetter, text, tmp_path), [CHECK], {"face": 9.5}, 7.0, {"face": 7.5})
    assert fitted.font_pt == {"face": 7.5} and fitted.floor_of("face") == 7.5
