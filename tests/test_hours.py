from babel import Locale

from builder.hours import format_range, zone_name


def same(text: str) -> str:
    return text


def test_ranges_use_the_readers_day_and_time_names() -> None:
    assert format_range(["mon", "tue", "wed", "thu", "fri"], "09:00", "17:00",
                        Locale.parse("de"), same) == "Mo.–Fr. 09:00–17:00"
    assert " ".join(format_range(["sat"], "15:30", "00:30", Locale.parse("en"),
                                 same).split()) == "Sat 3:30 PM–12:30 AM"


def test_a_whole_day_reads_as_24_hours() -> None:
    assert format_range(["mon", "thu", "fri"], "00:00", "24:00", Locale.parse("en"),
                        same) == "Mon, Thu–Fri 24 hours"


def test_zone_names_follow_the_locale() -> None:
    assert zone_name("Europe/Berlin", Locale.parse("en")) == "Central European Time"
    assert zone_name("Europe/Berlin", Locale.parse("de")) == "Mitteleuropäische Zeit"
    assert zone_name("America/New_York", Locale.parse("en")) == "Eastern Time"
