"""The orchestrator: load -> validate -> plan -> render -> typeset -> write.

Everything is read, validated and typeset before anything is written, so bad input leaves no
file behind. The CLI only parses options and calls `build`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from jinja2 import Environment

from .catalogs import LocaleCatalogs
from .errors import InputError, Problem, ProblemList
from .fonts import font_dirs, font_face_css, missing_characters
from .freshness import Dating, build_date, check_ages
from .i18n import data_fallbacks, extract, fallback_entries
from .imposition import Duplex
from .paper import PAPERS, paper_for
from .plan import DocumentJob
from .project import Project, load_project
from .render import render_document
from .templating import make_environment
from .translations import Translator, source_translator
from .typeset import TypesetError, Typesetter, find_overflow, printed_text, stranded_headings
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
    require_reviewed: bool = False
    today: date | None = None            # build date; None: SOURCE_DATE_EPOCH or the clock
    allow_stale: bool = False            # build past the age limit, marking the PDFs
    warn_after_months: int | None = None  # override every pack's [helplines] limits
    fail_after_months: int | None = None


@dataclass
class BuildResult:
    written: list[Path] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def plan(project: Project, request: BuildRequest, problems: ProblemList) -> list[DocumentJob]:
    """Expand the request into documents; unknown names are problems naming what exists."""
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
        countries = [c.upper() for c in request.countries] or sorted(project.helplines)
        for country in countries:
            if country not in project.helplines:
                problems.error(f'no helpline data for country "{country}"',
                               helplines_dir / f"{country}.toml",
                               fix=f"use one of {', '.join(sorted(project.helplines))}, or add "
                                   f"packs/helplines/{country}.toml")
                continue
            locales = list(request.locales) or project.default_locales(country, pack)
            for locale in locales:
                if locale not in project.locales:
                    problems.error(f'locale "{locale}" is not shipped',
                                   project.root / "locales" / locale,
                                   fix=f"use one of {', '.join(project.locales)}")
                    continue
                for product in list(request.products) or pack.definition.products:
                    if product not in pack.definition.products:
                        problems.error(f'product "{product}" is not in pack {pack_id}',
                                       pack.folder / "pack.toml",
                                       fix=f"use one of {', '.join(pack.definition.products)}")
                        continue
                    jobs.append(DocumentJob(pack_id, country, locale, product,
                                            paper_for(country, request.paper), request.duplex))
    return jobs


def datings(project: Project, request: BuildRequest, jobs: list[DocumentJob],
            problems: ProblemList) -> dict[str, Dating]:
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
            check_ages(project.helplines[job.country], result[job.pack], problems)
    return result


def translator_for(project: Project, locale: str) -> Translator:
    catalogs = project.catalogs.get(locale)
    return catalogs.translator() if catalogs else source_translator(locale)


def check_locales(project: Project, jobs: list[DocumentJob], request: BuildRequest,
                  problems: ProblemList) -> None:
    """Before typesetting: refuse unreviewed locales on request, and count English fallbacks.

    A fallback is a source string whose entry is empty, fuzzy or absent in the catalog: it
    prints in English. Normally one warning per locale; with --strict every entry is an error
    naming its PO file and line.
    """
    for locale in sorted({job.locale for job in jobs}):
        catalogs = project.catalogs.get(locale)
        if catalogs is None:
            continue
        if request.require_reviewed and catalogs.status != "reviewed":
            problems.error(f"the {locale} translation is a draft, not yet reviewed by a native "
                           "speaker", catalogs.paths.get("content"),
                           fix="build without --require-reviewed, or have it reviewed and set "
                               "'# Review-Status: reviewed'")
        check_data_language(project, catalogs, jobs, request.strict, problems)
        fallbacks = fallback_entries(project, catalogs)
        if not fallbacks:
            continue
        if request.strict:
            for (context, msgid), (path, line) in fallbacks:
                where = f" [{context}]" if context else ""
                problems.error(f'{locale}: "{msgid[:60]}"{where} is not translated', path, line,
                               fix="translate it, or build without --strict to print English")
        else:
            problems.warn(f"{locale}: {len(fallbacks)} string(s) are not translated and will "
                          "print in English", catalogs.paths.get("content"),
                          fix="see careprint i18n stats; --strict makes this an error")


def check_data_language(project: Project, catalogs: LocaleCatalogs, jobs: list[DocumentJob],
                        strict: bool, problems: ProblemList) -> None:
    """Helpline data (names, costs, instructions) in a locale that has not translated it for
    that country prints in English: say so per country, or fail under --strict."""
    template = extract(project, "helplines")
    for country in sorted({j.country for j in jobs if j.locale == catalogs.locale}):
        fallbacks = data_fallbacks(project, catalogs, country, template)
        if not fallbacks:
            continue
        if strict:
            for text, path, line in fallbacks:
                problems.error(f'{catalogs.locale}: helpline text "{text[:60]}" for {country} is '
                               "not translated", path, line,
                               fix=f"add it to locales/{catalogs.locale}/LC_MESSAGES/"
                                   "helplines.po, or build without --strict")
        else:
            problems.warn(f"{catalogs.locale}: {len(fallbacks)} helpline text(s) for {country} "
                          "are not translated and will print in English",
                          catalogs.paths.get("helplines"),
                          fix="helpline data is translated for the countries where a language "
                              "is official; --strict makes this an error")


def typeset_job(job: DocumentJob, project: Project, typesetter: Typesetter,
                env: Environment, dating: Dating, problems: ProblemList) -> bytes | None:
    """Render and typeset one document; a failure is recorded against it, not raised."""
    pack = project.packs[job.pack]
    country = project.helplines[job.country]
    tr = translator_for(project, job.locale)
    rendered = render_document(env, job, pack, country, tr, dating)
    for warning in rendered.warnings:
        problems.warn(f"{job.label}: {warning}", country.path)
    missing = missing_characters(printed_text(rendered.html))
    if missing:
        shown = ", ".join(f"{c} (U+{ord(c):04X})" for c in missing[:12])
        problems.error(f"{job.label}: no font covers these characters: {shown}",
                       fix="remove them from the text, or add a font that covers them to "
                           "builder/fonts.py")
        return None
    sheets = [typesetter.stylesheet("fonts", font_face_css(), project.css)]
    sheets += [typesetter.stylesheet(name, (project.css / name).read_text(encoding="utf-8"),
                                     project.css) for name in rendered.stylesheets]
    try:
        document, log = typesetter.layout(rendered.html, project.templates, sheets)
    except TypesetError as exc:
        problems.error(f"{job.label}: {exc}", fix="only files inside the project can be used")
        return None
    failed = False
    for message in log:
        failed = True
        problems.error(f"{job.label}: WeasyPrint: {message}",
                       fix="a missing glyph needs a font that covers it; other messages are "
                           "template or CSS bugs")
    lost = find_overflow(document.pages, rendered.checks)
    if lost:
        failed = True
        problems.error(f"{job.label}: text does not fit in {', '.join(lost)}",
                       fix="shorten the text for this box")
    if rendered.expected_pages is not None and len(document.pages) != rendered.expected_pages:
        failed = True
        problems.error(f"{job.label}: expected {rendered.expected_pages} pages, "
                       f"got {len(document.pages)}", fix="content spilled onto extra pages")
    for page_number, heading in stranded_headings(document.pages):
        problems.warn(f'{job.label}: heading "{heading}" sits alone at the bottom of page '
                      f"{page_number}", fix="a template or CSS change must keep headings with "
                      "the text that follows (break-after: avoid)")
    if rendered.max_pages is not None and len(document.pages) > rendered.max_pages:
        failed = True
        spilled = [name for page in document.pages[rendered.max_pages:]
                   for name in page.anchors if not name.endswith("-end")]
        where = f" ({', '.join(spilled)} spilled over)" if spilled else ""
        problems.error(f"{job.label}: needs {len(document.pages)} pages, at most "
                       f"{rendered.max_pages} allowed{where}",
                       fix="shorten the text or use fewer write-in lines")
    if failed:
        return None
    try:
        return typesetter.write(document)
    except TypesetError as exc:
        problems.error(f"{job.label}: WeasyPrint: {exc}",
                       fix="a missing glyph needs a font that covers those characters")
        return None


def build(request: BuildRequest, progress: Progress | None = None) -> BuildResult:
    problems = ProblemList()
    project = load_project(request.root, problems)
    problems.raise_if_errors()
    jobs = plan(project, request, problems)
    check_locales(project, jobs, request, problems)
    problems.raise_if_errors()
    dating = datings(project, request, jobs, problems)
    problems.raise_if_errors()
    claim_paths([request.out / job.relative_path() for job in jobs])
    typesetter = Typesetter([project.templates, *font_dirs()])
    env = make_environment([project.templates])
    outputs: list[tuple[Path, bytes]] = []
    for job in jobs:
        if progress:
            progress(f"typesetting {job.label}")
        pdf = typeset_job(job, project, typesetter, env, dating[job.pack], problems)
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
