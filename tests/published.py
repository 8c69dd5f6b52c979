"""Compare a number as written in the data with the reference table's cell for its service.

The reference's phone and sms cells are what the sources published ("70 201 201", "0800-50-7272
(source writes ...)", "999 (112 also works)"). A data value with the same digits as a number in
such a cell but another grouping was retyped, not copied: since the value is what gets printed,
it must follow the reference.
"""

from __future__ import annotations

import re

from builder.model.phones import published_form

# One run of a published number: digit groups joined by a separator the publishers use
# (" / " as in "0228 / 71002424" included), with an optional bracketed area code.
GROUP = re.compile(r"\(\+?\d+\)|[*#+]?\d+#?")
JOIN = re.compile(r" ?[\-\u2010-\u2014./] ?| ")


def written_forms(cell: str, digits: str) -> list[str]:
    """Every stretch of cell whose digit groups are exactly digits, as written there."""
    groups = [(m.start(), m.end()) for m in GROUP.finditer(cell)]
    forms = []
    for i in range(len(groups)):
        for j in range(i, len(groups)):
            if j > i and not JOIN.fullmatch(cell[groups[j - 1][1] : groups[j][0]]):
                break
            text = cell[groups[i][0] : groups[j][1]]
            if re.sub(r"\D", "", text) == digits:
                forms.append(text.strip())
    return forms


def stray_grouping(value: str, cells: list[str]) -> str:
    """The reference's form of value when it is grouped otherwise there ("" when it matches,
    or when the reference does not carry these digits)."""
    digits = re.sub(r"\D", "", value)
    forms = [form for cell in cells for form in written_forms(cell, digits)]
    mine = published_form(value) or value
    if not forms or any((published_form(form) or form) == mine for form in forms):
        return ""
    return forms[0]
