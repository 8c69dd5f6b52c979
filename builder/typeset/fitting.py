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
from builder.render.boxspec import BoxCheck, Overflow, box_text
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
    floors: dict[str, float] = field(default_factory=dict)  # a group's own, where higher

    def floor_of(self, group: str) -> float:
        return self.floors.get(group, self.floor_pt)


def floor_for(context: Mapping[str, Any]) -> float:
    """FLOOR_PT, or the higher floor a page's language asks for (a card or quick guide in
    Arabic script, in either language of a bilingual card: render/scripts.py)."""
    second = context.get("second") or {}
    return max(FLOOR_PT, context.get("floor_pt") or 0.0, second.get("floor_pt") or 0.0)


def group_floors(
    context: Mapping[str, Any], html: str, checks: Sequence[BoxCheck]
) -> dict[str, float]:
    """Each font group's floor: the page's (floor_for), raised to the floor of the script its
    text is in where one of the group's boxes prints text in Arabic script (a clinic's Arabic
    name on the back of an English card), unless the page is let go below it
    (typeset/job.py's at_card_floor sets text_floors to False)."""
    floor = floor_for(context)
    floors: dict[str, float] = {}
    for check in checks:
        if check.group:
            own = (
                scripts.text_floor_pt(box_text(html, check))
                if context.get("text_floors", True)
                else None
            )
            floors[check.group] = max(floors.get(check.group, floor), own or floor)
    return floors


def fit(
    layout: Layout,
    checks: Sequence[BoxCheck],
    start: Mapping[str, float],
    floor: float = FLOOR_PT,
    floors: Mapping[str, float] | None = None,
) -> Fitted:
    """Lay out, and while a box overflows, shrink its group one step and lay out again, never
    below the group's floor (`floors`, else `floor`)."""
    sizes = dict(start)
    own = {group: (floors or {}).get(group, floor) for group in sizes}
    while True:
        document, log = layout(sizes)
        lost = find_overflow(document.pages, checks)
        shrinkable = {
            o.check.group
            for o in lost
            if o.check.group in sizes and sizes[o.check.group] > own[o.check.group]
        }
        if not shrinkable:
            return Fitted(document, log, sizes, lost, floor, own)
        for group in shrinkable:
            sizes[group] = max(own[group], sizes[group] - STEP_PT)


def page_key(html: str, stylesheets: Sequence[str]) -> str:
    """Same text, template and styles, same sizes: what a found size is remembered by."""
    return hashlib.sha256("\0".join([html, *stylesheets]).encode()).hexdigest()


@dataclass
class FoundSizes:
    """Sizes found so far in this process, by page_key. A hit is only a starting point: the
    page is still laid out and checked, and stepped down further if anything overflows."""

    sizes: dict[str, dict[str, float]] = field(default_factory=dict)
    # For a search that ended with a box still overflowing: the floor it stopped at.
    stopped: dict[str, float] = field(default_factory=dict)

    def starting(
        self,
        key: str,
        start: Mapping[str, float],
        floor: float = FLOOR_PT,
        search: Callable[[Mapping[str, float]], Fitted] | None = None,
    ) -> dict[str, float]:
        """start, updated with what was found for key, searching with `search` if unknown.

        A search that stopped at a higher floor with a box overflowing (Arabic script's
        7.5 pt) is carried on from its sizes down to this floor: the same steps a search
        from the start would take, without laying a whole sheet out at each."""
        if search is not None and (key not in self.sizes or self.stopped.get(key, 0.0) > floor):
            found = search({**start, **self.sizes.get(key, {})})
            self.sizes[key] = found.font_pt
            if found.overflow:
                self.stopped[key] = floor
            else:
                self.stopped.pop(key, None)
        return {**start, **self.sizes.get(key, {})}

    def overflows(self, key: str, floor: float) -> bool:
        """Whether the search for key ended with a box overflowing at `floor` or below."""
        return key in self.stopped and self.stopped[key] <= floor

    def remember(self, key: str, fitted: Fitted) -> None:
        if fitted.font_pt and not fitted.overflow:
            self.sizes[key] = dict(fitted.font_pt)
