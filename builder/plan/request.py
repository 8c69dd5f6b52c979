"""What a build is asked for, and the plan made from it: which documents, dated how.

`plan()` expands a BuildRequest into DocumentJobs (jobs.py), naming what exists when a pack,
country, locale or product is unknown; `check_regional_gaps()` says which country gets another
language for want of its regional catalog; `datings()` gives each pack its age limits and judges
the rows every planned country prints. `Prepared` is everything decided before typesetting.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from builder.base.errors import Problem, ProblemList
from builder.base.wording import country_suggestion
from builder.model.freshness import Dating, build_date, check_ages
from builder.model.overlay import Overlay, by_file
from builder.model.project import Project, start_locale_fix
from builder.plan.imposition import Duplex
from builder.plan.jobs import DocumentJob, Refused, refuse
from builder.plan.pairs import PAIR, PAIR_PRODUCTS, is_pair, locale_parts, pair_of
from builder.plan.paper import PAPERS, paper_for


@dataclass(frozen=True)
class BuildRequest:
    root: Path
    out: Path
    packs: Sequence[str] = ()
    countries: Sequence[str] = ()
    locales: Sequence[str] = ()
    products: Sequence[str] = ()
    paper: str | None = None
    duplex: Duplex = "long-edge"
    strict: bool = False
    overlay: Path | None = None
    require_reviewed: bool = False
    today: date | None = None  # build date; None: SOURCE_DATE_EPOCH or the clock
    allow_stale: bool = False  # build past the age limit, marking the PDFs
    warn_after_months: int | None = None  # override every pack's [helplines] limits
    fail_after_months: int | None = None
    with_locale: str | None = None  # --with en: each locale's bilingual edition with en
    allow_incomplete: bool = False  # build catalogs below the pack's threshold, marked

    def __post_init__(self) -> None:
        # WeasyPrint reads assets by file: URL, which only an absolute folder has; a library
        # caller's Path(".") is taken from the working directory as the CLI's --root is.
        object.__setattr__(self, "root", self.root.absolute())

    # What the request names itself, as against what a build takes by default (every
    # country, each in its default languages, as --all does): a problem with something named
    # refuses the build, nothing written; one with a default fails only its own documents.
    @property
    def named_locales(self) -> set[str]:
        """--locale (each part of a pair), --with, and batch.toml's locales."""
        named = {part for locale in self.locales for part in locale_parts(locale)}
        return named | ({self.with_locale} if self.with_locale else set())

    def names_country(self, country: str) -> bool:
        """--country or batch.toml's countries, or a clinic's overlay, which builds its own."""
        return self.overlay is not None or country.upper() in {c.upper() for c in self.countries}


def plan(
    project: Project, request: BuildRequest, problems: ProblemList, overlay: Overlay | None = None
) -> list[DocumentJob]:
    """Expand the request into documents; unknown names are problems naming what exists.

    A clinic's overlay is for its own country (its phone number is dialled there), so it
    builds that country by default and refuses others.
    """
    helplines_dir = project.root / "packs" / "helplines"
    pack_ids = list(request.packs) or sorted(project.packs)
    jobs: list[DocumentJob] = []
    if request.paper and request.paper not in PAPERS:
        problems.error(
            "CP5001", f'unknown paper "{request.paper}"', fix="use --paper a4 or --paper letter"
        )
        return []
    with_locale = request.with_locale and _as_known(request.with_locale, project.locales)
    for pack_id in (_as_known(p, project.packs) for p in pack_ids):
        pack = project.packs.get(pack_id)
        if pack is None:
            problems.error(
                "CP5002",
                f'no pack "{pack_id}"',
                project.root / "packs" / pack_id / "pack.toml",
                fix=f"available packs: {', '.join(sorted(project.packs)) or 'none'}",
            )
            continue
        countries = [c.upper() for c in request.countries] or (
            [overlay.settings.country] if overlay else sorted(project.helplines)
        )
        for country in countries:
            if overlay and country != overlay.settings.country:
                problems.error(
                    "CP5003",
                    f"the overlay is for {overlay.settings.country}, not {country}",
                    overlay.path,
                    fix=f"build --country {overlay.settings.country}, or leave out --overlay",
                )
                continue
            if country not in project.helplines:
                meant = country_suggestion(country)
                hint = (
                    f'"{meant}" is the code for what you wrote; '
                    if meant and meant != country and meant in project.helplines
                    else ""
                )
                problems.error(
                    "CP3010",
                    f'no helpline data for country "{country}"',
                    helplines_dir / f"{country}.toml",
                    fix=f"{hint}use one of {', '.join(sorted(project.helplines))}, or "
                    f"add packs/helplines/{country}.toml",
                )
                continue
            locales = list(
                dict.fromkeys(
                    pair_of(locale, with_locale)
                    for locale in (
                        [_as_known_parts(x, project.locales) for x in request.locales]
                        or project.default_locales(country, pack)
                    )
                )
            )
            for locale in locales:
                unknown = [part for part in locale_parts(locale) if part not in project.locales]
                for part in unknown:
                    problems.error(
                        "CP5005",
                        f'locale "{part}" is not shipped',
                        project.root / "locales" / part,
                        fix=f"use one of {', '.join(project.locales)}, or {start_locale_fix(part)}",
                    )
                parts = locale_parts(locale)
                if unknown or (is_pair(locale) and (len(parts) != 2 or parts[0] == parts[1])):
                    if not unknown:
                        problems.error(
                            "CP5006",
                            f'"{locale}" is not a pair of two languages',
                            fix="write two different locales joined by +, such as es+en",
                        )
                    continue
                products = [_as_known(p, pack.definition.products) for p in request.products]
                for product in products or pack.definition.products:
                    if product not in pack.definition.products:
                        problems.error(
                            "CP5007",
                            f'product "{product}" is not in pack {pack_id}',
                            pack.folder / "pack.toml",
                            fix=f"use one of {', '.join(pack.definition.products)}",
                        )
                        continue
                    if is_pair(locale) and product not in PAIR_PRODUCTS:
                        if request.products:  # asked for by name: say there is none
                            problems.error(
                                "CP5008",
                                f'product "{product}" has no bilingual edition',
                                fix=f"bilingual editions exist for "
                                f"{', '.join(PAIR_PRODUCTS)}; build {product} "
                                "one language at a time",
                            )
                        continue
                    jobs.append(
                        DocumentJob(
                            pack_id,
                            country,
                            locale,
                            product,
                            paper_for(country, request.paper),
                            request.duplex,
                        )
                    )
    return jobs


