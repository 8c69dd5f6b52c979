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
from builder.plan.jobs import DocumentJob, Refused, refuse
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
) -> tuple[dict[tuple[str, str], float], Refused]:
    """Before typesetting: refuse catalogs below their pack's completeness threshold unless
    allowed (see completeness.py), then, for what is left to print, refuse unreviewed locales
    on request and count English fallbacks. `jobs` leaves out those check_rules refused.
    Returns the catalogs built on request below the threshold, and the documents refused.

    A fallback is a source string whose entry is empty, fuzzy or absent in the catalog: it
    prints in English. Normally one warning per locale; with --strict every entry is an error
    naming its PO file and line.

    Each refusal (CP4106, CP4107 under --strict, CP4101, CP4102, CP4104) stops the build, with
    nothing written, when the request names the locale (`named`: --locale, --with,
    batch.toml). A locale the build plans only as a country's default language (`build --all`)
    refuses its own documents instead, each with one error naming the catalog and the fix, and
    the others are built.
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
        project,
        jobs,
        keys,
        problems,
        allow_incomplete=allow_incomplete,
        strict=strict,
        named=named,
    )
    # A refused document does not print: its locale is not checked for it.
    jobs = [job for job in jobs if job not in refused]
    asked = {name.casefold() for name in named}
    for locale in sorted({part for job in jobs for part in locale_parts(job.locale)}):
        if locale not in translated:
            continue
        catalogs = project.catalogs[locale]
        mine = [job for job in jobs if locale in locale_parts(job.locale)]
        if locale.casefold() in asked:
            _check_locale(
                project, catalogs, mine, keys, strings, problems, strict, require_reviewed
            )
            continue
        own = ProblemList()  # a country's default language: its documents fail alone
        reasons = _check_locale(
            project, catalogs, mine, keys, strings, own, strict, require_reviewed
        )
        for job in mine:
            for country, error in reasons:
                if country in (None, job.country):
                    refuse(refused, job, error)
        if any(job not in refused for job in mine):  # warnings about what still prints
            problems.extend(own.warnings)
    return incomplete, refused


# Why a default language's documents are not built: the error, and the one country whose
# documents it is about (None: every document in the locale).
Reasons = list[tuple[str | None, Problem]]


def _check_locale(
    project: Project,
    catalogs: LocaleCatalogs,
    jobs: list[DocumentJob],
    keys: dict[str, set[tuple[str | None, str]]],
    strings: dict[str, tuple[SourceString, ...]],
    problems: ProblemList,
    strict: bool,
    require_reviewed: bool,
) -> Reasons:
    """One locale's review status and English fallbacks, for `jobs` (its documents). Into
    `problems` go the build's errors and warnings, each fallback apart; the result says the
    same in one error per refusal, for a default language's documents to fail with."""
    locale = catalogs.locale
    reasons: Reasons = []
    if require_reviewed and catalogs.status != "reviewed":
        draft = f"the {locale} translation is a draft, not yet reviewed by a native speaker"
        fix = (
            "build without --require-reviewed, or have it reviewed and set "
            "'# Review-Status: reviewed'"
        )
        problems.error("CP4101", draft, catalogs.paths.get("content"), fix=fix)
        alone = Problem(
            "CP4101",
            f"{draft}, so this document is not built",
            catalogs.paths.get("content"),
            fix=fix,
        )
        reasons.append((None, alone))
    reasons += check_data_language(project, catalogs, jobs, strict, problems, strings["helplines"])
    fallbacks = fallback_entries(project, catalogs, keys)
    if not fallbacks:
        return reasons
    if strict:
        fix = "translate it, or build without --strict to print English"
        for (context, msgid), (path, line) in fallbacks:
            where = f" [{context}]" if context else ""
            problems.error(
                "CP4102", f'{locale}: "{msgid[:60]}"{where} is not translated', path, line, fix=fix
            )
        (context, msgid), (path, line) = fallbacks[0]
        where = f" [{context}]" if context else ""
        alone = Problem(
            "CP4102",
            f'{locale}: {len(fallbacks)} string(s) are not translated, the first "{msgid[:60]}"'
            f"{where}, so under --strict this document is not built",
            path,
            line,
            fix=f"translate them (careprint i18n stats --locale {locale} lists what is "
            "missing), or build without --strict to print them in English",
        )
        reasons.append((None, alone))
    else:
        problems.warn(
            "CP4103",
            f"{locale}: {len(fallbacks)} string(s) are not translated and will print in English",
            catalogs.paths.get("content"),
            fix="see careprint i18n stats; --strict makes this an error",
        )
    return reasons


def check_rules(
    project: Project,
    problems: ProblemList,
    jobs: list[DocumentJob] | None = None,
    named: Collection[str] = (),
) -> Refused:
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
    refused: Refused = {}
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
                    refuse(refused, job, own.items[0])
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
) -> Reasons:
    """Helpline data (names, costs, instructions) in a locale that has not translated it for
    that country prints in English: say so per country, or fail under --strict. Returns the
    refusals in one error per country, as check_locales's default languages need them."""
    reasons: Reasons = []
    helpline_strings = (
        helpline_strings if helpline_strings is not None else source_strings(project)["helplines"]
    )
    for country in sorted({j.country for j in jobs if catalogs.locale in locale_parts(j.locale)}):
        fallbacks = data_fallbacks(project, catalogs, country, helpline_strings)
        if not fallbacks:
            continue
        if strict:
            fix = (
                f"add it to locales/{catalogs.locale}/LC_MESSAGES/helplines.po, or build "
                "without --strict"
            )
            for text, path, line in fallbacks:
                problems.error(
                    "CP4104",
                    f'{catalogs.locale}: helpline text "{text[:60]}" for {country} is '
                    "not translated",
                    path,
                    line,
                    fix=fix,
                )
            text, path, line = fallbacks[0]
            alone = Problem(
                "CP4104",
                f"{catalogs.locale}: {len(fallbacks)} helpline text(s) for {country} are not "
                f'translated, the first "{text[:60]}", so under --strict this document is '
                "not built",
                path,
                line,
                fix=f"add them to locales/{catalogs.locale}/LC_MESSAGES/helplines.po, or build "
                "without --strict to print them in English",
            )
            reasons.append((country, alone))
        else:
            problems.warn(
                "CP4105",
                f"{catalogs.locale}: {len(fallbacks)} helpline text(s) for {country} "
                "are not translated and will print in English",
                catalogs.paths.get("helplines"),
                fix="helpline data is translated for the countries where a language "
                "is official; --strict makes this an error",
            )
    return reasons
