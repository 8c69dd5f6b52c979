"""Make fixed boxes fit: step a group's font size down, never below a readable floor.

A card face is a fixed size, and a translation may be much longer than the English. Rather
than cut text off (or fail at once), each group of boxes (all fronts, all backs, the print
instruction) is laid out again in small steps down to FLOOR_PT (higher for a card or quick
guide in Arabic script: render/scripts.py); what still does not fit is returned so the build
can fail naming the text.

Each step is a whole layout, so the search runs on the smallest page holding the boxes (a
product's probe: one card rather than a sheet of ten), and the sizes found are remembered by the
probe's HTML, so the card, the sheet and the fold-over card of one document search only once.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import weasyprint

from builder.render import scripts
from builder.render.boxspec import BoxCheck, Overflow
from builder.typeset.layoutfaults import find_overflow

FLOOR_PT = scripts.FLOOR_PT
STEP_PT = 0.25

Layout = Callable[[Mapping[str, float]], tuple[weasyprint.Document, list[str]]]


@dataclass
class Fitted:
    document: weasyprint.Document
    log: list[str]
    font_pt: dict[str, float]
    overflow: list[Overflow]
    floor_pt: float = FLOOR_PT  # what the sizes could not go below


def floor_for(context: Mapping[str, Any]) -> float:
    """FLOOR_PT, or the higher floor a page's language asks for (a card or quick guide in
    Arabic script, in either language of a bilingual card: render/scripts.py)."""
    second = context.get("second") or {}
    return max(FLOOR_PT, context.get("floor_pt") or 0.0, second.get("floor_pt") or 0.0)


def fit(
    layout: Layout,
    checks: Sequence[BoxCheck],
    start: Mapping[str, float],
    floor: float = FLOOR_PT,
) -> Fitted:
    """Lay out, and while a box overflows, shrink its group one step and lay out again."""
    sizes = dict(start)
    while True:
        document, log = layout(sizes)
        lost = find_overflow(document.pages, checks)
        shrinkable = {
            o.check.group for o in lost if o.check.group in sizes and sizes[o.check.group] > floor
        }
        if not shrinkable:
            return Fitted(document, log, sizes, lost, floor)
        for group in shrinkable:
            sizes[group] = max(floor, sizes[group] - STEP_PT)


def page_key(html: str, stylesheets: Sequence[str]) -> str:
    """Same text, template and styles, same sizes: what a found size is remembered by."""
    return hashlib.sha256("\0".join([html, *stylesheets]).encode()).hexdigest()


@dataclass
class FoundSizes:
    """Sizes found so far in this process, by page_key. A hit is only a starting point: the
    page is still laid out and checked, and stepped down further if anything overflows."""

    sizes: dict[str, dict[str, float]] = field(default_factory=dict)

    def starting(
        self, key: str, start: Mapping[str, float], search: Callable[[], Fitted] | None = None
    ) -> dict[str, float]:
        """start, updated with what was found for key, searching with `search` if unknown."""
        if key not in self.sizes and search is not None:
            self.sizes[key] = search().font_pt
        return {**start, **self.sizes.get(key, {})}

    def remember(self, key: str, fitted: Fitted) -> None:
        if fitted.font_pt and not fitted.overflow:
            self.sizes[key] = dict(fitted.font_pt)
