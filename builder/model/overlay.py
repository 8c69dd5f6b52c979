"""A clinic's overlay: its own name, contact, logo and colour, kept in a folder of its own.

The folder holds `careprint.toml`, the logo, and optionally `modules/<id>.md` (replacing a pack
module of that id) and `templates/` (searched before the project's templates). It is validated
like the packs: strict keys with file:line, the phone number against the clinic's country, the
logo's type and size, and the accent colour's contrast against white paper.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import time
from pathlib import Path

from pydantic import Field, field_validator, model_validator

from builder.base.errors import ProblemList
from builder.base.tomlsource import Loc, line_of, read_model
from builder.base.wording import colour_problem
from builder.model.branding import (
    MIN_CONTRAST,
    check_logo,
    contrast_on_white,
    logo_aspect,
    printed_size_mm,
)
from builder.model.content import Module, load_module
from builder.model.helplines import (
    CountryHelplines,
    Opening,
    Service,
    dial_services,
    repeated_ids,
    retired_problem,
)
from builder.model.hours import format_range, join_ranges, parse_clock
from builder.model.phones import Dialable, NumberError, dialable
from builder.model.project import Project
from builder.model.retired import RetiredNumbers
from builder.model.strict import CountryCode, Strict
from builder.model.translations import Translator

FILE = "careprint.toml"
# The logo's printed height on the handout: below 8 mm a logo's detail is lost; above 30 mm it
# pushes the handout's title and first lines down the cover page.
LOGO_MM_MIN, LOGO_MM_DEFAULT, LOGO_MM_MAX = 8.0, 12.0, 30.0
# Where the clinic's hours_note stands in its hours joined the locale's way ("Mon–Fri
# 09:00–17:00 and <note>"): the note is cut out there to print in its own direction.
NOTE_SLOT = "\ufffc"


def _one_line(value: str, key: str, what: str) -> str:
    """A clinic's text prints as one run on a card: a line break in it (an address pasted
    into the name) would be joined up silently, so it is refused."""
    if "\n" in value.strip():
        raise ValueError(
            f"holds line breaks; {key} prints as one line, so write {what} on one line "
            "(careprint.toml has no address: a card has no room for one)"
        )
    return value


class ClinicContact(Strict):
    phone: str = Field(min_length=1)
    opening: list[Opening] = Field(default_factory=list)
    hours_note: str = ""

    @field_validator("hours_note")
    @classmethod
    def _hours_line(cls, value: str) -> str:
        return _one_line(value, "hours_note", "the hours")

    @model_validator(mode="after")
    def _hours_known(self) -> ClinicContact:
        if not self.opening and not self.hours_note.strip():
            raise ValueError(
                "say when the clinic answers: add [[contact.opening]] ranges or a hours_note"
            )
        return self


class OverlayFile(Strict):
    name: str = Field(min_length=1)
    country: CountryCode
    logo: str = ""
    logo_alt: str = ""
    # A number, not "20" in quotes (a phone given as a number is refused the same way), and a
    # finite one: nan was reported as "must be <= 30".
    logo_height_mm: float = Field(
        default=LOGO_MM_DEFAULT, ge=LOGO_MM_MIN, le=LOGO_MM_MAX, strict=True, allow_inf_nan=False
    )
    accent: str = ""
    contact: ClinicContact
    services: list[Service] = Field(default_factory=list)

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        if not value.strip():
            raise ValueError('is empty; give the clinic\'s name as it should print: name = "..."')
        return _one_line(value, "name", "the clinic's name")

    @field_validator("accent")
    @classmethod
    def _accent(cls, value: str) -> str:
        if value and (problem := colour_problem(value)) is not None:
            raise ValueError(problem)
        return value


@dataclass(frozen=True)
class Overlay:
    folder: Path
    settings: OverlayFile
    phone: Dialable
    logo: Path | None
    modules: dict[str, Module]
    positions: dict[Loc, int]
    logo_aspect: float = 1.0  # the logo's width over its height (branding.logo_aspect)

    @property
    def templates(self) -> Path:
        return self.folder / "templates"

    @property
    def path(self) -> Path:
        return self.folder / FILE

    def _printed(self) -> dict[Loc, str]:
        """The clinic's own words that print on a document, by their key in careprint.toml."""
        return {
            ("name",): self.settings.name,
            ("contact", "hours_note"): self.settings.contact.hours_note,
        }

    def printed_in(self, text: str) -> tuple[str, int | None] | None:
        """The key ("name", "contact.hours_note") and line in careprint.toml of the clinic's
        own text that `text` (a paragraph a layout check names) holds or is part of, so a
        clinic is sent to its own file, not to the pack's."""
        if not text:
            return None
        for loc, value in self._printed().items():
            # A check names a paragraph's text with its white space collapsed; a short text
            # ("Remember") found inside a long name is not the name.
            words = " ".join(value.split())
            if words and (words in text or (text in words and 2 * len(text) >= len(words))):
                return _key(loc), line_of(self.positions, loc)
        return None

    def printed_within(self, text: str) -> list[tuple[str, int | None]]:
        """The key and line of each of the clinic's own texts printed within `text` (all a
        fixed box prints): what shares a card side or a quick guide side with the text a
        layout check names, and takes its room as much."""
        flat = " ".join(text.split())
        return [
            (_key(loc), line_of(self.positions, loc))
            for loc, value in self._printed().items()
            if value.strip() and " ".join(value.split()) in flat
        ]

    def holding(self, chars: Sequence[str]) -> list[tuple[str, int | None, list[str]]]:
        """Each of the clinic's printed keys that holds any of chars (characters no font
        covers, say an emoji in the name): its key, its line and which of the chars."""
        return [
            (_key(loc), line_of(self.positions, loc), found)
            for loc, value in self._printed().items()
            if (found := [c for c in chars if c in value])
        ]


