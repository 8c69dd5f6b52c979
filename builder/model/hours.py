"""Opening hours as data, printed with Babel's day and time names in the formats of the
document's formatting locale (language and country: see regional.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import time

from babel import Locale
from babel.dates import format_time, get_timezone, get_timezone_name
from babel.lists import format_list

from builder.model.regional import clock_is_12_hour

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


def week(locale: Locale) -> tuple[str, ...]:
    """The days in the order the locale's country starts its week (CLDR week data): Monday
    first in Germany, Sunday first in Israel and the US."""
    first = locale.first_week_day
    return DAYS[first:] + DAYS[:first]


def _runs(days: list[str], order: tuple[str, ...] = DAYS) -> list[tuple[str, str]]:
    """Group days into contiguous runs in week order: [("mon", "fri"), ("sun", "sun")]; with
    a Sunday-first order, Sunday to Thursday is one run, ("sun", "thu")."""
    indexes = sorted({order.index(d) for d in days})
    runs: list[tuple[int, int]] = []
    for i in indexes:
        if runs and runs[-1][1] == i - 1:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    named = [(order[a], order[b]) for a, b in runs]
    # A weekend across the week's edge reads as one run ("Sat–Sun" in a Sunday-first
    # country), not as "Sun and Sat"; a longer wrap keeps the week's own start.
    if (
        len(runs) > 1
        and runs[0][0] == 0
        and runs[-1][1] == len(order) - 1
        and (runs[0][1] + 1) + (len(order) - runs[-1][0]) <= 3
    ):
        named = [(order[runs[-1][0]], order[runs[0][1]]), *named[1:-1]]
    return named


def format_days(days: list[str], locale: Locale, gettext: Callable[[str], str]) -> str:
    if len(set(days)) == 7:
        return gettext("Every day")
    names = locale.days["format"]["abbreviated"]
    parts = []
    for start, end in _runs(days, week(locale)):
        a, b = names[DAYS.index(start)], names[DAYS.index(end)]
        parts.append(a if start == end else f"{a}\u2013{b}")
    return format_list(parts, style="standard", locale=locale)


def format_range(
    days: list[str], start: str, end: str, locale: Locale, gettext: Callable[[str], str]
) -> str:
    if (start, end) == ("00:00", "24:00"):
        whole_day = gettext("24 hours")
        return f"{format_days(days, locale, gettext)} {whole_day}"
    opens, closes = clock(start, locale, gettext), clock(end, locale, gettext)
    return f"{format_days(days, locale, gettext)} {opens}\u2013{closes}"


def clock(text: str, locale: Locale, gettext: Callable[[str], str]) -> str:
    """A time of day in the reader's format. On a 12-hour clock midnight is a word: "12:00
    AM" is read as noon about as often as not. A 24-hour clock says 00:00 plainly when a
    service opens and 24:00 when it closes at the end of the day ("18:00–24:00")."""
    # One time never breaks over two lines: "5:00 م" (Arabic), "5:00 pm" (Hindi) and "17:00
    # น." (Thai) come from CLDR with a plain space before the day period, and midnight is two
    # words in Arabic, Hindi and Malay ("منتصف الليل", "आधी रात", "tengah malam").
    if text in ("00:00", "24:00") and clock_is_12_hour(locale):
        return gettext("midnight").replace(" ", "\u00a0")
    formatted = format_time(parse_clock(text), format="short", locale=locale).replace(" ", "\u00a0")
    if text == "24:00":
        hour = "00" if "HH" in str(locale.time_formats["short"].pattern) else "0"
        formatted = formatted.replace(hour, "24", 1)
    return formatted


def join_ranges(parts: list[str], locale: Locale) -> str:
    """Several opening ranges (and a schedule note) joined the locale's way: its list
    pattern, never a hard-coded Latin semicolon."""
    return format_list([p for p in parts if p], style="standard", locale=locale)


def zone_name(zone: str, locale: Locale) -> str:
    """CLDR's generic name for the zone in the reader's language ("Eastern Time").

    Printed next to hours only in a country with several zones (regional.zone_count), so a
    reader there is never left guessing which clock is meant.
    """
    return get_timezone_name(
        get_timezone(zone), width="long", zone_variant="generic", locale=locale
    )
