"""Catalog upkeep: extract templates (POT), update locales, statistics and checks.

Extraction runs Babel with the mapping files in locales/ (ui.cfg, content.cfg), the same ones
`pybabel extract -F` reads. Updates keep the previous source text (#| msgid) so translation tools
can show what changed.
"""

from __future__ import annotations

import copy
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.pofile import normalize, read_po, write_po

from builder.base.errors import ProblemList
from builder.base.writer import write_atomic
from builder.i18n.pot import extract, pot_path
from builder.i18n.sourcestrings import SourceString, source_keys, source_strings
from builder.i18n.workbench import check_budgets, in_language
from builder.model.catalogs import (
    DOMAINS,
    TEXT_DOMAINS,
    Key,
    LocaleCatalogs,
    key_of,
    po_path,
    read_catalog,
    review_status,
)
from builder.model.helplines import without_own_number
from builder.model.localecache import load_locale
from builder.model.project import Project
from builder.model.translationlint import added_numbers, numbers_in


def render_po(catalog: Catalog, *, previous: bool = True) -> bytes:
    """Write a catalog as PO text, with correct "#| msgid" lines for changed sources.

    Babel 2.18 wraps long previous msgids through its comment wrapper, cutting quoted
    strings across lines (msgfmt rejects the file). Each such block is rewritten from the
    message's previous_id, in catalog order, which is the order write_po emits them.
    """
    buffer = io.BytesIO()
    write_po(
        buffer,
        catalog,
        width=79,
        include_previous=previous,
        ignore_obsolete=True,
        include_lineno=False,
    )
    # The Babel version is no fact of the catalog: a new Babel must not rewrite every file.
    text = _GENERATED_BY.sub("", buffer.getvalue().decode("utf-8"))
    if not previous:
        return text.encode("utf-8")
    previous_ids = [m.previous_id for m in catalog if m.id and m.previous_id]
    blocks = iter(previous_ids)

    def rewrite(match: re.Match[str]) -> str:
        ids = next(blocks)
        lines = f"#| msgid {normalize(ids[0], prefix='#| ', width=79)}\n"
        if len(ids) > 1:
            lines += f"#| msgid_plural {normalize(ids[1], prefix='#| ', width=79)}\n"
        return lines

    text = _PREVIOUS_BLOCK.sub(rewrite, text)
    return text.encode("utf-8")


_PREVIOUS_BLOCK = re.compile(r"(?:^#\| .*\n)+", re.M)
_GENERATED_BY = re.compile(r'^"Generated-By: [^"]*\\n"\n', re.M)
# Previous source text that an older Babel wrapped into translator comments ("# | msgid"):
# tools show it as a note. The real previous text is written as "#|" from previous_id.
_BROKEN_PREVIOUS = re.compile(r'^\|\s*(msgid|msgid_plural|msgctxt|")')


def carry_context(catalog: Catalog, template: Catalog) -> int:
    """Move each ui translation to its template entry with the same msgid when only the
    msgctxt differs (added or changed). The builder looks ui strings up by msgid alone, so
    this is the same string: its translation and flags move exactly, nothing turns fuzzy."""
    moved = 0
    for wanted in template:
        if not wanted.id or catalog.get(wanted.id, context=wanted.context) is not None:
            continue
        old = next((m for m in catalog if m.id == wanted.id and m.context != wanted.context), None)
        if old is None:
            continue
        catalog.delete(old.id, context=old.context)
        old.context = wanted.context
        catalog[wanted.id] = old
        moved += 1
    return moved


def drop_broken_previous(catalog: Catalog) -> None:
    for message in catalog:
        message.user_comments = [c for c in message.user_comments if not _BROKEN_PREVIOUS.match(c)]


def templates(project: Project) -> dict[str, Catalog]:
    """A fresh extraction of every domain. Extraction reads every source file, so a command
    that handles many locales extracts once and derives each locale's template from this."""
    return {domain: extract(project, domain) for domain in DOMAINS}


def write_templates(project: Project, fresh: dict[str, Catalog] | None = None) -> list[Path]:
    fresh = fresh if fresh is not None else templates(project)
    written = []
    for domain in DOMAINS:
        path = pot_path(project.root, domain)
        write_atomic(path, render_po(fresh[domain], previous=False), place="project")
        written.append(path)
    return written


NEW_HEADER = """\
{language} translation of careprint.
Review-Status: draft
Translated-By: {credit}
Reviewed-By:
A draft is printed with "translation not yet reviewed by a native speaker"
until a native speaker has reviewed it and this file says Review-Status: reviewed."""


