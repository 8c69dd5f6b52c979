"""How complete a catalog is, and whether a build may use it without being asked to.

A freshly started or abandoned catalog would otherwise go live for its countries: a handout in
English labelled "Italiano", with only a warning. The share counts the strings every product
prints (interface, modules, levels, pack text); a product's own strings (card.toml,
quick-guide.toml, safety-plan.toml) are left out, so a product added to the pack prints English
for its new strings and warns, as any fallback does, while translators catch up. Below the
pack's threshold ([translations] min_complete) the locale is refused unless the build says
--allow-incomplete; then its documents carry the share in the manifest and the catalogue.
A locale the build plans only as a country's default language (`build --all` once a translator
has started Catalan, Andorra's language) refuses its own documents instead: each fails with
the same error while the other documents are built, as check_rules does for a language
without safe-messaging rules; so, with --allow-incomplete under --strict (which refuses what
prints marked incomplete), does its CP4107.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from builder.base.errors import Problem, ProblemList
from builder.base.wording import percent
from builder.i18n.extract import PRODUCT_CONTEXTS
from builder.i18n.sourcestrings import source_strings
from builder.model.catalogs import LocaleCatalogs
from builder.model.project import Project
from builder.plan.jobs import DocumentJob, Refused, refuse
from builder.plan.pairs import locale_parts

Keys = dict[str, set[tuple[str | None, str]]]
TEXT_DOMAINS = ("ui", "content")


def shared_keys(keys: Keys) -> dict[str, set[tuple[str | None, str]]]:
    """The strings every product prints: each text domain without the products' own files."""
    return {
        domain: {key for key in keys[domain] if key[0] not in PRODUCT_CONTEXTS}
        for domain in TEXT_DOMAINS
    }


def completeness(catalogs: LocaleCatalogs, keys: Keys) -> float:
    """The share (0 to 1) of the shared source strings this locale translates."""
    shared = shared_keys(keys)
    total = sum(len(found) for found in shared.values())
    if not total:
        return 1.0
    done = len(shared["content"] & set(catalogs.content))
    done += sum(1 for _context, msgid in shared["ui"] if msgid in catalogs.ui)
    return done / total


def check_completeness(
    project: Project,
    jobs: Iterable[DocumentJob],
    keys: Keys,
    problems: ProblemList,
    *,
    allow_incomplete: bool,
    strict: bool = False,
    named: Collection[str] = (),
) -> tuple[dict[tuple[str, str], float], Refused]:
    """Refuse each locale below its pack's threshold, unless allowed: the whole build if the
    request names it (`named`), else only its documents. Allowed under --strict, its CP4107
    warning fails the build when named; a default language's documents fail alone with it.
    Return the ones built on request, (pack, locale) -> share, for the manifest, and the
    refused documents with their error."""
    jobs = list(jobs)
    asked = {name.casefold() for name in named}
    shares: dict[str, float] = {}
    marked: dict[tuple[str, str], float] = {}
    refused: Refused = {}
    pairs = sorted({(job.pack, part) for job in jobs for part in locale_parts(job.locale)})
    for pack_id, locale in pairs:
        catalogs = project.catalogs.get(locale)
        if catalogs is None:  # the source language, or a locale refused elsewhere
            continue
        share = shares.setdefault(locale, completeness(catalogs, keys))
        pack = project.packs[pack_id]
        threshold = pack.definition.translations.min_complete
        if share >= threshold:
            continue
        whole = locale.casefold() in asked
        if allow_incomplete and strict and not whole:
            # --strict refuses what prints marked incomplete; a default language's own
            # documents fail, as below. A named one fails the build: its warning, under --strict.
            alone = Problem(
                "CP4107",
                f"{locale}: {percent(share)} of its strings are translated, below pack "
                f"{pack_id}'s threshold of {percent(threshold)}, and --strict refuses a "
                "catalog built on request and marked incomplete, so this document is not built",
                catalogs.paths.get("content"),
                fix="translate the rest (careprint i18n stats lists what is missing), or build "
                "without --strict to print it marked incomplete",
            )
            _refuse(jobs, pack_id, locale, alone, refused)
            continue
        if allow_incomplete:
            marked[pack_id, locale] = share
            problems.warn(
                "CP4107",
                f"{locale}: {percent(share)} of its strings are translated, below pack "
                f"{pack_id}'s threshold of {percent(threshold)}; built on request and marked "
                "incomplete in the manifest and catalogue",
                catalogs.paths.get("content"),
                fix="translate the rest (careprint i18n stats lists what is missing)",
            )
            continue
        own = problems if whole else ProblemList()
        own.error(
            "CP4106",
            f"{locale}: only {percent(share)} of its strings are translated, below pack "
            f"{pack_id}'s threshold of {percent(threshold)}, so "
            + ("its documents would print" if whole else "this document would print")
            + " largely in English",
            catalogs.paths.get("content"),
            fix=f"translate the rest (careprint i18n stats), build with --allow-incomplete "
            f"to print it marked incomplete, or lower [translations] min_complete in "
            f"{pack.folder / 'pack.toml'}",
        )
        if not whole:  # only a country's default language: its documents fail alone
            _refuse(jobs, pack_id, locale, own.items[0], refused)
    return marked, refused


def _refuse(
    jobs: list[DocumentJob],
    pack_id: str,
    locale: str,
    error: Problem,
    refused: Refused,
) -> None:
    """Each document of the pack in the locale fails alone, with `error` among its reasons."""
    for job in jobs:
        if job.pack == pack_id and locale in locale_parts(job.locale):
            refuse(refused, job, error)


def check_catalog_shares(project: Project, problems: ProblemList) -> None:
    """`careprint check` and `careprint i18n check`: each catalog below its pack's threshold.

    A build that names such a locale refuses it (CP4106 above), and a country that gets it by
    default (Andorra once a Catalan catalog is started) has its documents in it fail in every
    build, `build --all` included.
    Without this the checks a translator and CI run passed a freshly started catalog, and the
    first to hear of it was whoever built next. An error where a default build would fail; a
    warning where only `--locale` would reach it."""
    strings = None
    for locale, catalogs in sorted(project.catalogs.items()):
        if catalogs.no_rules:  # refused already, naming the rules file to add (CP2004)
            continue
        strings = strings if strings is not None else source_strings(project)
        keys = {domain: {s.key for s in found} for domain, found in strings.items()}
        share = completeness(catalogs, keys)
        for pack_id, pack in sorted(project.packs.items()):
            threshold = pack.definition.translations.min_complete
            if share >= threshold:
                continue
            countries = [
                c for c in sorted(project.helplines) if locale in project.default_locales(c, pack)
            ]
            said = (
                f"{locale}: only {percent(share)} of its strings are translated, below pack "
                f"{pack_id}'s threshold of {percent(threshold)}"
            )
            ask = (
                f"translate the rest (careprint i18n stats --locale {locale} lists what is missing)"
            )
            if countries:
                problems.error(
                    "CP4106",
                    f"{said}, so every build of {', '.join(countries)} (built in {locale} by "
                    f"default), build --all included, fails its documents in {locale}",
                    catalogs.paths.get("content"),
                    fix=f"{ask}; until it reaches {percent(threshold)}, build it with "
                    "--allow-incomplete (marked incomplete) and do not merge it into the shared "
                    "project",
                )
            else:
                problems.warn(
                    "CP4106",
                    f"{said}, so careprint build --locale {locale} refuses it",
                    catalogs.paths.get("content"),
                    fix=f"{ask}, or build with --allow-incomplete to print it marked incomplete",
                )