def _key(loc: Loc) -> str:
    return ".".join(str(part) for part in loc)


MIDNIGHT = time(0, 0)  # a closing time of "24:00"


def _overnight_from_morning(
    contact: ClinicContact, path: Path, positions: dict[Loc, int], problems: ProblemList
) -> None:
    """A clinic's range that opens in the morning and closes before it opened ("08:30" to
    "08:00", or "09:00" to "05:00" for 5 pm) reads as open all night: a family calls at 3 am
    and nobody answers. An evening opening that runs overnight (an out-of-hours line) is
    left alone; so is this one, when the clinic confirms it, as a warning (--strict stops).
    A closing at midnight ends the same day, not the next morning: written "00:00", which a
    24-hour clock prints as the start of a day, it is asked to be written "24:00"."""
    for index, opening in enumerate(contact.opening):
        start, end = parse_clock(opening.start), parse_clock(opening.end)
        if opening.end == "00:00":
            problems.warn(
                "CP1511",
                f'contact.opening[{index + 1}] closes at "00:00", which a 24-hour clock '
                "prints as the start of a day",
                path,
                line_of(positions, ("contact", "opening", index, "to")),
                fix='for a closing at midnight write to = "24:00"',
            )
            continue
        if end == MIDNIGHT or not (start.hour < 12 and end < start):
            continue
        problems.warn(
            "CP1510",
            f"contact.opening[{index + 1}] opens at {opening.start} and closes at "
            f"{opening.end} the next morning, so every document says the clinic answers "
            "all night",
            path,
            line_of(positions, ("contact", "opening", index, "to")),
            fix='give the closing time on the 24-hour clock (5 pm is to = "17:00"); if the '
            "clinic really answers overnight, leave it",
        )


def _near_names(folder: Path) -> list[str]:
    """Files a clinic may have meant as careprint.toml: Notepad's "careprint.toml.txt" (Windows
    hides the .txt), "Careprint.toml"."""
    if not folder.is_dir():
        return []
    return sorted(
        p.name for p in folder.iterdir() if p.name.lower().startswith("careprint") and p.is_file()
    )


def _missing_file(folder: Path) -> str:
    if folder.is_file():  # said against that file (load_overlay)
        return "--overlay names this file, not the clinic's folder"
    if not folder.exists():
        return f"the overlay folder {folder} does not exist"
    return f"no {FILE} in the overlay folder"


def _missing_fix(folder: Path) -> str:
    if folder.is_file():
        return f"give the folder that holds it: --overlay {folder.parent}"
    near = _near_names(folder)
    if near:
        return f'rename {near[0]} to {FILE} (exactly: lower case, and no ".txt" after it)'
    if not folder.exists():
        return "give the folder that holds the clinic's careprint.toml to --overlay"
    return "see examples/clinic/ for an overlay that works"


def load_overlay(
    folder: Path, problems: ProblemList, retired: RetiredNumbers | None = None
) -> Overlay | None:
    """Read and check an overlay folder; every problem is recorded with its file and line."""
    folder = folder.resolve()
    path = folder / FILE
    errors_before = len(problems.errors)
    if folder.is_file():  # the error names it: folder/careprint.toml would be under a file
        problems.error("CP1106", _missing_file(folder), folder, fix=_missing_fix(folder))
        return None
    settings, positions = read_model(
        OverlayFile, path, problems, missing=_missing_file(folder), fix=_missing_fix(folder)
    )
    if settings is None:
        return None
    phone = None
    try:
        phone = dialable(settings.contact.phone, settings.country)
    except NumberError as exc:
        problems.error(
            "CP1506",
            f"contact.phone {exc}",
            path,
            line_of(positions, ("contact", "phone")),
            fix=f"give the clinic's number as dialled in {settings.country}",
        )
    if phone is not None and retired_problem(
        retired,
        phone,
        settings.contact.phone,
        settings.country,
        "contact.phone",
        path,
        line_of(positions, ("contact", "phone")),
        problems,
    ):
        phone = None
    accent = settings.accent
    if accent and (ratio := contrast_on_white(accent)) < MIN_CONTRAST:
        problems.error(
            "CP1507",
            f"accent {accent} has a contrast of {ratio:.2f}:1 against white paper",
            path,
            line_of(positions, ("accent",)),
            fix=f"headings need at least {MIN_CONTRAST}:1; use a darker colour",
        )
    _overnight_from_morning(settings.contact, path, positions, problems)
    logo = None
    if settings.logo:
        logo = check_logo(
            folder,
            settings.logo,
            path,
            line_of(positions, ("logo",)),
            problems,
            settings.logo_height_mm,
        )
    services = dial_services(
        settings.services, settings.country, path, positions, problems, retired
    )
    modules = {}
    for module_path in sorted((folder / "modules").glob("*.md")):
        if (module := load_module(module_path, problems)) is not None:
            modules[module.id] = module
    repeated_ids(settings.services, path, positions, problems)
    if phone is None or services is None or len(problems.errors) > errors_before:
        return None
    settings = settings.model_copy(update={"services": services})
    aspect = logo_aspect(logo) if logo is not None else 1.0
    return Overlay(folder, settings, phone, logo, modules, positions, aspect)