def check_regional_gaps(
    project: Project, request: BuildRequest, jobs: list[DocumentJob], problems: ProblemList
) -> Refused:
    """CP5004: a country taking its default languages, one of which ships only as another
    region's catalog (Macao's Portuguese, with pt_BR and pt_PT), gets the others and a warning.

    Under --strict, a country the request names refuses the build with it, nothing written;
    one taken by default (every country, as --all) refuses only its own documents in that
    pack, returned each with one error to fail alone while the other countries are built."""
    refused: Refused = {}
    if request.locales:  # the request chose the languages itself
        return refused
    by_place: dict[tuple[str, str], list[DocumentJob]] = {}
    for job in jobs:
        by_place.setdefault((job.pack, job.country), []).append(job)
    for (pack_id, country), planned in by_place.items():
        gaps: dict[str, list[str]] = {}
        for language, other in project.regional_gaps(country):
            gaps.setdefault(language, []).append(other)
        if not gaps:
            continue
        gets = ", ".join(dict.fromkeys(job.locale for job in planned))
        pack_toml = project.packs[pack_id].folder / "pack.toml"
        choose = f"list the locales {country} should get under [languages] in {pack_toml}"
        if not request.strict or request.names_country(country):
            for language, others in gaps.items():
                for other in others:
                    problems.warn(
                        "CP5004",
                        f"{country}: no {language}_{country} catalog yet; {other} is written "
                        f"for another region and is not used there, so {country} gets {gets}",
                        project.root / "locales",
                        fix=f"add locales/{language}_{country}, or {choose}",
                    )
            continue
        missing = "; ".join(
            f"no {language}_{country} catalog yet ({_listed(others)} "
            + ("is" if len(others) == 1 else "are")
            + " written for "
            + ("another region" if len(others) == 1 else "other regions")
            + " and not used there)"
            for language, others in gaps.items()
        )
        error = Problem(
            "CP5004",
            f"{country}: {missing}, so {country} would get only {gets}; --strict refuses a "
            "country's documents that leave out one of its languages, so this document is "
            "not built",
            project.root / "locales",
            fix=f"add {' and '.join(f'locales/{code}_{country}' for code in gaps)}, {choose}, "
            f"or build without --strict to print {country} in {gets} only",
        )
        for job in planned:
            refuse(refused, job, error)
    return refused


def _listed(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _as_known(name: str, known: Iterable[str]) -> str:
    """A name as the project spells it when it differs only in case (-l FR, -p Handout),
    like --paper A4; otherwise as given, for the usual "use one of" problem."""
    matches = [k for k in known if k.casefold() == name.casefold()]
    return name if name in matches or len(matches) != 1 else matches[0]


def _as_known_parts(locale: str, known: Iterable[str]) -> str:
    return PAIR.join(_as_known(part, known) for part in locale_parts(locale))


def datings(
    project: Project,
    request: BuildRequest,
    jobs: list[DocumentJob],
    problems: ProblemList,
    overlay: Overlay | None = None,
) -> dict[str, Dating]:
    """Each pack's age limits for this build; judge the rows of every country it prints."""
    today = request.today or build_date(None)
    result: dict[str, Dating] = {}
    judged: set[tuple[str, Dating]] = set()
    for job in jobs:
        if job.pack not in result:
            limits = project.packs[job.pack].definition.helplines.limits.override(
                request.warn_after_months, request.fail_after_months
            )
            result[job.pack] = Dating(today, limits, request.allow_stale)
        if (job.country, result[job.pack]) not in judged:
            judged.add((job.country, result[job.pack]))
            for rows in by_file(project.helplines[job.country], overlay):
                check_ages(rows, result[job.pack], problems)
    return result


@dataclass(frozen=True)
class Prepared:
    """Everything decided before typesetting: shared by `build` and batch builds."""

    project: Project
    overlay: Overlay | None
    jobs: list[DocumentJob]
    dating: dict[str, Dating]
    # (pack, locale) -> share translated, for catalogs below the threshold built on request
    incomplete: dict[tuple[str, str], float] = field(default_factory=dict)
    # Documents that fail before typesetting, each with its errors: a country's default
    # language without safe-messaging rules (validate/localecheck.check_rules) or below the
    # pack's completeness threshold (validate/completeness.check_completeness), or under
    # --strict a country taken by default that lacks its regional catalog (check_regional_gaps)
    refused: Refused = field(default_factory=dict)
