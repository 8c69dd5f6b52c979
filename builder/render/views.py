"""Helpline data turned into what a page prints, in the document's language."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from urllib.parse import quote, unquote, urlsplit

from babel.dates import format_date, format_skeleton
from babel.lists import format_list

from builder.model.helplines import DIALLED, Contact, Service, without_own_number
from builder.model.hours import format_range, join_ranges, zone_name
from builder.model.regional import zone_count
from builder.model.translations import Translator


@dataclass(frozen=True)
class NumberView:
    """A contact as printed: words around the number, and the number as its own
    left-to-right run, so it stays readable inside right-to-left text."""

    prefix: str
    number: str
    suffix: str
    href: str
    note: str

    @property
    def text(self) -> str:
        return f"{self.prefix}{self.number}{self.suffix}"


@dataclass(frozen=True)
class ServiceView:
    id: str
    kind: str
    name: str
    name_local: str
    numbers: tuple[NumberView, ...]
    # The name on a line that runs on into the numbers (levels, boxes, cards, the plan): ""
    # when the name only lists what its numbers' notes already say ("Ambulance and fire /
    # Police" before "119 ambulance and fire · 110 police"), so no word prints twice.
    line_name: str
    hours: str
    # "Hours not confirmed" after hours printed from rows the data doubts: every place that
    # prints the hours without the service's sentences (levels, boxes, cards, the plan).
    hours_caveat: str
    open_24_7: bool
    cost: str
    website: str
    checked: str
    source_url: str
    source_text: str
    withheld: bool
    unconfirmed: tuple[str, ...]
    reader_note: str
    audience: str
    languages: str
    source_number: int = 0  # its note in the help page's numbered list of sources


def format_day(day: date, tr: Translator) -> str:
    return format_date(day, format="long", locale=tr.regional)


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
    return format_list(names, locale=tr.regional) if names else ""


def _around(template: str, number: str, **values: str) -> tuple[str, str, str]:
    """Split a translated "... %(number)s ..." into the words before and after the number."""
    before, _sep, after = template.partition("%(number)s")
    return before % values if values else before, number, after % values if values else after


def bare(url: str) -> str:
    """A web address as printed for a reader: without its scheme ("www.samaritans.org")."""
    return url.removeprefix("https://").removeprefix("http://")


def link_of(contact: Contact) -> str:
    """What tapping a contact does: call it, text it (the keyword already in the message),
    open a WhatsApp chat (never a voice call), or open the web address."""
    if contact.dial is None:
        return contact.value
    if contact.type == "sms":
        body = f"?&body={quote(contact.keyword)}" if contact.keyword else ""
        return f"sms:{contact.dial.tel}{body}"
    if contact.type == "whatsapp":
        return f"https://wa.me/{contact.dial.tel.lstrip('+')}"
    return f"tel:{contact.dial.tel}"


def number_view(contact: Contact, tr: Translator, country: str = "") -> NumberView:
    _ = tr.gettext
    notes = [tr.helpline(country, n) for n in (contact.instruction, contact.area) if n]
    note = ", ".join(notes)
    if contact.dial is None:
        return NumberView("", bare(contact.value), "", contact.value, note)
    number, href = contact.dial.display, link_of(contact)
    if contact.type == "sms":
        parts = (
            _around(_("Text %(keyword)s to %(number)s"), number, keyword=contact.keyword)
            if contact.keyword
            else _around(_("Text %(number)s"), number)
        )
    elif contact.type == "whatsapp":
        parts = _around(_("WhatsApp %(number)s"), number)
    else:
        parts = ("", number, "")
    label = parts[0].strip()
    if label and (note + " ").casefold().startswith(label.casefold() + " "):
        # The service's own name for the channel ("WhatsApp Amico") says what the label
        # says ("WhatsApp"), and more: it stands in the label's place, so no word prints twice.
        parts = (parts[0].replace(label, note, 1), number, parts[2])
        note = ""
    return NumberView(*parts, href, note)


def hours_text(service: Service, zone: str, tr: Translator, country: str = "") -> str:
    _ = tr.gettext
    schedule = tr.helpline(country, service.schedule)
    if service.open_24_7:
        return join_ranges([_("Open 24 hours, every day"), schedule], tr.regional)
    if not service.opening:
        return schedule or _("Hours not confirmed")
    ranges = join_ranges(
        [format_range(list(o.days), o.start, o.end, tr.regional, _) for o in service.opening]
        + [schedule],
        tr.regional,
    )
    if zone_count(country) <= 1 and not service.timezone:
        return ranges  # one clock in the country: its name would be noise
    return _("%(hours)s (%(zone)s)") % {"hours": ranges, "zone": zone_name(zone, tr.regional)}


def names(service: Service, tr: Translator, country: str) -> tuple[str, str]:
    """(name to print, other name in brackets) for the reader's language.

    A translated name wins, with the local name beside it unless the translation already
    holds it; else the local name when the reader's language is one the service speaks;
    else the English name, with the local name beside it. A copy of the service's own
    number anywhere in a name is dropped (the number prints beside it); a name that was
    only the number gives way to the other name, and the other name is left out when it is
    the printed one.
    """
    printed, other = _names(service, tr, country)
    return (printed, other) if printed else (other, "")


def _names(service: Service, tr: Translator, country: str) -> tuple[str, str]:
    local = without_own_number(service.name_local, service)
    translated = tr.helpline_translation(country, service.name)
    if translated is not None:
        printed = without_own_number(translated, service)
        return printed, local if local and local not in printed else ""
    if local and tr.locale.language in service.languages and tr.locale.language != "en":
        english = without_own_number(service.name, service)
        return local, english if english != local else ""
    tr.helpline(country, service.name)  # printed as written: counted as untranslated
    printed = without_own_number(service.name, service)
    return printed, local if local != printed else ""


def only_notes(name: str, numbers: tuple[NumberView, ...]) -> bool:
    """True when every part of a name split at its slashes is, word for word, a note one of
    its numbers prints: "Ambulance and fire / Police" for "119 ambulance and fire" and "110
    police". A name that says more than its notes ("Medical emergency" for "medical") keeps."""
    notes = {n.note.casefold() for n in numbers if n.note}
    parts = [part.strip().casefold() for part in re.split(r"[/／]", name)]
    return bool(notes) and all(part in notes for part in parts)


