"""The orchestrator: load -> validate -> plan -> render -> typeset -> write.

Everything is read, validated and typeset before anything is written, so bad input leaves no
file behind. The CLI only parses options and calls `build` (or the batch runner, which shares
`prepare`). Typesetting one document is in typesetjob.py.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .bilingual import PAIR_PRODUCTS, is_pair, locale_parts, pair_of
from .errors import InputError, Problem, ProblemList
from .freshness import Dating, build_date, check_ages
from .imposition import Duplex
from .localecheck import check_locales
from .overlay import Overlay, apply_overlay, by_file, load_overlay
from .paper import PAPERS, paper_for
from .plan import DocumentJob
from .project import Project, load_project
from .templatecheck import check_all_templates
from .wording import country_suggestion
from .writer import claim_paths, write_atomic

Progress = Callable[[str], None]


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
    today: date | None = None            # build date; None: SOURCE_DATE_EPOCH or the clock
    allow_stale: bool = False            # build past the age limit, marking the PDFs
    warn_after_months: int | None = None  # override every pack's [helplines] limits
    fail_after_months: int | None = None
    with_locale: str | None = None       # --with en: each locale's bilingual edition with en


@dataclass
class BuildResult:
    written: list[Path] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def plan(project: Project, request: BuildRequest, problems: ProblemList,
         overlay: Overlay | None = None) -> list[DocumentJob]:
    """Expand the request into documents; unknown names are problems naming what exists.

    A clinic's overlay is for its own country (its phone number is dialled there), so it
    builds that country by default and refuses others.
    """
    helplines_dir = project.root / "packs" / "helplines"
    pack_ids = list(request.packs) or sorted(project.packs)
    jobs: list[DocumentJob] = []
    if request.paper and request.paper not in PAPERS:
        problems.error(f'unknown paper "{request.paper}"', fix="use --paper a4 or --paper letter")
        return []
    for pack_id in pack_ids:
        pack = project.packs.get(pack_id)
        if pack is None:
            problems.error(f'no pack "{pack_id}"', project.root / "packs" / pack_id / "pack.toml",
                           fix=f"available packs: {', '.join(sorted(project.packs)) or 'none'}")
            continue
        countries = [c.upper() for c in request.countries] or \
            ([overlay.settings.country] if overlay else sorted(project.helplines))
        for country in countries:
            if overlay and country != overlay.settings.country:
                problems.error(f"the overlay is for {overlay.settings.country}, not {country}",
                               overlay.path, fix=f"build --country {overlay.settings.country}, "
                                                 "or leave out --overlay")
                continue
            if country not in project.helplines:
                meant = country_suggestion(country)
                hint = f'"{meant}" is the code for what you wrote; ' if meant and meant != \
                    country and meant in project.helplines else ""
                problems.error(f'no helpline data for country "{country}"',
                               helplines_dir / f"{country}.toml",
                               fix=f"{hint}use one of {', '.join(sorted(project.helplines))}, or "
                                   f"add packs/helplines/{country}.toml")
                continue
            locales = list(dict.fromkeys(
                pair_of(locale, request.with_locale) for locale in
                (list(request.locales) or project.default_locales(country, pack))))
            if not request.locales:
                for language, other in project.regional_gaps(country):
                    problems.warn(
                        f"{country}: no {language}_{country} catalog yet; {other} is written "
                        f"for another region and is not used there, so {country} gets "
                        f"{', '.join(locales)}", project.root / "locales",
                        fix=f"add locales/{language}_{country}, or list the locales {country} "
                            f"should get under [languages] in {pack.folder / 'pack.toml'}")
            for locale in locales:
                unknown = [part for part in locale_parts(locale) if part not in project.locales]
                for part in unknown:
                    problems.error(f'locale "{part}" is not shipped',
                                   project.root / "locales" / part,
                                   fix=f"use one of {', '.join(project.locales)}, or start "
                                       f"it: careprint i18n update --locale {part} "
                                       '--credit "Your Name"')
                parts = locale_parts(locale)
                if unknown or (is_pair(locale) and (len(parts) != 2 or parts[0] == parts[1])):
                    if not unknown:
                        problems.error(f'"{locale}" is not a pair of two languages',
                                       fix="write two different locales joined by +, such as "
                                           "es+en")
                    continue
                for product in list(request.products) or pack.definition.products:
                    if product not in pack.definition.products:
                        problems.error(f'product "{product}" is not in pack {pack_id}',
                                       pack.folder / "pack.toml",
                                       fix=f"use one of {', '.join(pack.definition.products)}")
                        continue
                    if is_pair(locale) and product not in PAIR_PRODUCTS:
                        if request.products:  # asked for by name: say there is none
                            problems.error(f'product "{product}" has no bilingual edition',
                                           fix=f"bilingual editions exist for "
                                               f"{', '.join(PAIR_PRODUCTS)}; build {product} "
                                               "one language at a time")
                        continue
                    jobs.append(DocumentJob(pack_id, country, locale, product,
                                            paper_for(country, request.paper), request.duplex))
    return jobs


def datings(project: Project, request: BuildRequest, jobs: list[DocumentJob],
            problems: ProblemList, overlay: Overlay | None = None) -> dict[str, Dating]:
    """Each pack's age limits for this build; judge the rows of every country it prints."""
    today = request.today or build_date(None)
    result: dict[str, Dating] = {}
    judged: set[tuple[str, Dating]] = set()
    for job in jobs:
        if job.pack not in result:
            limits = project.packs[job.pack].definition.helplines.limits.override(
                request.warn_after_months, request.fail_after_months)
            result[job.pack] = Dating(today, limits, request.allow_stale)
        if (job.country, result[job.pack]) not in judged:
            judged.add((job.country, result[job.pack]))
            for rows in by_file(project.helplines[job.country], overlay):
                check_ages(rows, result[job.pack], problems)
    return result


