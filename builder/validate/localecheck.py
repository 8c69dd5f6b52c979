"""Per-locale checks before typesetting: reviewed translations, and what prints in English.

A build never mixes languages silently: every string or helpline text a locale has not
translated is counted in a warning or, with --strict, named with its catalog or data line.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import replace

from builder.base.errors import Problem, ProblemList
from builder.i18n.sourcestrings import SourceString, source_strings
from builder.i18n.upkeep import data_fallbacks, fallback_entries
from builder.model.catalogs import LocaleCatalogs
from builder.model.lint import no_rules
from builder.model.project import Project
from builder.plan.jobs import DocumentJob
from builder.plan.pairs import locale_parts
from builder.validate.completeness import check_completeness


def check_locales(
    project: Project,
    jobs: list[DocumentJob],
    problems: ProblemList,
    *,
    strict: bool,
    require_reviewed: bool,
    allow_incomplete: bool = False,
    named: Collection[str] = (),
) -> tuple[dict[tuple[str, str], float], dict[DocumentJob, Problem]]:
    """Before typesetting: refuse catalogs below their pack's completeness threshold unless
    allowed (the build if the request names the locale, else only its documents, returned
    with their error; see completeness.py), then, for what is left to print, refuse unreviewed
    locales on request and count English fallbacks. `jobs` leaves out those check_rules
    refused. Also returns the catalogs built on request below the threshold.

    A fallback is a source string whose entry is empty, fuzzy or absent in the catalog: it
    prints in English. Normally one warning per locale; with --strict every entry is an error
    naming its PO file and line.
    """
    translated = {
        part
        for job in jobs
        for part in locale_parts(job.locale)
        if part in project.catalogs and not project.catalogs[part].no_rules
    }
    if not translated:  # no translated locale in this build
        return {}, {}
    strings = source_strings(project)  # what the sources print, read once for all locales
    keys = {domain: {s.key for s in strings[domain]} for domain in strings}
    incomplete, refused = check_completeness(
        project, jobs, keys, problems, allow_incomplete=allow_incomplete, named=named
    )
    # A refused document does not print: its locale is not checked for it.
    jobs = [job for job in jobs if job not in refused]
    for locale in sorted({part for job in jobs for part in locale_parts(job.locale)}):
        if locale not in translated:
            continue
        catalogs = project.catalogs[locale]
        if require_reviewed and catalogs.status != "reviewed":
            problems.error(
                "CP4101",
                f"the {locale} translation is a draft, not yet reviewed by a native speaker",
                catalogs.paths.get("content"),
                fix="build without --require-reviewed, or have it reviewed and set "
                "'# Review-Status: reviewed'",
            )
        check_data_language(project, catalogs, jobs, strict, problems, strings["helplines"])
        fallbacks = fallback_entries(project, catalogs, keys)
        if not fallbacks:
            continue
        if strict:
            for (context, msgid), (path, line) in fallbacks:
                where = f" [{context}]" if context else ""
                problems.error(
                    "CP4102",
                    f'{locale}: "{msgid[:60]}"{where} is not translated',
                    path,
                    line,
                    fix="translate it, or build without --strict to print English",
                )
        else:
            problems.warn(
                "CP4103",
                f"{locale}: {len(fallbacks)} string(s) are not translated and will "
                "print in English",
                catalogs.paths.get("content"),
                fix="see careprint i18n stats; --strict makes this an error",
            )
    return incomplete, refused


def check_rules(
    project: Project,
    problems: ProblemList,
    jobs: list[DocumentJob] | None = None,
    named: Collection[str] = (),
) -> dict[DocumentJob, Problem]:
    """Each locale without safe-messaging rules (CP2004). `careprint check` passes no jobs:
    there a locale whose text cannot be checked is an error, so CI never calls it checked.

    In a build, a locale the request names (`named`: --locale, --with, batch.toml) is an error,
    and nothing is written. One the build plans only as a country's default language (`--all`
    and Andorra's Catalan) refuses its own documents, returned each with its CP2004 error to
    fail alone while the others are built. A locale the build leaves out is a warning: a
    half-started language does not stop other builds, not even under --strict, which fails on
    what the build prints."""
    asked = {name.casefold() for name in named}
    planned = Counter(part for job in jobs or [] for part in locale_parts(job.locale))
    refused: dict[DocumentJob, Problem] = {}
    for locale, catalogs in sorted(project.catalogs.items()):
        if not catalogs.no_rules:
            continue
        content = catalogs.paths.get("content")
        if jobs is None:
            no_rules(locale, content, problems.error, " and none of its documents can be built")
        elif locale.casefold() in asked:
            no_rules(
                locale,
                content,
                problems.error,
                f" and its {planned[locale]} document(s) in this build are not built",
            )
        elif planned[locale]:
            own = ProblemList()
            no_rules(locale, content, own.error, " and this document is not built")
            for job in jobs:
                if locale in locale_parts(job.locale):
                    refused[job] = own.items[0]
        else:  # about a locale this build leaves out, so --strict keeps it a warning
            aside = ProblemList()
            no_rules(
                locale,
                content,
                aside.warn,
                f"; no document in {locale} can be built until the file exists",
            )
            problems.extend([replace(p, advisory=True) for p in aside.items])
    return refused


def check_data_language(
    project: Project,
    catalogs: LocaleCatalogs,
    jobs: list[DocumentJob],
    strict: bool,
    problems: ProblemList,
    helpline_strings: tuple[SourceString, ...] | None = None,
) -> None:
    """Helpline data (names, costs, instructions) in a locale that has not translated it for
    that country prints in English: say so per country, or fail under --strict."""
    helpline_strings = (
        helpline_strings if helpline_strings is not None else source_strings(project)["helplines"]
    )
    for country in sorted({j.country for j in jobs if catalogs.locale in locale_parts(j.locale)}):
        fallbacks = data_fallbacks(project, catalogs, country, helpline_strings)
        if not fallbacks:
            continue
        if strict:
            for text, path, line in fallbacks:
                problems.error(
                    "CP4104",
                    f'{catalogs.locale}: helpline text "{text[:60]}" for {country} is '
                    "not translated",
                    path,
                    line,
                    fix=f"add it to locales/{catalogs.locale}/LC_MESSAGES/"
                    "helplines.po, or build without --strict",
                )
        else:
            problems.warn(
                "CP4105",
                f"{catalogs.locale}: {len(fallbacks)} helpline text(s) for {country} "
                "are not translated and will print in English",
                catalogs.paths.get("helplines"),
                fix="helpline data is translated for the countries where a language "
                "is official; --strict makes this an error",
            )