def locale_template(
    project: Project, locale: str, domain: str, template: Catalog | None = None
) -> Catalog:
    """The template a locale translates: everything, except that helpline data is limited
    to the countries where the locale is an official language (translates()).

    A given template (from templates()) is copied, never changed: the helpline filter deletes
    from it, and Catalog.update adds the template's new messages themselves to the catalog."""
    template = copy.deepcopy(template) if template is not None else extract(project, domain)
    if domain != "helplines":
        return template
    keeps = translates(project, locale, domain)
    for message in list(template):
        if message.id and not keeps(message.context):
            template.delete(message.id, context=message.context)
    return template


def translates(project: Project, locale: str, domain: str) -> Callable[[str | None], bool]:
    """Whether the locale's template holds an entry with this msgctxt: helpline entries
    (msgctxt: the country) only where the locale is an official language, all others always."""
    if domain != "helplines":
        return lambda context: True
    countries = set(project.locale_countries(locale))
    return lambda context: context in countries


def existing_catalogs(project: Project, locales: list[str]) -> dict[Path, Catalog]:
    """Every existing catalog of these locales, read strictly; raises (writing nothing) if
    any cannot be read, so an update is never half applied."""
    problems = ProblemList()
    found = {}
    for locale in locales:
        for domain in DOMAINS:
            path = po_path(project.root, locale, domain)
            if path.is_file() and (catalog := read_catalog(path, problems)) is not None:
                found[path] = catalog
    problems.raise_if_errors()
    return found


def update_locale(project: Project, locale: str, credit: str = "") -> list[Path]:
    """Bring a locale's catalogs up to date with the templates, creating them if new."""
    return [path for path, _ in update_locale_files(project, locale, credit)]


def update_locale_files(
    project: Project, locale: str, credit: str = "", fresh: dict[str, Catalog] | None = None
) -> list[tuple[Path, bool]]:
    """update_locale, saying for each catalog whether it was created (True) or updated;
    fresh: the templates() of the project, when the caller has extracted them already."""
    existing = existing_catalogs(project, [locale])
    updated = []
    for domain in DOMAINS:
        template = locale_template(project, locale, domain, fresh[domain] if fresh else None)
        path = po_path(project.root, locale, domain)
        created = path not in existing
        if not created:
            catalog = existing[path]
            catalog.locale = Locale.parse(locale)
            drop_broken_previous(catalog)
            if domain == "ui":
                carry_context(catalog, template)
            catalog.update(
                template,
                no_fuzzy_matching=False,
                update_header_comment=False,
                keep_user_comments=True,
                update_creation_date=False,
            )
        else:
            catalog = read_po(io.BytesIO(render_po(template, previous=False)), locale=locale)
            catalog.locale = Locale.parse(locale)
            catalog.fuzzy = False
            catalog.last_translator = credit or "careprint volunteers"
            catalog.language_team = f"{Locale.parse(locale).english_name} (careprint)"
            catalog.revision_date = catalog.creation_date
            catalog.header_comment = "\n".join(
                f"# {line}".rstrip()
                for line in NEW_HEADER.format(
                    language=Locale.parse(locale).english_name, credit=credit or "(add your name)"
                ).splitlines()
            )
        if domain == "helplines":
            prefill_in_language(project, locale, catalog)
        data = render_po(catalog)
        if not created:
            data = keep_header_comment(data, path.read_text(encoding="utf-8"))
        updated.append((path, data, created))
    for path, data, _ in updated:
        # Whole or not at all: a full disk or a stopped update never leaves a translator's
        # catalog cut short (write_atomic makes the folder, and names the file if it cannot).
        write_atomic(path, data, place="project")
    return [(path, created) for path, _, created in updated]


# Where a catalog's header entry starts: its flags ("#, fuzzy"), notes or msgid "".
_HEADER_ENTRY = re.compile(r"^(?:#[,.:|~]|msgctxt\b|msgid\b)", re.M)
_FIRST_KEYWORD = re.compile(r"^(?:msgctxt|msgid)\b.*$", re.M)


def header_comment_block(text: str) -> str | None:
    """Everything above a catalog's header entry (msgid ""): the translator's comment lines,
    as written. None for a file that does not start with a header entry."""
    start = _HEADER_ENTRY.search(text)
    if start is None:
        return None
    first = _FIRST_KEYWORD.search(text, start.start())
    if first is None or first.group(0).rstrip() != 'msgid ""':
        return None
    return text[: start.start()]


