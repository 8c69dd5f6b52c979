"""Phone numbers: check against the country's numbering plan; format for print and tel: links.

libphonenumber (the `phonenumbers` package) knows full numbers and most short codes. A short code
it does not know (a line launched last year, a `*` code) is only accepted when the data says why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers
from phonenumbers import shortnumberinfo

# libphonenumber compiles its metadata's patterns through re.compile on every check; checking
# 118 countries' numbers needs more of them than re's own cache holds, so without this each
# load recompiled ~4,600 patterns (0.3-0.6 s). With it, each is compiled once per process.
phonenumbers.enable_pattern_cache()


@dataclass(frozen=True)
class Dialable:
    """A number as printed (as its publisher groups it, else national format) and as a tel:
    link (E.164 for full numbers)."""

    display: str
    tel: str
    short: bool
    unlisted: bool = False  # accepted only because the data explains why (unlisted_short_code)


class NumberError(ValueError):
    """The number is not valid for the country."""


NANP_TOLL_FREE = ("800", "833", "844", "855", "866", "877", "888")


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def same_digits(printed: str, dial: Dialable, country: str) -> bool:
    """Whether a published form of a number dials exactly the validated number: the same
    digits as its national form, or with the country code or a leading 1 (North America)."""
    digits = _digits(printed)
    national = _digits(dial.display)
    forms = {national, dial.tel.lstrip("+")}
    if dial.tel.startswith("+1"):
        forms.add(dial.tel[2:])
    if not dial.short and dial.tel.startswith("+"):
        number = phonenumbers.parse(dial.tel)
        nsn = phonenumbers.national_significant_number(number)
        forms |= {nsn, "0" + nsn}
    return digits in forms


# Hyphens are kept as published, not turned into spaces: Taiwan's "0800-50-7272" and Japan's
# "0120-279-338" are what posters and websites show, and a reader proofs the card against them.
# Unicode dashes and spaces are tidied to their ASCII forms; spaces around - . / are dropped.
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2212"), "-")
_GROUP = r"(?:\([\d*#]+\)|[\d*#]+)"
_GROUPED = re.compile(rf"{_GROUP}(?:[ ./-]?{_GROUP})*")


def published_form(value: str) -> str:
    """The number grouped as its publisher wrote it: digits in groups separated by one space,
    hyphen, dot or slash, with bracketed groups ("(011) 5275-1135"). "" when it cannot be
    printed as written (letters, a leading +, other punctuation)."""
    text = re.sub(r"\s+", " ", value.translate(_DASHES)).strip()
    text = re.sub(r" ?([./-]) ?", r"\1", text)
    return text if _GROUPED.fullmatch(text) else ""


def _published_grouping(value: str) -> str:
    """A short code as published; with odd punctuation, its digit groups joined by spaces."""
    return published_form(value) or re.sub(r"\s+", " ", re.sub(r"[^\d*# ]", " ", value)).strip()


# An extension after the number: "ext. 204", "extension 204", "x204", or the dialling pauses
# ",204" ";204" "#204" that libphonenumber reads as one (and prints as "x204").
_EXTENSION = re.compile(
    r"\d[\s.)-]*(?:[,;#]\s*(?:ext(?:ension)?[.=:]?)?|ext(?:ension)?[.=:]?|x)\s*(\d+)\s*$",
    re.IGNORECASE,
)


def dialable(value: str, country: str, unlisted_reason: str = "") -> Dialable:
    """Check a published number for country and return how to print and dial it."""
    value = value.strip()
    if extension := _EXTENSION.search(value):
        # A card's number must reach someone when dialled as printed: a tapped tel: link and
        # most callers drop what follows the number, and libphonenumber would print "x204".
        raise NumberError(
            f'"{value}" ends in an extension ({extension.group(1)}), which a caller dialling '
            "the printed number never reaches; give a number that is answered directly, or "
            "the main number here and the extension in words in hours_note "
            f'("ask for extension {extension.group(1)}")'
        )
    if re.search(r"[A-Za-z]", value):
        raise NumberError(f'"{value}" contains letters; give the digits only')
    if value.startswith(("*", "#")):
        if not unlisted_reason:
            raise NumberError(f'"{value}" is a star/hash code that libphonenumber cannot check')
        digits = re.sub(r"[^\d*#]", "", value)
        return Dialable(_published_grouping(value), digits, True, unlisted=True)
    try:
        number = phonenumbers.parse(value, country)
    except phonenumbers.NumberParseException as exc:
        raise NumberError(f'"{value}" cannot be read as a phone number ({exc})') from exc
    if number.extension:
        raise NumberError(
            f'"{value}" holds an extension ({number.extension}), which a caller dialling the '
            "printed number never reaches; give a number that is answered directly"
        )
    if phonenumbers.is_valid_number(number):
        region = phonenumbers.region_code_for_number(number)
        if region != country and country not in phonenumbers.region_codes_for_country_code(
            number.country_code or 0
        ):
            raise NumberError(f'"{value}" is a number for {region}, not {country}')
        display = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
        tel = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        nsn = phonenumbers.national_significant_number(number)
        if number.country_code == 1 and nsn[:3] in NANP_TOLL_FREE:
            # North American toll-free numbers are dialled, and published, with a leading 1:
            # "(800) 668-6868" leaves out a digit many callers need.
            display = f"1-{nsn[:3]}-{nsn[3:6]}-{nsn[6:]}"
        elif (
            (published := published_form(value))
            and "*" not in published
            and "#" not in published
            and _digits(published) in (_digits(display), nsn)
        ):
            # The form on the service's posters and website ("70 201 201"), not
            # libphonenumber's regrouping ("70 20 12 01"): same digits, so it dials the same.
            # So too a number published without its trunk prefix (India's NCW "7827170170",
            # not "078271 70170"): the form people recognise, dialling the same number; the
            # tel: link is E.164 either way. Never a number missing other digits (an area
            # code left out): that is a different string to dial.
            display = published
        return Dialable(display, tel, False)
    known = shortnumberinfo.is_valid_short_number_for_region(number, country)
    if known or unlisted_reason:
        digits = phonenumbers.national_significant_number(number)
        if value.startswith("0") and not digits.startswith("0"):
            digits = "0" + digits
        return Dialable(_published_grouping(value), digits, True, unlisted=not known)
    raise NumberError(f'"{value}" is not a valid number for {country}')
