"""The three levels of urgency, each filled from the country's helpline data.

1. Life in danger now: the emergency number.
2. Urgent, but safe for the next hours: an urgent mental-health line (kind "urgent"), else the
   first 24/7 crisis line. The pack's text never names a service, so a country without an
   urgent line still prints a true level 2.
3. To talk, for either of you: crisis, text and chat lines; where a country has none, its
   national listening line (`listening = true`).

A line for one audience (a teen line, a line for men) never stands as a level's line on its
own: the rows speak to any adult partner or relative, and a teenagers' line in them would send
an adult to the wrong service. It is printed beside the general line of its group (adult and
youth lines go together); with no general line, the level says what to do without a line, and
the help page and safety plan list the audience line labelled with whom it is for.

The handout's first page, its "What to do now" section, the wallet card and the safety plan all
print these levels, so a reader finds the same numbers in the same rows everywhere. The kind
names are plain strings here: the data model may not know every kind yet, and a kind it does
not know simply never matches.
"""

from __future__ import annotations

from dataclasses import dataclass

from builder.model.helplines import Service
from builder.render.selection import Selection

URGENT_KINDS: tuple[str, ...] = ("urgent",)
TALK_KINDS: tuple[str, ...] = ("crisis", "text", "chat")
CARERS_KINDS: tuple[str, ...] = ("carers",)
ABUSE_KINDS: tuple[str, ...] = ("abuse",)
HANDOUT_TALK_MAX = 2
CARD_TALK_MAX = 2


@dataclass(frozen=True)
class Levels:
    danger: tuple[Service, ...]
    urgent: tuple[Service, ...]
    talk: tuple[Service, ...]
    urgent_is_crisis_line: bool  # no urgent line in the data: level 2 is the 24/7 crisis line

    @property
    def services(self) -> tuple[Service, ...]:
        """Every service the levels print, each once, in level order."""
        seen: list[Service] = []
        for service in (*self.danger, *self.urgent, *self.talk):
            if service not in seen:
                seen.append(service)
        return tuple(seen)


def general(service: Service) -> bool:
    """A line for anyone who calls, so it may stand as a level's line."""
    return service.audience == "everyone"


def _with_group(service: Service, pool: tuple[Service, ...]) -> list[Service]:
    """A service and the other members of its group (adult and youth lines go together)."""
    return [s for s in pool if service.group and s.group == service.group] or [service]


def talk_lines(
    selection: Selection, limit: int, skip: tuple[Service, ...] = ()
) -> tuple[Service, ...]:
    """Up to `limit` crisis, text and chat lines in display order (24/7 crisis lines first),
    each general or in the group of a general one; with no general line, the listening line.

    A group that would go past the limit is left out whole, never split. Lines in `skip` are
    left out when others remain (a card has no room to print a line twice).
    """
    talk = tuple(s for s in selection.services if s.kind in TALK_KINDS)
    pool = talk if any(map(general, talk)) else tuple(s for s in selection.services if s.listening)
    if skip and any(s not in skip for s in pool):
        pool = tuple(s for s in pool if s not in skip)
    chosen: list[Service] = []
    for service in filter(general, pool):
        candidate = chosen + [m for m in _with_group(service, pool) if m not in chosen]
        if len(candidate) <= limit:
            chosen = candidate
    order = {s.id: i for i, s in enumerate(pool)}
    return tuple(sorted(chosen, key=lambda s: order[s.id]))


def urgent_lines(selection: Selection) -> tuple[tuple[Service, ...], bool]:
    """Level 2: the first general urgent line, else the first general 24/7 crisis line; and
    whether it fell back."""
    urgent = tuple(s for s in selection.services if s.kind in URGENT_KINDS and general(s))
    if urgent:
        return urgent[:1], False
    crisis = [s for s in selection.services if s.kind == "crisis" and s.open_24_7 and general(s)]
    return tuple(crisis[:1]), True


def levels(
    selection: Selection, talk_max: int = HANDOUT_TALK_MAX, skip_repeats: bool = False
) -> Levels:
    danger = selection.emergency
    urgent, fallback = urgent_lines(selection)
    talk = talk_lines(selection, talk_max, urgent if skip_repeats else ())
    return Levels(danger, urgent, talk, fallback)


def of_kinds(selection: Selection, kinds: tuple[str, ...]) -> tuple[Service, ...]:
    return tuple(s for s in selection.services if s.kind in kinds)
