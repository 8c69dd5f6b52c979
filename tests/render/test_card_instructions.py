"""How to print a card sheet or a fold-over card, in every shipped language: the settings a
clinic looks for in its print dialog ("100%") and the length it reads on a ruler ("50 mm") are
printed in the digits dialogs and rulers show, 0-9, as the phone numbers are (#19: the Persian
sheet said ۱۰۰٪ and ۵۰)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from builder.model.project import Project, translator_for
from builder.plan.request import BuildRequest
from builder.render.scripts import ARABIC_SCRIPT_FLOOR_PT, script_floor_pt

from ..building import build_docs
from ..conftest import REPO, data_day
from ..layout import render
from ..pdfpixels import chars
from ..typeset.test_textlayer import SHIPPED

# A country that speaks each language with digits of its own; the others build for GB.
COUNTRY = {"fa": "IR", "ar": "EG", "hi": "IN", "bn": "BD", "ne": "NP", "th": "TH"}
NUMBER = re.compile(r'class="number[^"]*"[^>]*>([^<]*)<')


def other_digits(text: str) -> list[str]:
    """Decimal digits that are not 0-9, and the Arabic percent sign."""
    return [c for c in text if (c.isdecimal() and not c.isascii()) or c == "\u066a"]


@pytest.fixture(scope="module")
def project(shipped_project: Project) -> Project:
    return shipped_project


@pytest.mark.parametrize("locale", ["en", *SHIPPED])
def test_print_settings_and_numbers_are_in_the_digits_dialogs_show(
    project: Project, locale: str
) -> None:
    country = COUNTRY.get(locale, "GB")
    tr = translator_for(project, locale)
    sheet = render(project, country, tr, "card-sheet")
    fold = render(project, country, tr, "card-fold")
    settings = [sheet.context["instruction"].text, fold.context["instruction"].text]
    ruler = [sheet.context["scale"].note.text, sheet.context["scale_label"]]
    assert all("100" in text for text in settings), (locale, settings)
    assert all("50" in text for text in ruler), (locale, ruler)
    assert [other_digits(text) for text in settings + ruler] == [[]] * 4, locale
    numbers = NUMBER.findall(sheet.html) + NUMBER.findall(fold.html)
    assert numbers, locale
    assert [n for n in numbers if other_digits(n) or not re.search(r"[0-9]", n)] == [], locale


@pytest.mark.parametrize(("locale", "country"), [("ar", "EG"), ("fa", "IR")])
def test_arabic_script_card_sheet_keeps_every_text_at_its_floor(
    tmp_path: Path, locale: str, country: str
) -> None:
    """Arabic script is hard to read at 7 pt: the sheet's faces, its print instruction and
    its scale bar note stay at 7.5 pt or more (the note was set at 7.25 pt to fit its box)."""
    build_docs(
        BuildRequest(
            root=REPO,
            out=tmp_path,
            packs=["partner-support"],
            countries=[country],
            locales=[locale],
            products=["card-sheet"],
            today=data_day(),
        )
    )
    path = tmp_path / "partner-support" / country / locale / "card-sheet.pdf"
    for page in (0, 1):
        sizes = {round(c.size_pt, 2) for c in chars(path, page)}
        assert min(sizes) >= ARABIC_SCRIPT_FLOOR_PT - 0.01, (page, sorted(sizes))


@pytest.mark.parametrize(
    ("lang", "floor"),
    [("ar", ARABIC_SCRIPT_FLOOR_PT), ("fa", ARABIC_SCRIPT_FLOOR_PT), ("ur", ARABIC_SCRIPT_FLOOR_PT)]
    + [("he", None), ("en", None), ("pt-BR", None), ("zh-Hant", None), ("ur-PK", 7.5)],
)
def test_only_arabic_script_raises_the_card_floor(lang: str, floor: float | None) -> None:
    """By the script, not the direction: Hebrew reads right to left but is not Arabic."""
    assert script_floor_pt(lang) == floor
