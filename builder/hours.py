"""Opening hours as data, printed in the reader's language with Babel's day and time names."""

from __future__ import annotations

from collections.abc import Callable
from datetime import time

from babel import Locale
from babel.dates import format_time, get_timezone, get_timezone_name
from babel.lists import format_list

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def parse_clock(text: str) -> time:
    """Parse "HH:MM"; "24:00" means the end of the day."""
    hours, _, minutes = text.partition(":")
    if not (hours.isdigit() and minutes.isdigit() and len(minutes) == 2):
        raise ValueError(f'"{text}" is not a time like "09:00"')
    h, m = int(hours), int(minutes)
    if (h, m) == (24, 0):
        return time(0, 0)
    if not (0 <= h < 24 and 0 <= m < 60):
        raise ValueError(f'"{text}" is not a time of day')
    return time(h, m)


def _runs(days: list[str]) -> list[tuple[str, str]]:
    """Group days into contiguous runs in week order: [("mon", "fri"), ("sun", "sun")]."""
    indexes = sorted({DAYS.index(d) for d in days})
    runs: list[tuple[int, int]] = []
    for i in indexes:
        if runs and runs[-1][1] == i - 1:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    return [(DAYS[a], DAYS[b]) for a, b in runs]


def format_days(days: list[str], locale: Locale, gettext: Callable[[str], str]) -> str:
    if len(set(days)) == 7:
        return gettext("Every day")
    names = locale.days["format"]["abbreviated"]
    parts = []
    for start, end in _runs(days):
        a, b = names[DAYS.index(start)], names[DAYS.index(end)]
        parts.append(a if start == end else f"{a}\u2013{b}")
    return format_list(parts, style="standard", locale=locale)


def format_range(days: list[str], start: str, end: str, locale: Locale,
                 gettext: Callable[[str], str]) -> str:
    if (start, end) == ("00:00", "24:00"):
        whole_day = gettext("24 hours")
        return f"{format_days(days, locale, gettext)} {whole_day}"
    opens, closes = clock(start, locale, gettext), clock(end, locale, gettext)
    return f"{format_days(days, locale, gettext)} {opens}\u2013{closes}"


def clock(text: str, locale: Locale, gettext: Callable[[str], str]) -> str:
    """A time of day in the reader's format. On a 12-hour clock midnight is a word: "12:00
    AM" is read as noon about as often as not. A 24-hour clock says 00:00 plainly."""
    if text in ("00:00", "24:00") and "a" in str(locale.time_formats["short"].pattern):
        return gettext("midnight")
    return format_time(parse_clock(text), format="short", locale=locale)


def zone_name(zone: str, locale: Locale) -> str:
    """CLDR's generic name for the zone in the reader's language ("Central European Time").

    Hours are printed with their zone so a line in a country with several zones, or a reader
    abroad, is never left guessing which clock is meant.
    """
    return get_timezone_name(get_timezone(zone), width="long", zone_variant="generic",
                             locale=locale)
