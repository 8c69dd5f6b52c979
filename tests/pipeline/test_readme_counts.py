"""The README's language list and counts are what the data says, so they cannot go stale: a
merged catalog or country fails here until the README says it (the message gives the text)."""

from __future__ import annotations

import dataclasses
import re

import pytest
from babel import Locale

from builder.model.project import Project
from builder.model.regional import formatting_locale
from builder.plan.imposition import CARD_MARK_OFFSET, CARD_MEDIA_MARGIN, PRINTER_MARGIN, card_sheet
from builder.plan.paper import PAPERS

from ..conftest import REPO


@pytest.fixture(scope="module")
def project(shipped_project: Project) -> Project:
    return shipped_project


def readme() -> str:
    return " ".join((REPO / "README.md").read_text(encoding="utf-8").split())


def test_readme_lists_every_shipped_language(project: Project) -> None:
    found = re.search(r"English source plus ([A-Za-z_, ]+);", readme())
    listed = found.group(1).split(", ") if found else []
    shipped = [locale for locale in project.locales if locale != "en"]
    assert listed == shipped, f"README.md should say: English source plus {', '.join(shipped)};"


def test_readme_counts_countries_served_in_an_official_language(project: Project) -> None:
    served = len(project.countries_in_official_language())
    total = len(project.helplines)
    found = re.search(
        r"(\d+) of the (\d+) countries with helpline data get a handout in one "
        r"of their official languages",
        readme(),
    )
    stated = (int(found.group(1)), int(found.group(2))) if found else None
    assert stated == (served, total), (
        f"README.md should say: {served} of the {total} countries with helpline data get a handout"
    )
    helplines = re.search(r"per-country crisis helplines \((\d+) countries", readme())
    assert helplines and int(helplines.group(1)) == total


def test_a_country_counts_once_its_language_ships(project: Project) -> None:
    served = project.countries_in_official_language()
    assert {"GB", "JP", "IL", "BE"} <= set(served)  # English, Japanese, Hebrew, Dutch ship
    without_ja = dataclasses.replace(
        project, locales=tuple(locale for locale in project.locales if locale != "ja")
    )
    assert "JP" not in without_ja.countries_in_official_language()
    assert "PT" in served and "pt_BR" in project.locales
    only_brazilian = dataclasses.replace(
        project, locales=tuple(locale for locale in project.locales if locale != "pt_PT")
    )
    assert "PT" not in only_brazilian.countries_in_official_language()


def test_readme_counts_the_countries_english_has_no_formats_for(project: Project) -> None:
    """English follows CLDR's English for the country, else Europe's English where the
    country's clock is the 24-hour one, else US English: the README's counts of the two are
    the data's (it said "about 30" without English, where 59 have none)."""
    english = Locale.parse("en")
    used = {country: formatting_locale(english, country) for country in project.helplines}
    without = [c for c, locale in used.items() if locale.territory in (None, "150")]
    europe = [c for c in without if used[c].territory == "150"]
    total = len(project.helplines)
    found = re.search(
        r"no English for a country \((\d+) of the (\d+) countries with helplines\).*?"
        r"24-hour one \((\d+) of them",
        readme(),
    )
    stated = tuple(int(n) for n in found.groups()) if found else None
    assert stated == (len(without), total, len(europe)), (
        f"README.md should say: no English for a country ({len(without)} of the {total} "
        f"countries with helplines) ... 24-hour one ({len(europe)} of them"
    )


def test_readme_says_which_marks_an_a4_card_sheet_loses_on_letter() -> None:
    """Centred on Letter at 100%, an A4 card sheet moves up 8.8 mm: the marks of its top cut
    line (above the cards, and beside them at 4.75 mm) fall into the printer's 5 mm margin
    as surely as those of the bottom one. The README said only the bottom marks were lost."""
    a4, letter = PAPERS["a4"], PAPERS["letter"]
    sheet = card_sheet(a4)
    shift = (letter.height - a4.height) / 2
    top, bottom = sheet.cut_ys[0], sheet.cut_ys[-1]
    lines = sheet.marks.lines()
    top_marks = [m for m in lines if max(m[1], m[3]) <= top]
    bottom_marks = [m for m in lines if min(m[1], m[3]) >= bottom]
    assert len(top_marks) == len(bottom_marks) == len(sheet.cut_xs) + 2

    def printed(mark: tuple[float, float, float, float]) -> bool:
        y1, y2 = sorted((mark[1] + shift, mark[3] + shift))
        return y2 > PRINTER_MARGIN and y1 < letter.height - PRINTER_MARGIN

    assert not any(printed(m) for m in top_marks + bottom_marks)
    assert "every cut mark of the top and bottom cut lines" in readme()


def test_readme_gives_the_print_shop_cards_marks_where_they_are() -> None:
    text = readme()
    assert f"reaches {CARD_MEDIA_MARGIN:g} mm beyond the trim" in text
    assert f"from {CARD_MARK_OFFSET:g} to {CARD_MEDIA_MARGIN:g} mm out" in text
