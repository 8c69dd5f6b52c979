"""Per-country helpline data: strict models, loading with file:line errors, number checks."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field, field_validator, model_validator

from builder.base.errors import ProblemList
from builder.base.textfile import load_text
from builder.model.hours import parse_clock
from builder.model.phones import Dialable, NumberError, dialable, same_digits
from builder.model.strict import CountryCode, Strict, TimeZone, check_zone, web_address

if TYPE_CHECKING:
    from builder.model.retired import RetiredNumbers
from builder.base.tomlsource import Loc, index_lines, line_of, parse_toml, validate

# urgent: an urgent mental-health line or crisis team (tier 2 of the content's three levels);
# carers: lines for the family and carers of someone unwell; abuse: domestic-abuse lines.
Kind = Literal["emergency", "urgent", "crisis", "text", "chat", "support", "carers", "abuse"]
Audience = Literal["everyone", "young-people", "parents", "carers", "men", "relatives", "veterans"]
Day = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
# What a doubtful row could not confirm; each has a plain sentence for readers (views.py).
Unconfirmed = Literal["number", "hours", "status", "new", "coverage", "keyword", "cost", "source"]
# Two kinds of doubt. "withhold": the number may be wrong or dead, so it never goes where people
# reach in a crisis (cards, the safety plan, the "Call now" box); the help page lists it with what
# is unconfirmed. "note": everything else (hours or cost uncertain, a new service): printed
# everywhere, with what is unconfirmed said to the reader.
Caution = Literal["", "withhold", "note"]
READER_NOTE_MAX = 60  # characters: a reader note goes on a wallet card next to the number
DIALLED = ("phone", "sms", "whatsapp")


class Opening(Strict):
    days: list[Day] = Field(min_length=1)
    start: str = Field(alias="from")
    end: str = Field(alias="to")

    @field_validator("start", "end")
    @classmethod
    def _clock(cls, value: str) -> str:
        parse_clock(value)
        return value

    @field_validator("start")
    @classmethod
    def _opens_within_the_day(cls, value: str) -> str:
        if value == "24:00":  # parse_clock reads it as the end of a day; it printed as a start
            raise ValueError('"24:00" is the end of a day: for opening at midnight write "00:00"')
        return value

    @model_validator(mode="after")
    def _length(self) -> Opening:
        def minutes(text: str) -> int:
            hours, _, mins = text.partition(":")
            return int(hours) * 60 + int(mins)

        if minutes(self.start) == minutes(self.end):
            raise ValueError(
                f"opens and closes at the same time ({self.start} to {self.end}): "
                'for a whole day write from = "00:00" and to = "24:00"'
            )
        return self


class Contact(Strict):
    type: Literal["phone", "sms", "whatsapp", "chat", "website"]
    value: str = Field(min_length=1)
    instruction: str = ""
    keyword: str = ""
    area: str = ""
    unlisted_short_code: str = ""
    # The number as the service publishes it, when value cannot carry that form (value is
    # international, or published with letters); checked to dial exactly the validated number.
    # A national value already prints as written.
    printed: str = ""
    dial: Dialable | None = Field(default=None, exclude=True)

    @model_validator(mode="after")
    def _keyword_only_for_sms(self) -> Contact:
        if self.keyword and self.type != "sms":
            raise ValueError("keyword is only for sms contacts")
        if self.type in ("chat", "website"):
            web_address(self.value)
        return self


class Service(Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    kind: Kind
    name: str = Field(min_length=1)
    name_local: str = ""
    audience: Audience = "everyone"
    languages: list[str] = Field(default_factory=list)
    cost: str = "not stated"
    website: str = ""
    open_24_7: bool
    hours_note: str = ""
    # Printed hours the weekly ranges cannot say ("10th of each month, 08:00 to 08:00 next
    # day", "closed on Eid holidays"): alone, or after the ranges. Translatable.
    schedule: str = Field(default="", max_length=READER_NOTE_MAX)
    timezone: str = ""
    caution: Caution = ""
    caution_reason: str = ""
    unconfirmed: list[Unconfirmed] = Field(default_factory=list)
    reader_note: str = Field(default="", max_length=READER_NOTE_MAX)
    listening: bool = False
    group: str = ""
    source_url: str
    source_date: str = ""
    checked: date
    notes: str = ""
    contacts: list[Contact] = Field(min_length=1)
    opening: list[Opening] = Field(default_factory=list)

    @field_validator("source_url")
    @classmethod
    def _source(cls, value: str) -> str:
        return web_address(value)

    @field_validator("website")
    @classmethod
    def _website(cls, value: str) -> str:
        return web_address(value) if value else value

    @field_validator("timezone")
    @classmethod
    def _service_zone(cls, value: str) -> str:
        return check_zone(value) if value else value

    @field_validator("caution", mode="before")
    @classmethod
    def _caution_word(cls, value: Any) -> Any:
        if isinstance(value, bool):
            raise ValueError(
                'caution is now "withhold" (the number may be wrong or dead: kept off '
                'cards) or "note" (printed, with what is unconfirmed); for no doubt '
                "leave it out"
            )
        return value

    @field_validator("source_date")
    @classmethod
    def _source_date(cls, value: str) -> str:
        if value and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
            raise ValueError(f'"{value}" must be "YYYY", "YYYY-MM" or "YYYY-MM-DD"')
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Service:
        if self.caution and not self.caution_reason:
            raise ValueError(
                f'caution = "{self.caution}" needs a caution_reason saying what to '
                "verify (for maintainers; never printed)"
            )
        if self.caution == "withhold" and not self.unconfirmed:
            raise ValueError(
                'caution = "withhold" needs unconfirmed = [...] naming what is '
                "doubtful (number, hours, status, new, coverage, keyword, cost, "
                "source)"
            )
        if self.caution == "note" and not (self.unconfirmed or self.reader_note):
            raise ValueError(
                'caution = "note" needs unconfirmed = [...] or a reader_note: '
                "what the reader is told"
            )
        if self.unconfirmed and not self.caution:
            raise ValueError(
                'unconfirmed needs caution = "note" (printed, with these doubts) '
                'or "withhold" (kept off cards)'
            )
        if self.listening and (self.kind != "support" or self.audience != "everyone"):
            raise ValueError(
                "listening = true is for a national listening line for adults "
                '(kind = "support", audience = "everyone")'
            )
        if self.open_24_7 and self.opening:
            raise ValueError("a service open 24/7 has no opening ranges; remove one of them")
        if not self.open_24_7 and not self.opening and not self.hours_note and not self.schedule:
            raise ValueError(
                "hours unknown: set open_24_7, add [[services.opening]] or a "
                "schedule, or say so in hours_note"
            )
        return self

    @property
    def withheld(self) -> bool:
        """The number may be wrong or dead: never on a card, the safety plan or "Call now"."""
        return self.caution == "withhold"

    @property
    def dialled(self) -> list[Contact]:
        return [c for c in self.contacts if c.type in DIALLED]

    @property
    def phones(self) -> list[Contact]:
        return [c for c in self.contacts if c.type == "phone"]


class CountryHelplines(Strict):
    country: CountryCode
    timezone: TimeZone
    # For maintainers, never printed: why the card has no crisis line (none found in a source
    # good enough to print, or the only one withheld). Required when that is so.
    crisis_gap: str = ""
    services: list[Service] = Field(min_length=1)
    path: Path | None = Field(default=None, exclude=True)
    lines: dict[Loc, int] = Field(default_factory=dict, exclude=True)

    @model_validator(mode="after")
    def _has_emergency(self) -> CountryHelplines:
        if not any(s.kind == "emergency" for s in self.services):
            raise ValueError('every country needs a service with kind = "emergency"')
        printable = any(s.kind == "crisis" and not s.withheld for s in self.services)
        if not printable and not self.crisis_gap:
            raise ValueError(
                "no crisis line can go on this country's card: say why in "
                'crisis_gap (e.g. "none found in a source good enough to print")'
            )
        if printable and self.crisis_gap:
            raise ValueError(
                "crisis_gap is only for a country with no printable crisis line; remove it"
            )
        return self

    @property
    def checked(self) -> date:
        """The oldest comparison date of any service: what a printout may honestly claim."""
        return min(s.checked for s in self.services)

    def line(self, *loc: str | int) -> int | None:
        return line_of(self.lines, loc)

    def service_line(self, service: Service, key: str = "id") -> int | None:
        return self.line("services", self.services.index(service), key)

    def zone(self, service: Service) -> str:
        return service.timezone or self.timezone


def load_country(
    path: Path, problems: ProblemList, retired: RetiredNumbers | None = None
) -> CountryHelplines | None:
    """Load one helplines/<CC>.toml, check every number, and record problems with lines."""
    text = load_text(path, problems)
    data = parse_toml(path, problems, text) if text is not None else None
    if data is None or text is None:
        return None
    positions = index_lines(text)
    model = validate(CountryHelplines, data, path, problems, positions)
    if model is None:
        return None
    if model.country != path.stem:
        problems.error(
            "CP3001",
            f'country "{model.country}" does not match the file name',
            path,
            line_of(positions, ("country",)),
            fix=f'rename the file or set country = "{path.stem}"',
        )
        return None
    services = dial_services(model.services, model.country, path, positions, problems, retired)
    if services is None or repeated_ids(model.services, path, positions, problems):
        return None
    if doubted_round_the_clock(model.services, path, positions, problems):
        return None
    return model.model_copy(update={"services": services, "path": path, "lines": positions})


def repeated_ids(
    services: list[Service], path: Path, positions: dict[Loc, int], problems: ProblemList
) -> bool:
    """Record each service id used a second time, at its line; True if any was."""
    first: dict[str, int] = {}
    repeated = False
    for index, service in enumerate(services):
        line = line_of(positions, ("services", index, "id"))
        if service.id in first:
            repeated = True
            problems.error(
                "CP3002",
                f'service id "{service.id}" is used twice (first on line {first[service.id]})',
                path,
                line,
                fix="give each service its own id",
            )
        else:
            first[service.id] = line or 0
    return repeated


def doubted_round_the_clock(
    services: list[Service], path: Path, positions: dict[Loc, int], problems: ProblemList
) -> bool:
    """Record each service that says both "open 24/7" and "hours unconfirmed"; True if any.

    A page would print "Open 24 hours, every day" and "The opening hours could not be
    confirmed" for the same line: a reader cannot know which to believe. The data must say
    one thing: 24/7 as its source says, or what is known (a schedule, hours_note) with the
    doubt."""
    found = False
    for si, service in enumerate(services):
        if service.open_24_7 and "hours" in service.unconfirmed:
            found = True
            problems.error(
                "CP3012",
                f"{service.id}: open_24_7 = true, but unconfirmed names the hours: a page "
                "would print both",
                path,
                line_of(positions, ("services", si, "unconfirmed")),
                fix='if the source confirms 24/7, take "hours" out of unconfirmed (a doubt '
                "about something else goes in notes or caution_reason); if not, set "
                "open_24_7 = false and say what is known in schedule or hours_note",
            )
    return found


def retired_problem(
    retired: RetiredNumbers | None,
    dial: Dialable,
    written: str,
    country: str,
    label: str,
    path: Path,
    line: int | None,
    problems: ProblemList,
) -> bool:
    """Record a problem if the number was replaced or closed; True when it was."""
    entry = retired.find(dial, written, country) if retired else None
    if entry is None:
        return False
    problems.error(
        "CP3003",
        f'{label} "{written}" was replaced or closed (now: {entry.replaced_by}); '
        "careprint does not print it",
        path,
        line,
        fix="remove it or give the current number, from a current source",
    )
    return True


def dial_services(
    services: list[Service],
    country: str,
    path: Path,
    positions: dict[Loc, int],
    problems: ProblemList,
    retired: RetiredNumbers | None = None,
) -> list[Service] | None:
    """Check every dialled number for country; None when any is wrong (each is recorded).
    A number on the retired list is refused like an invalid one."""
    ok = True
    checked = []
    for si, service in enumerate(services):
        contacts = []
        for ci, contact in enumerate(service.contacts):
            if contact.type in DIALLED:
                try:
                    dial = dialable(contact.value, country, contact.unlisted_short_code)
                except NumberError as exc:
                    ok = False
                    line = line_of(positions, ("services", si, "contacts", ci, "value"))
                    problems.error(
                        "CP3004",
                        f"{service.id}: phone {exc}",
                        path,
                        line,
                        fix="check the digits against source_url; for a real short "
                        "code unknown to libphonenumber set unlisted_short_code",
                    )
                    continue
                line = line_of(positions, ("services", si, "contacts", ci, "value"))
                if retired_problem(
                    retired,
                    dial,
                    contact.value,
                    country,
                    f"{service.id}: phone",
                    path,
                    line,
                    problems,
                ):
                    ok = False
                    continue
                if contact.unlisted_short_code and not dial.unlisted:
                    problems.warn(
                        "CP3005",
                        f"{service.id}: {contact.value} is known to libphonenumber; "
                        "unlisted_short_code is no longer needed",
                        path,
                        line_of(positions, ("services", si, "contacts", ci, "unlisted_short_code")),
                        fix="remove unlisted_short_code so the number is checked",
                    )
                if contact.type == "whatsapp" and dial.short:
                    ok = False
                    problems.error(
                        "CP3006",
                        f'{service.id}: WhatsApp "{contact.value}" must be a full '
                        "number: a chat link needs the international form",
                        path,
                        line_of(positions, ("services", si, "contacts", ci, "value")),
                        fix="give the full number the service publishes for WhatsApp",
                    )
                    continue
                if contact.printed:
                    if not same_digits(contact.printed, dial, country):
                        ok = False
                        problems.error(
                            "CP3007",
                            f'{service.id}: printed "{contact.printed}" does not dial '
                            f'the same number as "{contact.value}"',
                            path,
                            line_of(positions, ("services", si, "contacts", ci, "printed")),
                            fix="give the same digits as value, grouped as the "
                            "service publishes them",
                        )
                        continue
                    if contact.printed == dial.display:
                        problems.warn(
                            "CP3008",
                            f'{service.id}: printed "{contact.printed}" is how value '
                            "already prints",
                            path,
                            line_of(positions, ("services", si, "contacts", ci, "printed")),
                            fix="remove printed: a number in national form prints "
                            "as written in value",
                        )
                    dial = replace(dial, display=contact.printed)
                contact = contact.model_copy(update={"dial": dial})
            contacts.append(contact)
        checked.append(service.model_copy(update={"contacts": contacts}))
    return checked if ok else None


def load_all(
    folder: Path, problems: ProblemList, retired: RetiredNumbers | None = None
) -> dict[str, CountryHelplines]:
    countries: dict[str, CountryHelplines] = {}
    for path in sorted(folder.glob("*.toml")):
        if (loaded := load_country(path, problems, retired)) is not None:
            countries[loaded.country] = loaded
    return countries


# A run of digits in a name, with the spaces and dashes that group it ("1925", "182 183",
# "9-8-8", "*4141", "११६६"): digits of any script, so a translated name is read the same way.
# Not a number with a grammatical ending ("112-es segélyhívó"): that is a word of the name.
NUMBER_IN_NAME = re.compile(r"(?<![\d*#])[*#]?\d(?:[\d \-–]*\d)?(?!\d|-\w)")


def _digits_of(text: str) -> str:
    """The digits of text as ASCII: Devanagari, Persian and other decimal digits included."""
    return "".join(str(unicodedata.digit(ch)) for ch in text if ch.isdecimal())


def own_numbers_in(name: str, service: Service) -> list[re.Match[str]]:
    """The runs of digits in name that are one of the service's own dialled numbers."""
    own = {_digits_of(c.value) for c in service.dialled}
    return [m for m in NUMBER_IN_NAME.finditer(name) if _digits_of(m.group()) in own]


def without_own_number(name: str, service: Service) -> str:
    """A printed name without its copy of the service's own number.

    The number prints beside the name, so "1925 Safe Line 1925" or "Helpline 1166
    (Lagankhel) 1166" would print it twice; the official name stays in the data. Digits that
    are not one of the service's numbers stay (they are part of the name), and so does a name
    that pairs several of its numbers with what each is for ("Police 17 / Gendarmerie 1055").
    "" when nothing but the number is left (the caller prints the other name instead).
    """
    found = own_numbers_in(name, service)
    if len({_digits_of(m.group()) for m in found}) != 1:
        return name
    for match in reversed(found):
        name = name[: match.start()] + " " + name[match.end() :]
    # Tidy what the number leaves behind: empty brackets, a dangling dash, colon or slash.
    name = re.sub(r"[(（]\s*[)）]", " ", name)
    name = re.sub(r"\s+([,)）、，])", r"\1", name)
    name = re.sub(r"([(（])\s+", r"\1", name)
    name = re.sub(r"\s+", " ", name).strip(" -–—:/,，、")
    if re.fullmatch(r"\([^()]*\)", name):  # "50808 (text support service)"
        name = name[1:-1]
    return name if any(ch.isalpha() for ch in name) else ""
