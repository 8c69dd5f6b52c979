"""Formats that follow the reader's country, not only their language.

A document is written in a language (its catalog) for a country (its helplines). Dates,
times, day names, list joins and the first day of the week come from CLDR (through the locked
Babel) for that pair: English for the UK prints "22 November 2026" and "09:00", English for
the US "November 22, 2026" and "9:00 AM", Hebrew or Arabic for Israel start the week on Sunday.
"""

from __future__ import annotations

from functools import cache

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.languages import get_official_languages


@cache
def _formatting_locale(language: str, script: str | None, country: str) -> Locale | None:
    try:
        return Locale(language, territory=country, script=script)
    except (UnknownLocaleError, ValueError):
        return None


def formatting_locale(locale: Locale, country: str) -> Locale:
    """The locale that formats a document in locale's language for country ("en" + "GB" is
    en_GB; "pt_BR" + "PT" is pt_PT). CLDR has no data for every pair (Hindi for Egypt): then
    the language's own formats, which are what the catalog's translators wrote for."""
    if not country or country == locale.territory:
        return locale
    found = _formatting_locale(locale.language, locale.script, country)
    if found is not None:
        return found
    if locale.language == "en" and locale.territory is None and not _twelve_hour(country):
        # English has no CLDR data for Luxembourg, Argentina or Vietnam; plain "en" is US
        # English, whose 12-hour clock sat beside the 24-hour times on the country's own
        # posters ("11:00 AM–11:00 PM and weekend nights 23:00–07:00"). Where the country's
        # clock is the 24-hour one, English as CLDR writes it for Europe: "23:00", "1 December
        # 2026".
        return Locale.parse("en_150")
    return locale


@cache
def _twelve_hour(country: str) -> bool:
    """Whether the country's own clock has AM and PM: that of its first official language
    CLDR has formats for in that country (CLDR's list, Babel's data). Unknown: yes, as plain
    English has."""
    for language in get_official_languages(country, de_facto=True):
        try:
            return clock_is_12_hour(Locale.parse(f"{language}_{country}"))
        except (UnknownLocaleError, ValueError):
            continue
    return True


@cache
def zone_count(country: str) -> int:
    """How many distinct clocks (CLDR metazones) a country's time zones show: 1 for the UK
    and Germany, 7 for the US. A zone is printed next to hours only where this is above 1;
    in a one-zone country it is noise ("(British Time)")."""
    territories = get_global("zone_territories")
    metazones = get_global("meta_zones")
    return len(
        {
            metazones.get(zone, zone)
            for zone, territory in territories.items()
            if territory == country
        }
    )


def clock_is_12_hour(locale: Locale) -> bool:
    """True where CLDR's short time pattern has an AM/PM marker (en_US "h:mm a")."""
    pattern = str(locale.time_formats["short"].pattern)
    return "h" in pattern or "K" in pattern
