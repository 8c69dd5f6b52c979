"""Opening hours print in the reader's language: day names, time format and list words."""

import pytest
from babel import Locale

from builder.hours import format_range, parse_clock


def same(text: str) -> str:
    return text


@pytest.mark.parametrize("locale,expected", [
    ("en", "Mon–Fri 9:00\u202fAM–5:00\u202fPM"),
    ("fr", "lun.–ven. 09:00–17:00"),
    ("de", "Mo.–Fr. 09:00–17:00"),
])
def test_weekday_range(locale: str, expected: str) -> None:
    days = ["mon", "tue", "wed", "thu", "fri"]
    assert format_range(days, "09:00", "17:00", Locale.parse(locale), same) == expected


def test_separate_runs_use_the_locale_list_words() -> None:
    assert format_range(["mon", "thu", "fri"], "10:00", "12:00", Locale.parse("fr"),
                        same).startswith("lun. et jeu.–ven.")


def test_every_day_is_translated_and_midnight_is_read() -> None:
    text = format_range(["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "15:30", "24:00",
                        Locale.parse("fr"), lambda s: {"Every day": "Tous les jours"}[s])
    assert text == "Tous les jours 15:30–00:00"


@pytest.mark.parametrize("bad", ["9", "25:00", "09:60", "nine"])
def test_bad_clock_is_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        parse_clock(bad)
