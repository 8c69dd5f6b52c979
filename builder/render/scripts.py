"""How small printed text may be set, by the script it is written in.

Cards and the quick guide are fixed boxes whose type is stepped down to fit (typeset/fitting.py).
Any text may go down to FLOOR_PT; Arabic script (Arabic, Persian, Urdu) has a small x-height and
is hard to read that small, so text in it stops at ARABIC_SCRIPT_FLOOR_PT. The floor follows the
script of what prints: a document in an Arabic-script language, and also an Arabic-script name
on a page in another language (a clinic's own name on an English card).
"""

from __future__ import annotations

import unicodedata

from babel import Locale
from babel.core import get_global

FLOOR_PT = 7.0
ARABIC_SCRIPT_FLOOR_PT = 7.5


def script_of(lang: str) -> str:
    """The script a language (a locale or its BCP 47 tag, zh-Hant) is written in: its own,
    else CLDR's likely one (fa -> Arab, he -> Hebr)."""
    locale = Locale.parse(lang.replace("-", "_"))
    if locale.script:
        return str(locale.script)
    likely = str(get_global("likely_subtags").get(locale.language, "")).split("_")
    return likely[1] if len(likely) > 2 else ""


def script_floor_pt(lang: str) -> float | None:
    """The floor a document's language asks for above FLOOR_PT, if any."""
    return ARABIC_SCRIPT_FLOOR_PT if script_of(lang) == "Arab" else None


def text_floor_pt(text: str) -> float | None:
    """The floor text asks for above FLOOR_PT, if any: Arabic script's where it has a letter
    in that script (Unicode names them all ARABIC ..., presentation forms included)."""
    for char in text:
        if char.isalpha() and unicodedata.name(char, "").startswith("ARABIC"):
            return ARABIC_SCRIPT_FLOOR_PT
    return None