def apply_overlay(project: Project, overlay: Overlay, problems: ProblemList) -> Project:
    """The project as this clinic sees it: its modules in place, its extra helplines added."""
    packs = {}
    for pack_id, pack in project.packs.items():
        modules = tuple(overlay.modules.get(m.id, m) for m in pack.modules)
        packs[pack_id] = dataclasses.replace(pack, modules=modules)
    unused = set(overlay.modules) - {m.id for p in project.packs.values() for m in p.modules}
    for module_id in sorted(unused):
        problems.warn(
            "CP1508",
            "this module replaces nothing: no pack has a module with this id",
            overlay.modules[module_id].path,
            fix="name the file after a pack module",
        )
    helplines = dict(project.helplines)
    extra = overlay.settings.services
    country = helplines.get(overlay.settings.country)
    if country is None:
        problems.error(
            "CP3010",
            f'no helpline data for country "{overlay.settings.country}"',
            overlay.path,
            fix="set country to one with a packs/helplines file",
        )
    elif extra:
        merged = _merge(country, extra, overlay, problems)
        if merged is not None:
            helplines[country.country] = merged
    return dataclasses.replace(project, packs=packs, helplines=helplines)


def by_file(country: CountryHelplines, overlay: Overlay | None) -> list[CountryHelplines]:
    """A country's rows grouped by the file they came from (the pack's, the clinic's), so a
    problem found in a clinic's extra helpline names careprint.toml and its line."""
    extra = overlay.settings.services if overlay else []
    if overlay is None or overlay.settings.country != country.country or not extra:
        return [country]
    own = [s for s in country.services if s not in extra]
    return [
        country.model_copy(update={"services": own}),
        country.model_copy(
            update={"services": list(extra), "path": overlay.path, "lines": overlay.positions}
        ),
    ]


def _merge(
    country: CountryHelplines, extra: list[Service], overlay: Overlay, problems: ProblemList
) -> CountryHelplines | None:
    taken = {s.id for s in country.services}
    clashes = sorted(s.id for s in extra if s.id in taken)
    if clashes:
        problems.error(
            "CP1509",
            f"services {', '.join(clashes)} already exist in "
            f"packs/helplines/{country.country}.toml",
            overlay.path,
            fix="give the clinic's extra services ids of their own",
        )
        return None
    return country.model_copy(update={"services": [*country.services, *extra]})


@dataclass(frozen=True)
class ClinicView:
    """What a handout or card prints about the clinic, in the document's language."""

    name: str
    phone: str
    href: str
    # The hours as one text (hours_lead + hours_note + hours_tail): the opening ranges in the
    # document's language, joined with the clinic's own note (written in whatever language
    # the clinic wrote it), which prints in its own direction between the lead and the tail.
    hours: str
    hours_lead: str
    hours_note: str
    hours_tail: str
    logo: str
    logo_alt: str
    logo_height_mm: float  # the box the logo is fitted into (object-fit: contain) ...
    logo_width_mm: float  # ... as wide as its shape asks, at most three times its height


def clinic_view(overlay: Overlay, tr: Translator) -> ClinicView:
    _ = tr.gettext
    contact = overlay.settings.contact
    note = contact.hours_note
    joined = join_ranges(
        [format_range(list(o.days), o.start, o.end, tr.regional, _) for o in contact.opening]
        + ([NOTE_SLOT] if note else []),
        tr.regional,
    )
    lead, _slot, tail = joined.partition(NOTE_SLOT)
    name = overlay.settings.name
    alt = overlay.settings.logo_alt or _("Logo of %(clinic)s") % {"clinic": name}
    return ClinicView(
        name=name,
        phone=overlay.phone.display,
        href=f"tel:{overlay.phone.tel}",
        hours=lead + note + tail,
        hours_lead=lead,
        hours_note=note,
        hours_tail=tail,
        logo=overlay.logo.as_uri() if overlay.logo else "",
        logo_alt=alt,
        logo_height_mm=overlay.settings.logo_height_mm,
        logo_width_mm=printed_size_mm(overlay.logo_aspect, overlay.settings.logo_height_mm)[0],
    )
