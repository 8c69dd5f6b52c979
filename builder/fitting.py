"""Make fixed boxes fit: step a group's font size down, never below a readable floor.

A card face is a fixed size, and a translation may be much longer than the English. Rather
than cut text off (or fail at once), each group of boxes (all fronts, all backs, the print
instruction) is laid out again in small steps down to FLOOR_PT; what still does not fit is
returned so the build can fail naming the text.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import weasyprint

from .boxspec import BoxCheck, Overflow
from .layoutfaults import find_overflow

FLOOR_PT = 7.0
STEP_PT = 0.25

Layout = Callable[[Mapping[str, float]], tuple[weasyprint.Document, list[str]]]


@dataclass
class Fitted:
    document: weasyprint.Document
    log: list[str]
    font_pt: dict[str, float]
    overflow: list[Overflow]


def fit(layout: Layout, checks: Sequence[BoxCheck], start: Mapping[str, float]) -> Fitted:
    """Lay out, and while a box overflows, shrink its group one step and lay out again."""
    sizes = dict(start)
    while True:
        document, log = layout(sizes)
        lost = find_overflow(document.pages, checks)
        shrinkable = {o.check.group for o in lost
                      if o.check.group in sizes and sizes[o.check.group] > FLOOR_PT}
        if not shrinkable:
            return Fitted(document, log, sizes, lost)
        for group in shrinkable:
            sizes[group] = max(FLOOR_PT, sizes[group] - STEP_PT)
