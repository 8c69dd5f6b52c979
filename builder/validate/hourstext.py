"""Structured opening hours that disagree with the service's own hours text.

Pages print a service's `[[services.opening]]` rows; `hours_note` (never printed) keeps the
hours as its source states them. When the rows were typed by hand from that text, a row can be
lost: SeeleFon's source says "Mon-Thu 10:00-12:00 and 14:00-20:00; Fri 10:00-12:00 and
14:00-18:00", and its rows said only Monday 14:00-20:00 and Friday 14:00-18:00, so a family
calling on a Tuesday was told the line was closed.

So when a service has both, every range of hours hours_note names must be a row for each day
written before it in its clause ("Mon-Thu 10:00-12:00 and 14:00-20:00; Fri ..." asks for both
ranges on Monday to Thursday), every other time of day (HH:MM) it names must start or end a
row, and every weekday it names as open must be a day of some row ("daily" is all seven days,
"weekdays" Monday to Friday, a day after "closed" is a day the line is shut). Hours a source
gives that the pages do not print (a disagreeing source, a chat's hours) belong in `notes`, so
hours_note says only what the rows say, in that explicit form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from builder.base.errors import ProblemList
from builder.model.helplines import CountryHelplines, Service
from builder.model.hours import DAYS

_TIME = r"(?<![\d:.])(?:[01]?\d|2[0-4]):[0-5]\d(?![\d:])"
_CLOCK = re.compile(rf"{_TIME}")
_DAY = (
    r"(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|"
    r"fri(?:day)?|sat(?:urday)?|sun(?:day)?)s?"
)
_TO = r"\s*(?:-|–|—|to|until)\s*"
# One pass over a clause of hours_note, in reading order: a day or a range of days, a word
# for several days, a range of hours, or "closed" (what follows it in the clause is shut).
_TOKEN = re.compile(
    rf"(?P<days>\b{_DAY}\b(?:{_TO}\b{_DAY}\b)?)"
    r"|(?P<daily>\b(?:daily|every day|7 days a week)\b)"
    r"|(?P<weekdays>\bweekdays\b)"
    rf"|(?P<hours>(?:\bfrom\s+)?({_TIME}){_TO}({_TIME}))"
    r"|(?P<closed>\bclosed\b)",
    re.IGNORECASE,
)
_CLAUSE = re.compile(r";|\.\s|\.$|\bvs\b|\bplus\b", re.IGNORECASE)


def _clock(text: str) -> str:
    hours, _, minutes = text.partition(":")
    return f"{int(hours):02d}:{minutes}"


def named_times(text: str) -> list[str]:
    """Every time of day the text names, as HH:MM ("9:30" -> "09:30"), in order, once."""
    return list(dict.fromkeys(_clock(t) for t in _CLOCK.findall(text)))


def _span(words: str) -> list[str]:
    """The days a day token names: "Mon" one, "Sun-Tue" three (a range may wrap the week)."""
    ends = re.findall(_DAY, words, re.IGNORECASE)
    first = DAYS.index(ends[0][:3].casefold())
    last = DAYS.index(ends[-1][:3].casefold())
    return [DAYS[(first + i) % 7] for i in range((last - first) % 7 + 1)]


@dataclass(frozen=True)
class Claim:
    """Hours the text says the line is open: these days (none when it names none), start, end."""

    days: tuple[str, ...]
    start: str
    end: str


def read_hours(text: str) -> tuple[list[str], list[Claim]]:
    """(the weekdays the text names as open, the ranges of hours it names with their days).

    A range of hours belongs to the days written before it in its clause ("Mon-Thu 10:00-12:00
    and 14:00-20:00; Fri ..." gives Monday to Thursday both ranges); days after "closed" are
    days the line is shut."""
    days: set[str] = set()
    claims: list[Claim] = []
    for clause in _CLAUSE.split(text):
        group: list[str] = []
        fresh = True  # the next day token starts a new group (after a range of hours)
        for match in _TOKEN.finditer(clause):
            if match["closed"]:
                break
            if match["hours"]:
                _, start, end = match.groups()[3:6]
                claims.append(Claim(tuple(group), _clock(start), _clock(end)))
                fresh = True
                continue
            named = (
                list(DAYS)
                if match["daily"]
                else list(DAYS[:5])
                if match["weekdays"]
                else _span(match["days"])
            )
            if fresh:
                group, fresh = [], False
            group += named
            days.update(named)
    return [d for d in DAYS if d in days], claims


def named_days(text: str) -> list[str]:
    """Every weekday the text names as open, in week order."""
    return read_hours(text)[0]


def _same(a: str, b: str) -> bool:
    return a == b or {a, b} == {"00:00", "24:00"}


def disagreement(service: Service) -> str:
    """What the service's hours_note names that its opening rows lack ("" when nothing)."""
    if not service.opening or not service.hours_note:
        return ""
    rows = service.opening
    times = {t for o in rows for t in (o.start, o.end)}
    open_days = {d for o in rows for d in o.days}
    named, claims = read_hours(service.hours_note)
    lost: list[str] = []
    said: set[str] = set()  # the times and days a lost range already reports
    for claim in claims:
        missing = [
            d
            for d in claim.days or tuple(open_days)
            if not any(
                d in o.days and _same(o.start, claim.start) and _same(o.end, claim.end)
                for o in rows
            )
        ]
        if missing:
            where = f" on {', '.join(d for d in DAYS if d in missing)}" if claim.days else ""
            lost.append(f"{claim.start}-{claim.end}{where}")
            said.update((claim.start, claim.end, *missing))
    lost += [
        t
        for t in named_times(service.hours_note)
        if t not in said and not any(_same(t, r) for r in times)
    ]
    lost += [d for d in named if d not in open_days and d not in said]
    return "; ".join(dict.fromkeys(lost))


def check_hours_text(country: CountryHelplines, problems: ProblemList) -> None:
    """Record each service whose hours_note names hours its printed rows do not have."""
    for si, service in enumerate(country.services):
        lost = disagreement(service)
        if lost:
            problems.error(
                "CP3013",
                f"{service.id}: hours_note says {lost}, which no [[services.opening]] row "
                f'says: pages print the rows ("{service.hours_note}")',
                country.path,
                country.line("services", si, "hours_note"),
                fix="make the opening rows say what the source says (a row per range of "
                "days and hours); hours a source gives that are not printed (a disagreeing "
                "source, a chat's hours) go in notes",
            )
