"""Formats follow the reader's country as well as their language (CLDR through locked Babel)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from babel import Locale

from builder.model.helplines import Opening, Service
from builder.model.hours import clock, format_days, format_range, join_ranges
from builder.model.regional import formatting_locale, zone_count
from builder.model.translations import Translator, source_translator
from builder.render.views import format_day, hours_text

from ..pdftext import flat_text

DAY = date(2026, 11, 22)


def english_in(country: str) -> Translator:
    tr = source_translator("en")
    tr.formats = formatting_locale(tr.locale, country)
    return tr


def same(text: str) -> str:
    return text


@pytest.mark.parametrize(
    "locale,country,expected",
    [
        ("en", "GB", "en_GB"),
        ("en", "IN", "en_IN"),
        ("fr", "CA", "fr_CA"),
        ("fr", "BE", "fr_BE"),
        ("de", "AT", "de_AT"),
        ("es", "MX", "es_MX"),
        ("pt_BR", "PT", "pt_PT"),
        ("ar", "SA", "ar_SA"),
        ("en", "US", "en_US"),
        ("hi", "EG", "hi"),  # CLDR has no Hindi-for-Egypt formats
        ("en", "LU", "en_150"),  # nor English for Luxembourg: Europe's English, 24-hour clock
        ("en", "AR", "en_150"),  # Argentina's clock is the 24-hour one too
        ("en", "KR", "en"),  # Korea's has AM and PM, as plain English has
        ("en", "EG", "en"),
    ],
)
def test_formatting_locale_is_language_plus_country(
    locale: str, country: str, expected: str
) -> None:
    assert str(formatting_locale(Locale.parse(locale), country)) == expected


def test_dates_follow_the_country() -> None:
    assert format_day(DAY, english_in("GB")) == "22 November 2026"
    assert format_day(DAY, english_in("US")) == "November 22, 2026"
    assert format_day(DAY, english_in("IN")) == "22 November 2026"


def test_english_where_cldr_has_no_data_keeps_the_countrys_clock() -> None:
    """LU's schedule reads "weekend nights 23:00–07:00", as the service publishes it; the
    daily hours beside it printed "11:00 AM–11:00 PM" in US English."""
    luxembourg = english_in("LU")
    assert format_range(["mon", "sun"], "11:00", "23:00", luxembourg.regional, same).endswith(
        "11:00–23:00"
    )
    assert format_day(DAY, luxembourg) == "22 November 2026"
    korea = english_in("KR")
    assert format_range(["mon"], "09:00", "17:00", korea.regional, same) == (
        "Mon 9:00\u202fAM–5:00\u202fPM"
    )


def test_times_follow_the_country() -> None:
    weekdays = ["mon", "tue", "wed", "thu", "fri"]
    gb, us = Locale.parse("en_GB"), Locale.parse("en_US")
    assert format_range(weekdays, "09:00", "17:00", gb, same) == "Mon–Fri 09:00–17:00"
    # CLDR puts a narrow no-break space before AM and PM.
    assert format_range(weekdays, "09:00", "17:00", us, same) == "Mon–Fri 9:00\u202fAM–5:00\u202fPM"


def test_midnight_is_said_the_local_way() -> None:
    # A 24-hour clock closes at 24:00, never 00:00; a 12-hour clock says the word.
    assert clock("24:00", Locale.parse("en_GB"), same) == "24:00"
    assert clock("24:00", Locale.parse("de_DE"), same) == "24:00"
    assert clock("00:00", Locale.parse("de_DE"), same) == "00:00"
    assert clock("24:00", Locale.parse("en_US"), same) == "midnight"
    assert clock("24:00", Locale.parse("en_IT"), same) == "24:00"


def test_week_starts_where_the_country_starts_it() -> None:
    sunday_to_thursday = ["sun", "mon", "tue", "wed", "thu"]
    assert format_days(sunday_to_thursday, Locale.parse("en_IL"), same) == "Sun–Thu"
    assert format_days(sunday_to_thursday, Locale.parse("he_IL"), same).count("–") == 1
    # Monday-first in Germany: two runs.
    assert format_days(sunday_to_thursday, Locale.parse("en_DE"), same) == "Mon–Thu and Sun"


def test_ranges_are_joined_with_the_locales_list_pattern() -> None:
    arabic = join_ranges(["أ", "ب"], Locale.parse("ar_EG"))
    assert ";" not in arabic and "و" in arabic
    assert (
        join_ranges(["Mon 09:00–12:00", "Sat 10:00–14:00"], Locale.parse("en_GB"))
        == "Mon 09:00–12:00 and Sat 10:00–14:00"
    )


def part_time(**extra: object) -> Service:
    return Service.model_validate(
        {
            "id": "line",
            "kind": "support",
            "name": "Line",
            "open_24_7": False,
            "source_url": "https://example.org",
            "checked": DAY,
            "contacts": [{"type": "phone", "value": "116 123"}],
            "opening": [
                Opening.model_validate(
                    {"days": ["mon", "tue", "wed", "thu", "fri"], "from": "09:00", "to": "17:00"}
                )
            ],
            **extra,
        }
    )


def test_zone_only_where_the_country_has_several() -> None:
    assert zone_count("GB") == 1 and zone_count("DE") == 1 and zone_count("US") > 1
    gb = hours_text(part_time(), "Europe/London", english_in("GB"), "GB")
    assert gb == "Mon–Fri 09:00–17:00"
    us = hours_text(part_time(), "America/New_York", english_in("US"), "US")
    assert us == "Mon–Fri 9:00\u202fAM–5:00\u202fPM (Eastern Time)"


MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"


def test_gb_and_us_documents_print_their_own_formats(demo: Path) -> None:
    """The demo (GB and US, English): day-month-year and a 24-hour clock for the UK,
    month-day-year, a 12-hour clock and the zone for the US."""
    for product in ("handout", "card-sheet"):
        gb = flat_text(demo / "partner-support/GB/en" / f"{product}.pdf")
        us = flat_text(demo / "partner-support/US/en" / f"{product}.pdf")
        assert re.search(rf"Numbers checked \d{{1,2}} ({MONTHS}) \d{{4}}", gb), product
        assert re.search(rf"Numbers checked ({MONTHS}) \d{{1,2}}, \d{{4}}", us), product
        assert not re.search(r"\d\s?(AM|PM)\b|British Time|United Kingdom Time", gb), product
    us = flat_text(demo / "partner-support/US/en/handout.pdf")
    assert re.search(r"\d:\d\d\s?(AM|PM)–\d{1,2}:\d\d\s?(AM|PM) \(Eastern Time\)", us)
