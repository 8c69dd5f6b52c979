"""Which services a product shows, in what order.

Order everywhere: emergency first, then urgent mental-health lines, 24/7 crisis lines, part-time
crisis lines (printed with their hours), text and chat services, support lines, carers' lines and
domestic-abuse lines. Services sharing a `group` (the
adult and youth lines of one provider) are shown together, next to each other, or not at all.

Rows flagged with caution stay off wallet cards and the handout's "call now" box unless the pack
opts in: a card has no room to say what is doubtful. The handout's help directory lists them with
plain sentences saying what could not be confirmed (see views.unconfirmed_sentences).
"""

from __future__ import annotations

from dataclasses import dataclass

from .helplines import CountryHelplines, Service

CARD_LINES_MAX = 2
CARD_KINDS = ("urgent", "crisis", "text", "chat")
# Kinds for the moment of crisis: cards, the safety plan. The rest are for the help page.
CRISIS_KINDS = ("emergency", *CARD_KINDS)
RANK = {"emergency": 0, "urgent": 1, "crisis": 2, "text": 4, "chat": 4, "support": 5,
        "carers": 6, "abuse": 7}


def rank(service: Service) -> int:
    """Print order by kind; a part-time crisis line after the 24/7 ones."""
    if service.kind == "crisis" and not service.open_24_7:
        return 3
    return RANK[service.kind]


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
    """Every printable service in display order, and what was left out for caution.

    A group is kept only if every member is; members sort together at the place of the group's
    highest-ranked member.
    """
    services = country.services
    doubtful_groups = {s.group for s in services if s.group and s.caution and not include_caution}
    left = [s for s in services
            if (s.caution and not include_caution) or (s.group and s.group in doubtful_groups)]
    kept = [s for s in services if s not in left]
    position = {s.id: i for i, s in enumerate(services)}

    lead = {}
    for service in kept:
        members = [m for m in kept if service.group and m.group == service.group] or [service]
        lead[service.id] = min((rank(m), position[m.id]) for m in members)
    kept.sort(key=lambda s: (*lead[s.id], rank(s), position[s.id]))
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
    """The lines under the emergency number on a wallet card, in the order above.

    Only crisis, text and chat services; up to CARD_LINES_MAX. A group that would push the card
    past its limit is dropped whole rather than split.
    """
    chosen: list[Service] = []
    for service in selection.services:
        if service.kind not in CARD_KINDS:
            continue
        candidate = _with_group(chosen + [service], selection.services)
        if len(candidate) <= CARD_LINES_MAX:
            chosen = candidate
    order = {s.id: i for i, s in enumerate(selection.services)}
    return tuple(sorted(chosen, key=lambda s: order[s.id]))
