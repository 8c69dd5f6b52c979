"""Which services a product shows, in what order.

Order everywhere: emergency first, then urgent mental-health lines, 24/7 crisis lines, part-time
crisis lines (printed with their hours), text and chat services, support lines, carers' lines and
domestic-abuse lines. Services sharing a `group` (the
adult and youth lines of one provider) are shown together, next to each other, or not at all.

Withheld rows (caution = "withhold": the number may be wrong or dead) stay off wallet cards, the
safety plan and the handout's "call now" box. The handout's help directory lists them with plain
sentences saying what could not be confirmed (see views.unconfirmed_sentences). Rows with
caution = "note" print everywhere, with their doubts said to the reader.

A card has two lines under the emergency number: the urgent line or a crisis line, then a line
to talk to. A country with a printable crisis line always prints one; a country with none prints
its national listening line (`listening = true`) as the line to talk to, where it has one.
"""

from __future__ import annotations

from dataclasses import dataclass

from builder.model.helplines import CountryHelplines, Service

CARD_LINES_MAX = 2
CARD_KINDS = ("urgent", "crisis", "text", "chat")
# Kinds for the moment of crisis: cards, the safety plan. The rest are for the help page.
CRISIS_KINDS = ("emergency", *CARD_KINDS)
RANK = {
    "emergency": 0,
    "urgent": 1,
    "crisis": 2,
    "text": 4,
    "chat": 4,
    "support": 5,
    "carers": 6,
    "abuse": 7,
}


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


def select(country: CountryHelplines, include_withheld: bool) -> Selection:
    """Every printable service in display order, and what was withheld.

    A group is kept only if every member is; members sort together at the place of the group's
    highest-ranked member.
    """
    services = country.services
    doubtful_groups = {s.group for s in services if s.group and s.withheld and not include_withheld}
    left = [
        s
        for s in services
        if (s.withheld and not include_withheld) or (s.group and s.group in doubtful_groups)
    ]
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
    """The lines under the emergency number on a wallet card, in print order.

    Up to CARD_LINES_MAX: the first urgent line, then the first crisis line (a country with a
    printable crisis line always shows one), then crisis, text and chat lines in order, and a
    national listening line where nothing else fills the card. A group that would push the card
    past its limit is dropped whole rather than split.
    """
    services = selection.services
    urgent = [s for s in services if s.kind == "urgent"][:1]
    crisis = [s for s in services if s.kind == "crisis"][:1]
    rest = [s for s in services if s.kind in CARD_KINDS and s.kind != "urgent"]
    listening = [s for s in services if s.listening]
    chosen: list[Service] = []
    for service in urgent + crisis + rest + listening:
        candidate = _with_group(chosen + [service], services)
        if len(candidate) <= CARD_LINES_MAX:
            chosen = candidate
    order = {s.id: i for i, s in enumerate(services)}
    return tuple(sorted(chosen, key=lambda s: order[s.id]))
