"""Plain words for the mistakes people make most: a country name or "UK" for a code, a colour
name for a hex colour, a name with capitals or spaces for an id. Used wherever such a value is
checked, so every message says what to write instead (and never quotes a regular expression).
"""

from __future__ import annotations

import difflib
import re
from functools import cache

import phonenumbers
from babel import Locale
from PIL import ImageColor

# Codes people write that ISO 3166 does not use.
COMMON_CODES = {
    "UK": "GB",
    "EN": "GB",
    "ENGLAND": "GB",
    "SCOTLAND": "GB",
    "WALES": "GB",
    "USA": "US",
    "UAE": "AE",
    "KOREA": "KR",
}


@cache
def _names() -> dict[str, str]:
    english = Locale.parse("en")
    return {
        name.casefold(): code
        for code, name in english.territories.items()
        if len(code) == 2 and code.isalpha()
    }


def percent(share: float) -> str:
    """A share (0 to 1) as a percentage rounded down, so 94.99% never reads as the 95% it
    falls short of."""
    return f"{int(share * 1000) / 10:g}%"


def known_country(code: str) -> bool:
    return len(code) == 2 and code.isupper() and code in phonenumbers.SUPPORTED_REGIONS


def country_suggestion(value: str) -> str | None:
    """The ISO code meant by value ("uk", "United Kingdom", "Germny"), if one is clear."""
    text = value.strip()
    if known_country(text.upper()):
        return text.upper()
    if text.upper() in COMMON_CODES:
        return COMMON_CODES[text.upper()]
    names = _names()
    if text.casefold() in names:
        return names[text.casefold()]
    close = difflib.get_close_matches(text.casefold(), list(names), n=1, cutoff=0.8)
    return names[close[0]] if close else None


def country_problem(value: str) -> str | None:
    """Why value is not a country code, with the code to use when it is clear; None if fine."""
    if known_country(value):
        return None
    meant = country_suggestion(value)
    hint = (
        f': use "{meant}"'
        if meant and meant != value
        else ': use the two-letter ISO code in capitals, like "GB", "US" or "DE"'
    )
    return f'"{value}" is not a country code{hint}'


def colour_problem(value: str) -> str | None:
    """Why value is not a #rrggbb colour, with the hex code of a colour name if it is one."""
    if re.fullmatch(r"#[0-9a-fA-F]{6}", value):
        return None
    try:
        red, green, blue = ImageColor.getrgb(value)[:3]
    except ValueError:
        return f'"{value}" is not a colour: write it as # and six hex digits, like "#1d5c3f"'
    return f'"{value}" must be written as a hex colour: use "#{red:02x}{green:02x}{blue:02x}"'


def id_problem(value: str) -> str:
    suggestion = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")
    hint = f': use "{suggestion}"' if suggestion else ""
    return (
        f'"{value}" is not a usable id: ids are lower-case letters, digits and dashes, '
        f"starting with a letter or digit{hint}"
    )


def pattern_problem(field: str, value: object) -> str:
    """A field that did not match its required form, explained for that field."""
    text = str(value)
    if field == "country":
        return country_problem(text) or f'"{text}" is not a country code'
    if field == "accent":
        return colour_problem(text) or f'"{text}" is not a colour'
    if field == "id":
        return id_problem(text)
    if field == "version":
        return f'"{text}" is not a version number: write three numbers like "1.2.0"'
    return f'"{text}" is not in the expected form'
