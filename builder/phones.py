"""Phone numbers: check against the country's numbering plan; format for print and tel: links.

libphonenumber (the `phonenumbers` package) knows full numbers and most short codes. A short code
it does not know (a line launched last year, a `*` code) is only accepted when the data says why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers
from phonenumbers import shortnumberinfo


@dataclass(frozen=True)
class Dialable:
    """A number as printed (national format) and as a tel: link."""

    display: str
    tel: str
    short: bool
    unlisted: bool = False  # accepted only because the data explains why (unlisted_short_code)


class NumberError(ValueError):
    """The number is not valid for the country."""


def _published_grouping(value: str) -> str:
    """Keep the publisher's digit grouping for short codes, dropping other punctuation."""
    return re.sub(r"\s+", " ", re.sub(r"[^\d*# ]", " ", value)).strip()


def dialable(value: str, country: str, unlisted_reason: str = "") -> Dialable:
    """Check a published number for country and return how to print and dial it."""
    value = value.strip()
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
    if phonenumbers.is_valid_number(number):
        region = phonenumbers.region_code_for_number(number)
        if region != country and country not in phonenumbers.region_codes_for_country_code(
                number.country_code or 0):
            raise NumberError(f'"{value}" is a number for {region}, not {country}')
        display = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
        tel = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        return Dialable(display, tel, False)
    known = shortnumberinfo.is_valid_short_number_for_region(number, country)
    if known or unlisted_reason:
        digits = phonenumbers.national_significant_number(number)
        if value.startswith("0") and not digits.startswith("0"):
            digits = "0" + digits
        return Dialable(_published_grouping(value), digits, True, unlisted=not known)
    raise NumberError(f'"{value}" is not a valid number for {country}')
