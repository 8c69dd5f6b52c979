"""Helpline data turned into what a page prints, in the document's language."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from babel.dates import format_date
from babel.lists import format_list

from .helplines import DIALLED, Contact, Service
from .hours import format_range, zone_name
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
    caution: bool
    unconfirmed: tuple[str, ...]
    audience: str
    languages: str


def format_day(day: date, tr: Translator) -> str:
    return format_date(day, format="long", locale=tr.locale)


def unconfirmed_sentences(service: Service, _: Callable[[str], str]) -> tuple[str, ...]:
    """Plain sentences for readers; caution_reason itself is written for maintainers."""
    sentences = {
        "number": _("The number could not be confirmed in a current source."),
        "hours": _("The opening hours could not be confirmed."),
        "status": _("It could not be confirmed that this service still runs and answers."),
        "new": _("This service is new, so its details may still change."),
        "coverage": _("It may not work in every region or from every phone."),
        "keyword": _("The word to text could not be confirmed."),
        "cost": _("The cost of contacting it could not be confirmed."),
        "source": _("Only one weak source was found for this service."),
    }
    return tuple(sentences[item] for item in service.unconfirmed)


def audience_text(service: Service, _: Callable[[str], str]) -> str:
    labels = {
        "everyone": "",
        "young-people": _("For children and young people"),
        "parents": _("For parents"),
        "carers": _("For carers and families"),
        "men": _("For men"),
        "relatives": _("For relatives"),
        "veterans": _("For veterans"),
    }
    return labels[service.audience]


def languages_text(service: Service, tr: Translator) -> str:
    names = [tr.locale.languages.get(code, code) for code in service.languages]
    return format_list(names, locale=tr.locale) if names else ""


def number_view(contact: Contact, tr: Translator) -> NumberView:
    _ = tr.gettext
    notes = [n for n in (contact.instruction, contact.area) if n]
    if contact.dial is None:
        return NumberView(contact.value.removeprefix("https://"), contact.value, ", ".join(notes))
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


def hours_text(service: Service, zone: str, tr: Translator) -> str:
    _ = tr.gettext
    if service.open_24_7:
        return _("Open 24 hours, every day")
    if not service.opening:
        return _("Hours not confirmed")
    ranges = "; ".join(format_range(list(o.days), o.start, o.end, tr.locale, _)
                       for o in service.opening)
    return _("%(hours)s (%(zone)s)") % {"hours": ranges, "zone": zone_name(zone, tr.locale)}


def service_view(service: Service, zone: str, tr: Translator) -> ServiceView:
    """Dialled contacts first (in data order), then chat and web addresses."""
    _ = tr.gettext
    dialled = tuple(number_view(c, tr) for c in service.contacts if c.type in DIALLED)
    links = tuple(number_view(c, tr) for c in service.contacts if c.type not in DIALLED)
    return ServiceView(
        id=service.id, kind=service.kind, name=service.name, name_local=service.name_local,
        numbers=dialled + links, hours=hours_text(service, zone, tr),
        open_24_7=service.open_24_7, cost=service.cost,
        website=service.website.removeprefix("https://"),
        checked=format_day(service.checked, tr), source_url=service.source_url,
        caution=service.caution, unconfirmed=unconfirmed_sentences(service, _),
        audience=audience_text(service, _), languages=languages_text(service, tr))
