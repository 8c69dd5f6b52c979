"""Per-country helpline data: strict models, loading with file:line errors, number checks."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urlparse
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .errors import ProblemList
from .hours import parse_clock
from .phones import Dialable, NumberError, dialable
from .textfile import load_text
from .wording import country_problem

if TYPE_CHECKING:
    from .retired import RetiredNumbers
from .tomlsource import Loc, index_lines, line_of, parse_toml, validate

Kind = Literal["emergency", "crisis", "text", "chat", "support"]
Audience = Literal["everyone", "young-people", "parents", "carers", "men", "relatives", "veterans"]
Day = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
# What a caution row could not confirm; each has a plain sentence for readers (views.py).
Unconfirmed = Literal["number", "hours", "status", "new", "coverage", "keyword", "cost", "source"]
DIALLED = ("phone", "sms", "whatsapp")


def check_zone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f'"{value}" is not an IANA time zone like "Europe/London"') from exc
    return value


def web_address(value: str) -> str:
    """A full http(s) address: printed as a link and put in QR codes, so nothing else
    (javascript:, a bare name, a file path) gets through."""
    parsed = urlparse(value)
    if parsed.scheme not in ("https", "http") or not parsed.netloc \
            or any(c.isspace() or not c.isprintable() for c in value):
        raise ValueError(f'"{value}" is not a web address: write it in full, starting with '
                         "https://")
    return value


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="before")
    @classmethod
    def _no_internal_keys(cls, data: Any) -> Any:
        """Fields filled in by the loader (dial, path) are not for data files."""
        if isinstance(data, dict):
            for name, field in cls.model_fields.items():
                if field.exclude and name in data:
                    raise ValueError(f'"{name}" is not a key for data files; remove it')
        return data


class Opening(Strict):
    days: list[Day] = Field(min_length=1)
    start: str = Field(alias="from")
    end: str = Field(alias="to")

    @field_validator("start", "end")
    @classmethod
    def _clock(cls, value: str) -> str:
        parse_clock(value)
        return value

    @model_validator(mode="after")
    def _length(self) -> Opening:
        def minutes(text: str) -> int:
            hours, _, mins = text.partition(":")
            return int(hours) * 60 + int(mins)
        if minutes(self.start) == minutes(self.end):
            raise ValueError(f"opens and closes at the same time ({self.start} to {self.end}): "
                             'for a whole day write from = "00:00" and to = "24:00"')
        return self


class Contact(Strict):
    type: Literal["phone", "sms", "whatsapp", "chat", "website"]
    value: str = Field(min_length=1)
    instruction: str = ""
    keyword: str = ""
    area: str = ""
    unlisted_short_code: str = ""
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
    languages: list[str] = []
    cost: str = "not stated"
    website: str = ""
    open_24_7: bool
    hours_note: str = ""
    timezone: str = ""
    caution: bool = False
    caution_reason: str = ""
    unconfirmed: list[Unconfirmed] = []
    group: str = ""
    source_url: str
    source_date: str = ""
    checked: date
    notes: str = ""
    contacts: list[Contact] = Field(min_length=1)
    opening: list[Opening] = []

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

    @field_validator("source_date")
    @classmethod
    def _source_date(cls, value: str) -> str:
        if value and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
            raise ValueError(f'"{value}" must be "YYYY", "YYYY-MM" or "YYYY-MM-DD"')
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Service:
        if self.caution and not self.caution_reason:
            raise ValueError("caution = true needs a caution_reason saying what to verify")
        if self.caution and not self.unconfirmed:
            raise ValueError('caution = true needs unconfirmed = [...] naming what is doubtful '
                             '(number, hours, status, new, coverage, keyword, cost, source)')
        if self.open_24_7 and self.opening:
            raise ValueError("a service open 24/7 has no opening ranges; remove one of them")
        if not self.open_24_7 and not self.opening and not self.hours_note:
            raise ValueError('hours unknown: set open_24_7, add [[services.opening]], or say so '
                             'in hours_note')
        return self

    @property
    def dialled(self) -> list[Contact]:
        return [c for c in self.contacts if c.type in DIALLED]

    @property
    def phones(self) -> list[Contact]:
        return [c for c in self.contacts if c.type == "phone"]


def check_country(value: str) -> str:
    if (problem := country_problem(value)) is not None:
        raise ValueError(problem)
    return value


class CountryHelplines(Strict):
    country: str
    timezone: str
    services: list[Service] = Field(min_length=1)
    path: Path | None = Field(default=None, exclude=True)
    lines: dict[Loc, int] = Field(default_factory=dict, exclude=True)

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        return check_zone(value)

    @field_validator("country")
    @classmethod
    def _country(cls, value: str) -> str:
        return check_country(value)

    @model_validator(mode="after")
    def _has_emergency(self) -> CountryHelplines:
        if not any(s.kind == "emergency" for s in self.services):
            raise ValueError("every country needs a service with kind = \"emergency\"")
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


def load_country(path: Path, problems: ProblemList,
                 retired: RetiredNumbers | None = None) -> CountryHelplines | None:
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
        problems.error(f'country "{model.country}" does not match the file name', path,
                       line_of(positions, ("country",)), fix=f"rename the file or set "
                       f'country = "{path.stem}"')
        return None
    services = dial_services(model.services, model.country, path, positions, problems, retired)
    if services is None or repeated_ids(model.services, path, positions, problems):
        return None
    return model.model_copy(update={"services": services, "path": path, "lines": positions})


def repeated_ids(services: list[Service], path: Path, positions: dict[Loc, int],
                 problems: ProblemList) -> bool:
    """Record each service id used a second time, at its line; True if any was."""
    first: dict[str, int] = {}
    repeated = False
    for index, service in enumerate(services):
        line = line_of(positions, ("services", index, "id"))
        if service.id in first:
            repeated = True
            problems.error(f'service id "{service.id}" is used twice (first on line '
                           f"{first[service.id]})", path, line,
                           fix="give each service its own id")
        else:
            first[service.id] = line or 0
    return repeated


def retired_problem(retired: RetiredNumbers | None, dial: Dialable, written: str, country: str,
                    label: str, path: Path, line: int | None, problems: ProblemList) -> bool:
    """Record a problem if the number was replaced or closed; True when it was."""
    entry = retired.find(dial, written, country) if retired else None
    if entry is None:
        return False
    problems.error(f'{label} "{written}" was replaced or closed (now: {entry.replaced_by}); '
                   "careprint does not print it", path, line,
                   fix="remove it or give the current number, from a current source")
    return True


def dial_services(services: list[Service], country: str, path: Path, positions: dict[Loc, int],
                  problems: ProblemList,
                  retired: RetiredNumbers | None = None) -> list[Service] | None:
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
                    problems.error(f"{service.id}: phone {exc}", path, line,
                                   fix="check the digits against source_url; for a real short "
                                       "code unknown to libphonenumber set unlisted_short_code")
                    continue
                line = line_of(positions, ("services", si, "contacts", ci, "value"))
                if retired_problem(retired, dial, contact.value, country, f"{service.id}: phone",
                                   path, line, problems):
                    ok = False
                    continue
                if contact.unlisted_short_code and not dial.unlisted:
                    problems.warn(f"{service.id}: {contact.value} is known to libphonenumber; "
                                  "unlisted_short_code is no longer needed", path,
                                  line_of(positions, ("services", si, "contacts", ci,
                                                      "unlisted_short_code")),
                                  fix="remove unlisted_short_code so the number is checked")
                contact = contact.model_copy(update={"dial": dial})
            contacts.append(contact)
        checked.append(service.model_copy(update={"contacts": contacts}))
    return checked if ok else None


def load_all(folder: Path, problems: ProblemList,
             retired: RetiredNumbers | None = None) -> dict[str, CountryHelplines]:
    countries: dict[str, CountryHelplines] = {}
    for path in sorted(folder.glob("*.toml")):
        if (loaded := load_country(path, problems, retired)) is not None:
            countries[loaded.country] = loaded
    return countries