def keep_header_comment(rendered: bytes, original: str) -> bytes:
    """The rendered catalog with the original file's header comment, byte for byte.

    Babel reads those lines as comments and writes them back rewrapped at 79 characters,
    with indentation and blank lines dropped and words such as YEAR or PROJECT replaced:
    a translator's own note changed, and noise in every diff. An update never changes the
    header comment (update_header_comment=False), so the file's own lines stay."""
    kept = header_comment_block(original)
    text = rendered.decode("utf-8")
    written = header_comment_block(text)
    if kept is None or written is None:
        return rendered
    return (kept + text[len(written) :]).encode("utf-8")


IN_LANGUAGE_NOTE = "careprint: already in this language? check it and remove the fuzzy flag"


# A local name that lacks what the English name adds in brackets ("Youth Line (ages 16-35)"
# for "Jaunimo linija") is not filled in: confirmed as it is, it would drop who the line is for.
QUALIFIER_NOTE = (
    'careprint: the line\'s own name in this language is "{local}"; the English adds {lost}: '
    "keep that in the translation"
)
_BRACKETED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")


def qualifier_lost(msgid: str, local: str) -> str:
    """What msgid says in brackets, or in digits, that local does not ("(ages 16-35)"), or ""."""
    bracketed = [] if re.search(r"[(\[]", local) else _BRACKETED.findall(msgid)
    theirs = {number for _, number in numbers_in(local)}
    numbers = [number for _, number in numbers_in(msgid) if number not in theirs]
    if bracketed:
        return " ".join(f'"{part}"' for part in bracketed)
    return f"the number(s) {', '.join(numbers)}" if numbers else ""


def prefill_in_language(project: Project, locale: str, catalog: Catalog) -> None:
    """Helpline names already written in the locale's language are filled in as fuzzy: the
    translator confirms rather than retypes them, and a fuzzy entry still prints the source
    until confirmed. A local name that would drop what the English adds in brackets (who the
    line is for, their ages) is only given in a comment (QUALIFIER_NOTE)."""
    for message in catalog:
        text = (
            in_language_text(project, locale, message.context, str(message.id))
            if message.id and not message.string and not message.fuzzy
            else None
        )
        if text is not None and (lost := qualifier_lost(str(message.id), text)):
            note = QUALIFIER_NOTE.format(local=text, lost=lost)
            if note not in message.user_comments:
                message.user_comments.append(note)
            continue
        if text is not None:
            message.string = text
            message.flags.add("fuzzy")
            if IN_LANGUAGE_NOTE not in message.user_comments:
                message.user_comments.append(IN_LANGUAGE_NOTE)


def in_language_text(project: Project, locale: str, context: str | None, msgid: str) -> str | None:
    """A helpline name as the data already writes it in the locale's language, or None.

    The service's local name where it is known to be in that language: the service speaks
    only that language, or it is the country's one official language (Andorra's names for a
    new `ca`; the helpline data does not record a local name's language, and in a country of
    several it could be any of them). Else the name itself when that is in the language
    (in_language). The service's own number is left out (it prints beside the name, and a
    translation may add no number); a local name that would still add one is not used."""
    country = project.helplines.get(context or "")
    if country is not None:
        language = Locale.parse(locale).language
        one = project.only_language(locale, country.country)
        for service in country.services:
            local = without_own_number(service.name_local, service)
            known = one or list(service.languages) == [language]
            if (
                service.name == msgid != service.name_local
                and local
                and known
                and not added_numbers(local, [msgid])
            ):
                return local
    return msgid if in_language(project, locale, context, msgid) else None


@dataclass(frozen=True)
class LocaleStats:
    locale: str
    total: int
    translated: int
    fuzzy: int
    missing: int
    status: str
    credit: str
    # domain -> (total, translated, fuzzy)
    catalogs: dict[str, tuple[int, int, int]] = field(default_factory=dict)

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0


def stats(
    project: Project, problems: ProblemList, locales: Sequence[str] = ()
) -> list[LocaleStats]:
    rows = []
    for locale in locales or project.locales:
        if locale == "en":
            continue
        status = credit = ""
        counts: dict[str, tuple[int, int, int]] = {}
        for domain in DOMAINS:
            catalog = read_catalog(po_path(project.root, locale, domain), problems)
            if catalog is None:
                continue
            status, credit = review_status(catalog)
            messages = [m for m in catalog if m.id]
            counts[domain] = (
                len(messages),
                sum(1 for m in messages if m.string and not m.fuzzy),
                sum(1 for m in messages if m.fuzzy),
            )
        total, translated, fuzzy = (sum(c[i] for c in counts.values()) for i in range(3))
        rows.append(
            LocaleStats(
                locale,
                total,
                translated,
                fuzzy,
                total - translated - fuzzy,
                status or "unknown",
                credit,
                counts,
            )
        )
    return rows


