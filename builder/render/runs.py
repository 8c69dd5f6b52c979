"""Printed text that mixes words, numbers and labels, made to read the same in either direction.

Hours such as "16:00–24:00" are a run of digits, colons and a dash. Inside right-to-left text
the bidi algorithm orders the two times right to left ("24:00–16:00"), so every number run is
marked up as its own left-to-right run, as phone numbers already are. A label and its value are
joined with a space unless the label ends in full-width punctuation ("費用：免費"), whose glyph
already carries the space.
"""

from __future__ import annotations

import re
import unicodedata

from markupsafe import Markup, escape

# Digits (any script), with the separators of times and decimals, optionally a range of two.
NUMBER_RUN = re.compile(r"\d+(?:[:.,]\d+)*(?:\s?[–—-]\s?\d+(?:[:.,]\d+)*)?")


def ltr_runs(text: str) -> Markup:
    """The text, escaped, with every number run in its own left-to-right span."""
    parts: list[str] = []
    position = 0
    for run in NUMBER_RUN.finditer(text):
        parts.append(escape(text[position : run.start()]))
        parts.append(Markup('<span class="run" dir="ltr">%s</span>') % run.group())
        position = run.end()
    parts.append(escape(text[position:]))
    return Markup("").join(parts)


def full_width_end(label: str) -> bool:
    """Whether a label ends in a full-width character (the CJK colon "：" and its kin)."""
    return bool(label) and unicodedata.east_asian_width(label[-1]) in ("F", "W")


def labelled(label: str, value: str) -> str:
    """A translated label ("Cost:", "費用：") and its value, spaced as the label's script is."""
    return f"{label}{value}" if full_width_end(label) else f"{label} {value}"