def load_inputs(root: Path, overlay_dir: Path | None,
                problems: ProblemList) -> tuple[Project, Overlay | None]:
    """The project, and the clinic's overlay applied to it when one is given."""
    project = load_project(root, problems)
    if overlay_dir is None:
        return project, None
    overlay = load_overlay(overlay_dir, problems, project.retired)
    if overlay is None:
        return project, None
    return apply_overlay(project, overlay, problems), overlay


def template_dirs(project: Project, overlay: Overlay | None) -> list[Path]:
    """Where templates are searched: the clinic's own first, then the project's."""
    return ([overlay.templates] if overlay and overlay.templates.is_dir() else []) + \
        [project.templates]


@dataclass(frozen=True)
class Prepared:
    """Everything decided before typesetting: shared by `build` and batch builds."""

    project: Project
    overlay: Overlay | None
    jobs: list[DocumentJob]
    dating: dict[str, Dating]


def prepare(request: BuildRequest, problems: ProblemList) -> Prepared:
    """Load, validate and plan; raise before anything is written if the input is bad."""
    project, overlay = load_inputs(request.root, request.overlay, problems)
    problems.raise_if_errors()
    check_all_templates(project, overlay, template_dirs(project, overlay), problems)
    problems.raise_if_errors()
    jobs = plan(project, request, problems, overlay)
    from .check import check_content  # check.py builds on this module

    # What check refuses, build refuses; check's advice (warnings) stays with check.
    content = ProblemList()
    check_content(project, content, {job.pack for job in jobs})
    problems.extend(content.errors)
    check_locales(project, jobs, problems, strict=request.strict,
                  require_reviewed=request.require_reviewed)
    problems.raise_if_errors()
    dating = datings(project, request, jobs, problems, overlay)
    problems.raise_if_errors()
    return Prepared(project, overlay, jobs, dating)


def build(request: BuildRequest, progress: Progress | None = None) -> BuildResult:
    """Build the requested documents in this process: all of them, or nothing is written."""
    # WeasyPrint is imported only once there is something to typeset (see typesetjob.py).
    from .typesetjob import typeset_job, typesetting_tools

    problems = ProblemList()
    prepared = prepare(request, problems)
    project, overlay, jobs, dating = (prepared.project, prepared.overlay, prepared.jobs,
                                      prepared.dating)
    claim_paths([request.out / job.relative_path() for job in jobs])
    tools = typesetting_tools(project, overlay)
    outputs: list[tuple[Path, bytes]] = []
    for job in jobs:
        if progress:
            progress(f"typesetting {job.label}")
        pdf = typeset_job(job, tools, dating[job.pack], problems)
        if pdf is not None:
            outputs.append((request.out / job.relative_path(), pdf))
    if problems.errors or (request.strict and problems.warnings):
        raise InputError(problems.items if request.strict else problems.errors)
    result = BuildResult(warnings=problems.warnings)
    for path, pdf in outputs:
        write_atomic(path, pdf)
        result.written.append(path)
        if progress:
            progress(f"wrote {path}")
    return result
