"""Which services a product shows, in what order.

Order everywhere: emergency first, then 24/7 crisis lines, then part-time crisis lines, text and
chat services, then support lines. Services flagged with caution are left out unless the pack opts
in, and services sharing a `group` are shown together or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass

from .helplines import CountryHelplines, Service

CARD_CRISIS_MAX = 2


def rank(service: Service) -> int:
    if service.kind == "emergency":
        return 0
    if service.kind == "crisis":
        return 1 if service.open_24_7 else 2
    if service.kind in ("text", "chat"):
        return 3
    return 4


@dataclass(frozen=True)
class Selection:
    services: tuple[Service, ...]
    left_out: tuple[Service, ...]

    @property
    def emergency(self) -> tuple[Service, ...]:
        return tuple(s for s in self.services if s.kind == "emergency")

    @property
    def crisis_24_7(self) -> tuple[Service, ...]:
        return tuple(s for s in self.services if s.kind == "crisis" and s.open_24_7)


def select(country: CountryHelplines, include_caution: bool) -> Selection:
    """Every printable service in display order, and what was left out for caution."""
    kept = [s for s in country.services if include_caution or not s.caution]
    cautious_groups = {s.group for s in country.services if s.group and s not in kept}
    left = [s for s in country.services if s not in kept or s.group in cautious_groups]
    kept = [s for s in kept if s not in left]
    order = {s.id: i for i, s in enumerate(country.services)}
    kept.sort(key=lambda s: (rank(s), order[s.id]))
    return Selection(tuple(kept), tuple(left))


def _with_group(chosen: list[Service], pool: tuple[Service, ...]) -> list[Service]:
    result: list[Service] = []
    for service in chosen:
        members = [s for s in pool if service.group and s.group == service.group] or [service]
        for member in members:
            if member not in result:
                result.append(member)
    return result


def card_lines(selection: Selection) -> tuple[Service, ...]:
    """The crisis lines for a wallet card: up to two 24/7 lines; part-time ones only as a fallback.

    A group that would push the card past its limit is dropped whole rather than split.
    """
    crisis = [s for s in selection.services if s.kind == "crisis"]
    preferred = [s for s in crisis if s.open_24_7] or crisis
    chosen: list[Service] = []
    for service in preferred:
        candidate = _with_group(chosen + [service], selection.services)
        if len(candidate) <= CARD_CRISIS_MAX:
            chosen = candidate
    return tuple(chosen)
