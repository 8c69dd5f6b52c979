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


NANP_TOLL_FREE = ("800", "833", "844", "855", "866", "877", "888")


def same_digits(printed: str, dial: Dialable, country: str) -> bool:
    """Whether a published form of a number dials exactly the validated number: the same
    digits as its national form, or with the country code or a leading 1 (North America)."""
    digits = re.sub(r"\D", "", printed)
    national = re.sub(r"\D", "", dial.display)
    forms = {national, dial.tel.lstrip("+")}
    if dial.tel.startswith("+1"):
        forms.add(dial.tel[2:])
    if not dial.short and dial.tel.startswith("+"):
        number = phonenumbers.parse(dial.tel)
        nsn = phonenumbers.national_significant_number(number)
        forms |= {nsn, "0" + nsn}
    return digits in forms


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
        nsn = phonenumbers.national_significant_number(number)
        if number.country_code == 1 and nsn[:3] in NANP_TOLL_FREE:
            # North American toll-free numbers are dialled, and published, with a leading 1:
            # "(800) 668-6868" leaves out a digit many callers need.
            display = f"1-{nsn[:3]}-{nsn[3:6]}-{nsn[6:]}"
        return Dialable(display, tel, False)
    known = shortnumberinfo.is_valid_short_number_for_region(number, country)
    if known or unlisted_reason:
        digits = phonenumbers.national_significant_number(number)
        if value.startswith("0") and not digits.startswith("0"):
            digits = "0" + digits
        return Dialable(_published_grouping(value), digits, True, unlisted=not known)
    raise NumberError(f'"{value}" is not a valid number for {country}')