def _notes(catalog: Catalog) -> dict[Key, str]:
    """Each entry's translator notes, unwrapped (a PO file wraps them over lines)."""
    return {key_of(m): " ".join(" ".join(m.auto_comments).split()) for m in catalog if m.id}


def check(project: Project, problems: ProblemList) -> None:
    """Templates and catalogs match the sources, and every translation is well formed.

    A template is stale when a fresh extraction differs from it at all (templates hold no
    line numbers or dates that move by themselves); a catalog when it lacks a source string
    or its notes (where it prints, its length budget) differ from the template's."""
    if len(project.locales) == 1 and not any(pot_path(project.root, d).exists() for d in DOMAINS):
        return  # nothing translated and no templates kept: nothing can be stale
    fresh = templates(project)
    template_notes = {domain: _notes(template) for domain, template in fresh.items()}
    for domain, template in fresh.items():
        path = pot_path(project.root, domain)
        if not path.is_file() or path.read_bytes() != render_po(template, previous=False):
            problems.error(
                "CP4201",
                f"{domain}.pot is out of date with the sources",
                path,
                fix="run careprint i18n extract, then careprint i18n update",
            )
    for locale in project.locales:
        if locale == "en":
            continue
        if load_locale(project.root, locale, problems) is None:
            continue
        for domain in DOMAINS:
            path = po_path(project.root, locale, domain)
            catalog = read_catalog(path, problems)
            if catalog is None:
                continue
            keeps = translates(project, locale, domain)  # locale_template's entries, uncopied
            notes = {k: v for k, v in template_notes[domain].items() if keeps(k[0])}
            have_notes = _notes(catalog)
            wanted, have = set(notes), set(have_notes)
            update = f"run careprint i18n update --locale {locale}"
            if wanted - have:
                problems.error(
                    "CP4202",
                    f"{len(wanted - have)} source string(s) are not in this catalog",
                    path,
                    fix=update,
                )
            # In file order, so the line named is the first changed entry's on every run
            # (a set's order moves with the string hash seed).
            changed = [k for k in have_notes if k in notes and notes[k] != have_notes[k]]
            if changed:
                first = catalog.get(changed[0][1], context=changed[0][0])
                problems.error(
                    "CP4203",
                    f"the translator notes of {len(changed)} entr(ies) differ from "
                    f"{domain}.pot (where they print, length budgets)",
                    path,
                    first.lineno if first is not None else None,
                    fix=update,
                )
            if have - wanted:
                problems.warn(
                    "CP4204",
                    f"{len(have - wanted)} entr(ies) no longer in the sources",
                    path,
                    fix=f"{update} to drop them",
                )
            check_budgets(catalog, path, problems, strict=True)


def fallback_entries(
    project: Project,
    catalogs: LocaleCatalogs,
    keys: dict[str, set[tuple[str | None, str]]] | None = None,
) -> list[tuple[tuple[str | None, str], tuple[Path, int | None]]]:
    """Source strings this locale would print in English, with where their entry is (or not)."""
    keys = keys if keys is not None else source_keys(project)
    found = []
    for domain in TEXT_DOMAINS:
        translated = (
            set(catalogs.content) if domain == "content" else {(None, k) for k in catalogs.ui}
        )
        path = catalogs.paths.get(domain, po_path(project.root, catalogs.locale, domain))
        for key in sorted(keys[domain] - translated, key=lambda k: (k[0] or "", k[1])):
            found.append((key, catalogs.untranslated.get(key, (path, None))))
    return found


def data_fallbacks(
    project: Project,
    catalogs: LocaleCatalogs,
    country: str,
    strings: tuple[SourceString, ...] | None = None,
) -> list[tuple[str, Path, int | None]]:
    """Helpline texts of a country that print untranslated in this locale, with where each
    one is written (its catalog entry, or the helpline file when the catalog has none)."""
    strings = strings if strings is not None else source_strings(project)["helplines"]
    found = []
    for string in strings:
        if string.context != country or string.key in catalogs.helplines:
            continue
        if string.key in catalogs.untranslated:
            path, line = catalogs.untranslated[string.key]
        else:
            path, line = project.root / string.filename, string.line
        found.append((string.msgid, path, line))
    return found
