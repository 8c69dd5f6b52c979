"""Opening hours print in the reader's language: day names, time format and list words."""

import pytest
from babel import Locale

from builder.model.hours import clock, format_range, parse_clock, zone_name
from builder.model.project import Project, translator_for
from builder.model.regional import clock_is_12_hour

from ..conftest import REPO


def same(text: str) -> str:
    return text


@pytest.mark.parametrize(
    "locale,expected",
    [
        ("en", "Mon–Fri 9:00\u202fAM–5:00\u202fPM"),
        ("fr", "lun.–ven. 09:00–17:00"),
        ("de", "Mo.–Fr. 09:00–17:00"),
    ],
)
def test_weekday_range(locale: str, expected: str) -> None:
    days = ["mon", "tue", "wed", "thu", "fri"]
    assert format_range(days, "09:00", "17:00", Locale.parse(locale), same) == expected


def test_separate_runs_use_the_locale_list_words() -> None:
    assert format_range(
        ["mon", "thu", "fri"], "10:00", "12:00", Locale.parse("fr"), same
    ).startswith("lun. et jeu.–ven.")


def test_every_day_is_translated_and_midnight_is_read() -> None:
    text = format_range(
        ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
        "15:30",
        "24:00",
        Locale.parse("fr"),
        lambda s: {"Every day": "Tous les jours"}[s],
    )
    # A 24-hour clock closes at 24:00: "00:00" reads as the start of the day.
    assert text == "Tous les jours 15:30–24:00"


@pytest.mark.parametrize("bad", ["9", "25:00", "09:60", "nine"])
def test_bad_clock_is_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        parse_clock(bad)


def test_ranges_past_midnight() -> None:
    assert (
        " ".join(format_range(["sat"], "15:30", "00:30", Locale.parse("en"), same).split())
        == "Sat 3:30 PM–12:30 AM"
    )


def test_a_whole_day_reads_as_24_hours() -> None:
    assert (
        format_range(["mon", "thu", "fri"], "00:00", "24:00", Locale.parse("en"), same)
        == "Mon and Thu–Fri 24 hours"
    )


def test_zone_names_follow_the_locale() -> None:
    assert zone_name("Europe/Berlin", Locale.parse("en")) == "Central European Time"
    assert zone_name("Europe/Berlin", Locale.parse("de")) == "Mitteleuropäische Zeit"
    assert zone_name("America/New_York", Locale.parse("en")) == "Eastern Time"


def test_midnight_is_a_word_on_a_12_hour_clock() -> None:
    days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    assert format_range(days, "10:00", "24:00", Locale.parse("en"), same).endswith(
        "10:00\u202fAM–midnight"
    )
    assert (
        format_range(["sat"], "00:00", "08:00", Locale.parse("en"), same)
        == "Sat midnight–8:00\u202fAM"
    )
    assert (
        format_range(
            days, "10:00", "24:00", Locale.parse("de"), lambda s: {"Every day": "Täglich"}[s]
        )
        == "Täglich 10:00–24:00"
    )
    assert format_range(["sat"], "00:00", "08:00", Locale.parse("de"), same) == "Sa. 00:00–08:00"


@pytest.mark.parametrize(
    "code", sorted(p.name for p in (REPO / "locales").iterdir() if p.is_dir()) + ["ar_EG", "en"]
)
def test_a_time_never_breaks_between_its_digits_and_its_day_period(code: str) -> None:
    """CLDR writes "5:00 م" (Arabic) and "5:00 pm" (Hindi) with a plain space, where a line
    may break and leave the "م" alone at the start of the next line."""
    locale = Locale.parse(code)
    for text in ("05:30", "17:00", "00:00", "24:00"):
        printed = clock(text, locale, lambda s: s)
        assert " " not in printed, (code, printed)


def test_midnight_in_words_never_breaks_between_them(shipped_project: Project) -> None:
    """Midnight on a 12-hour clock is the catalog's word for it, two words in Arabic, Hindi
    and Malay ("منتصف الليل"): a line broke between them, "6:00 م–منتصف" above "الليل"."""
    spaced = []
    for code in shipped_project.locales:
        locale = Locale.parse(code)
        if not clock_is_12_hour(locale):
            continue
        word = clock("24:00", locale, translator_for(shipped_project, code).gettext)
        assert " " not in word, (code, word)
        spaced += [code] if "\u00a0" in word else []
    assert {"ar", "hi", "ms"} <= set(spaced)  # the catalogs' two-word midnights were checked
