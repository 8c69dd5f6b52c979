"""`careprint helplines check`: the helpline files alone, judged as strictly as `careprint check`.

A clinic updating one country file wants a fast answer about the data without a broken module
elsewhere getting in the way, so pack problems are only used for their age limits here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from builder.base.errors import ProblemList
from builder.model.freshness import Age, Dating, build_date, check_ages
from builder.model.helplines import CountryHelplines, Service, load_all
from builder.model.packs import load_packs
from builder.validate.check import check_limits
from builder.validate.hourstext import check_hours_text


@dataclass(frozen=True)
class HelplineCheck:
    countries: dict[str, CountryHelplines]
    problems: ProblemList
    dating: Dating
    ages: dict[str, list[Age]]

    @property
    def services(self) -> int:
        return sum(len(c.services) for c in self.countries.values())

    @property
    def oldest(self) -> date | None:
        return min((c.checked for c in self.countries.values()), default=None)


# Words written for maintainers that must not reach a page: who said so, what to verify, dated
# conditionals ("planned by end-2024", "by Aug 2023", "as of Jun 2024"), addresses. Printed
# fields speak to readers; the rest belongs in notes, caution_reason or hours_note.
MAINTAINER_PHRASES: tuple[tuple[str, str], ...] = (
    (
        r"\(?\bper (a |an |the |older )?(source|report|article|page|\d{4}|(?-i:[A-Z][\w.]*))",
        "says who said so",
    ),
    (r"\bplanned\b|\bgiven as\b|\bbeing (rolled out|negotiated)\b", "is a dated aside"),
    (
        r"\b(by|as of|since|until|from|in) (end-|mid-)?((Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|"
        r"Nov|Dec)[a-z]* )?(19|20)\d{2}\b",
        "is a dated conditional",
    ),
    (
        r"\b(verify|verified|unverified|unconfirmed|not confirmed|check before)\b",
        "asks for checking",
    ),
    (r"https?://|www\.", "holds a web address"),
)
YEAR = r"\b(19|20)\d{2}\b"  # a year outside a name dates the text: "free (2021)"


def printed_fields(service: Service) -> list[tuple[tuple[str | int, ...], str]]:
    """(key path, text) of every field of a service that is printed on a page."""
    fields: list[tuple[tuple[str | int, ...], str]] = [
        (("name",), service.name),
        (("name_local",), service.name_local),
        (("reader_note",), service.reader_note),
        (("schedule",), service.schedule),
    ]
    if service.cost != "not stated":
        fields.append((("cost",), service.cost))
    for ci, contact in enumerate(service.contacts):
        fields += [
            (("contacts", ci, "instruction"), contact.instruction),
            (("contacts", ci, "area"), contact.area),
        ]
    return [(key, text) for key, text in fields if text]


def check_reader_words(country: CountryHelplines, problems: ProblemList) -> None:
    """Fail on maintainer phrases in printed fields, with the file and line of each."""
    for si, service in enumerate(country.services):
        for key, text in printed_fields(service):
            found = [
                why
                for pattern, why in MAINTAINER_PHRASES
                if re.search(pattern, text, re.IGNORECASE)
            ]
            if key[0] != "name" and key[-1] != "name_local" and re.search(YEAR, text):
                found.append("carries a year")
            if found:
                problems.error(
                    "CP3009",
                    f'{service.id}: printed field {".".join(map(str, key))} "{text}" {found[0]}',
                    country.path,
                    country.line("services", si, *key),
                    fix="readers see this field: keep sources, dates and doubts in "
                    "notes (or caution_reason), and write what a caller needs "
                    "in reader_note",
                )


def helplines_folder(root: Path) -> Path:
    return root / "packs" / "helplines"


def check_helplines(
    root: Path,
    today: date | None = None,
    warn: int | None = None,
    fail: int | None = None,
    folder: Path | None = None,
) -> HelplineCheck:
    problems = ProblemList()
    folder = folder or helplines_folder(root)
    if not folder.is_dir():
        problems.error(
            "CP3011",
            "no helplines folder here",
            folder,
            fix="run from a careprint checkout or pass --root",
        )
    countries = load_all(folder, problems) if folder.is_dir() else {}
    packs = load_packs(root / "packs", ProblemList()) if (root / "packs").is_dir() else {}
    dating = Dating(today or build_date(None), check_limits(packs, warn, fail))
    ages = {code: check_ages(country, dating, problems) for code, country in countries.items()}
    for country in countries.values():
        check_reader_words(country, problems)
        check_hours_text(country, problems)
    return HelplineCheck(countries, problems, dating, ages)