def page_date(value: str, tr: Translator) -> str:
    """A source page's own date ("2024", "2024-08" or "2024-08-14") in the reader's words."""
    parts = [int(p) for p in value.split("-")] if value else []
    if len(parts) == 3:
        return format_date(date(*parts), format="long", locale=tr.regional)
    if len(parts) == 2:
        return format_skeleton("yMMMM", date(parts[0], parts[1], 1), locale=tr.regional)
    return value


def publisher(url: str) -> str:
    """Who published a source page, as a reader can recognise it: the site's host name."""
    host = urlsplit(url).hostname or url
    return host.removeprefix("www.")


def source_text(url: str) -> str:
    """A source address as a reader can type it: percent-escapes decoded (%D9%85... is
    unreadable on paper), printed as one left-to-right run by the template."""
    return unquote(url)


def service_view(service: Service, zone: str, tr: Translator, country: str = "") -> ServiceView:
    """Dialled contacts first (in data order), then chat and web addresses."""
    _ = tr.gettext
    dialled = tuple(number_view(c, tr, country) for c in service.contacts if c.type in DIALLED)
    links = tuple(number_view(c, tr, country) for c in service.contacts if c.type not in DIALLED)
    name, other_name = names(service, tr, country)
    numbers = dialled + links
    cost = tr.helpline(country, service.cost) if service.cost != "not stated" else service.cost
    return ServiceView(
        id=service.id,
        kind=service.kind,
        name=name,
        name_local=other_name,
        numbers=numbers,
        line_name="" if only_notes(name, numbers) else name,
        hours=hours_text(service, zone, tr, country),
        hours_caveat=_("Hours not confirmed")
        if "hours" in service.unconfirmed and (service.opening or service.schedule)
        else "",
        open_24_7=service.open_24_7,
        cost=cost,
        website=bare(service.website),
        checked=format_day(service.checked, tr),
        source_url=service.source_url,
        source_text=source_text(service.source_url),
        withheld=service.withheld,
        unconfirmed=unconfirmed_sentences(service, _),
        reader_note=tr.helpline(country, service.reader_note),
        audience=audience_text(service, _),
        languages=languages_text(service, tr),
    )


def first_number_only(view: ServiceView) -> ServiceView:
    """An emergency service as level 2 prints it when a country has no urgent or 24/7 crisis
    line: "call the emergency number" names the number level 1 leads with, not all of them."""
    return replace(view, numbers=view.numbers[:1])
