"""Plain-text views of the helpline data for `careprint helplines list` and `show`.

They print what the PDFs would print (same order, same formatting of numbers and hours, in
English) plus what a maintainer needs: tel: links, sources, ages, and why a row is kept off cards.
"""

from __future__ import annotations

from dataclasses import dataclass

from babel import Locale

from builder.model.freshness import Age, Dating, whole_months
from builder.model.helplines import DIALLED, CountryHelplines, Service
from builder.model.translations import source_translator
from builder.render.selection import card_lines, select
from builder.render.views import hours_text, link_of

AGE_LABEL = {Age.FRESH: "ok", Age.OLD: "old", Age.STALE: "STALE"}


@dataclass(frozen=True)
class CountryRow:
    code: str
    name: str
    services: int
    levels: str
    emergency: str
    crisis: str
    withheld: int
    checked: str
    age: str


def country_name(code: str) -> str:
    return str(Locale.parse("en").territories.get(code, code))


def numbers_of(service: Service) -> str:
    parts = []
    for contact in service.contacts:
        if contact.dial is not None:
            prefix = {"sms": "text ", "whatsapp": "WhatsApp "}.get(contact.type, "")
            keyword = f"{contact.keyword} to " if contact.keyword else ""
            parts.append(f"{prefix}{keyword}{contact.dial.display}")
        else:
            parts.append(contact.value)
    return " · ".join(parts)


def levels(lines: tuple[Service, ...]) -> str:
    """The content's three levels a card can fill: "now" (the emergency number, always),
    "urgent" (an urgent line or a 24/7 crisis line), "talk" (a crisis, listening, text or chat
    line for either of them)."""
    found = ["now"]
    if any(s.kind == "urgent" or (s.kind == "crisis" and s.open_24_7) for s in lines):
        found.append("urgent")
    if any(s.kind in ("crisis", "text", "chat") or s.listening for s in lines):
        found.append("talk")
    return ",".join(found)


def no_crisis_line(country: CountryHelplines) -> str:
    """Why a country's card has no crisis line (the data's crisis_gap) and what it shows
    instead, or "" when it has one."""
    cards = select(country, include_withheld=False)
    lines = card_lines(cards)
    if any(s.kind == "crisis" for s in lines):
        return ""
    shown = f" Card shows: {', '.join(s.name for s in lines)}." if lines else ""
    return (country.crisis_gap or "no crisis line in the data.") + shown


def country_rows(countries: dict[str, CountryHelplines], dating: Dating) -> list[CountryRow]:
    rows = []
    for code in sorted(countries):
        country = countries[code]
        cards = select(country, include_withheld=False)
        lines = card_lines(cards)
        crisis = [s for s in lines if s.kind == "crisis"]
        age = max(dating.limits.age(s.checked, dating.today) for s in country.services)
        rows.append(
            CountryRow(
                code,
                country_name(code),
                len(country.services),
                levels(lines),
                " · ".join(numbers_of(s) for s in cards.emergency),
                numbers_of(crisis[0]) if crisis else "(none on cards)",
                len(cards.left_out),
                country.checked.isoformat(),
                AGE_LABEL[age],
            )
        )
    return rows


def format_rows(rows: list[CountryRow]) -> list[str]:
    header = (
        "CC",
        "country",
        "rows",
        "levels",
        "emergency",
        "first crisis line on cards",
        "withheld",
        "checked",
        "age",
    )
    table = [header] + [
        (
            r.code,
            r.name,
            str(r.services),
            r.levels,
            r.emergency,
            r.crisis,
            str(r.withheld),
            r.checked,
            r.age,
        )
        for r in rows
    ]
    widths = [min(max(len(row[i]) for row in table), 36) for i in range(len(header))]
    return [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in table
    ]


def show_country(country: CountryHelplines, dating: Dating) -> list[str]:
    """Every service in print order with everything a maintainer checks before printing.

    "on cards": withheld rows never are.
    """
    tr = source_translator("en")
    everything = select(country, include_withheld=True)
    cards = select(country, include_withheld=False)
    on_cards = {s.id for s in cards.emergency + card_lines(cards)}
    lines = [f"{country.country}  {country_name(country.country)}  (time zone {country.timezone})"]
    if gap := no_crisis_line(country):
        lines.append(f"  no crisis line on cards: {gap}")
    for number, service in enumerate(everything.services, 1):
        local = f" ({service.name_local})" if service.name_local else ""
        lines.append(
            f"{number:>3}. [{service.kind}] {service.name}{local}  id={service.id}"
            + (f"  group={service.group}" if service.group else "")
        )
        for contact in service.contacts:
            target = (
                f"{contact.dial.display}  <{link_of(contact)}>"
                if contact.type in DIALLED and contact.dial
                else contact.value
            )
            extra = ", ".join(
                x
                for x in (
                    contact.keyword and f"keyword {contact.keyword}",
                    contact.instruction,
                    contact.area,
                )
                if x
            )
            lines.append(f"       {contact.type:9} {target}" + (f"  ({extra})" if extra else ""))
        hours = hours_text(service, country.zone(service), tr, country.country)
        lines.append(
            f"       hours: {hours}" + (f"  [{service.hours_note}]" if service.hours_note else "")
        )
        lines.append(
            f"       audience: {service.audience}; cost: {service.cost}; languages: "
            f"{', '.join(service.languages) or 'not stated'}"
        )
        age = dating.limits.age(service.checked, dating.today)
        months = whole_months(service.checked, dating.today)
        page_date = f" (page date {service.source_date})" if service.source_date else ""
        lines.append(f"       source: {service.source_url}{page_date}")
        lines.append(
            f"       checked {service.checked.isoformat()}, {months} months ago: "
            f"{AGE_LABEL[age]}; on cards: {'yes' if service.id in on_cards else 'no'}"
        )
        if service.caution:
            label = "WITHHELD" if service.withheld else "NOTE"
            lines.append(
                f"       {label} ({', '.join(service.unconfirmed) or 'reader note'}): "
                f"{service.caution_reason}"
            )
        if service.reader_note:
            lines.append(f"       reader note: {service.reader_note}")
    return lines
