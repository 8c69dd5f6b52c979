"""Helpline data turned into what a page prints, in the document's language."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from babel.dates import format_date

from .helplines import Contact, Service
from .hours import format_range
from .translations import Translator


@dataclass(frozen=True)
class NumberView:
    text: str
    href: str
    note: str


@dataclass(frozen=True)
class ServiceView:
    id: str
    kind: str
    name: str
    name_local: str
    numbers: tuple[NumberView, ...]
    hours: str
    open_24_7: bool
    cost: str
    website: str
    checked: str
    source_url: str
    caution: str
    audience: str


def format_day(day: date, tr: Translator) -> str:
    return format_date(day, format="long", locale=tr.locale)


def number_view(contact: Contact, tr: Translator) -> NumberView:
    _ = tr.gettext
    notes = [n for n in (contact.instruction, contact.area) if n]
    if contact.dial is None:
        return NumberView(contact.value, contact.value, ", ".join(notes))
    number, href = contact.dial.display, f"tel:{contact.dial.tel}"
    if contact.type == "sms":
        href = f"sms:{contact.dial.tel}"
        text = (_("Text %(keyword)s to %(number)s") % {"keyword": contact.keyword,
                                                        "number": number}
                if contact.keyword else _("Text %(number)s") % {"number": number})
    elif contact.type == "whatsapp":
        text = _("WhatsApp %(number)s") % {"number": number}
    else:
        text = number
    return NumberView(text, href, ", ".join(notes))


def hours_text(service: Service, tr: Translator) -> str:
    _ = tr.gettext
    if service.open_24_7:
        return _("Open 24 hours, every day")
    if not service.opening:
        return _("Hours not confirmed")
    return "; ".join(format_range(list(o.days), o.start, o.end, tr.locale, _)
                     for o in service.opening)


def service_view(service: Service, tr: Translator) -> ServiceView:
    dialled = tuple(number_view(c, tr) for c in service.contacts
                    if c.type in ("phone", "sms", "whatsapp"))
    links = tuple(NumberView(c.value.removeprefix("https://"), c.value, "")
                  for c in service.contacts if c.type in ("chat", "website"))
    return ServiceView(
        id=service.id, kind=service.kind, name=service.name, name_local=service.name_local,
        numbers=dialled + links, hours=hours_text(service, tr), open_24_7=service.open_24_7,
        cost=service.cost, website=service.website.removeprefix("https://"),
        checked=format_day(service.checked, tr), source_url=service.source_url,
        caution=service.caution_reason if service.caution else "", audience=service.audience)
