"""What a translator should look at next, per product: shared by `i18n stats` and the preview.

Which strings a product prints is learned by rendering it (Jinja only, no typesetting) with a
translator that records every string it is asked for, so the answer follows the templates and
content as they are, not a hand-kept list. Strings are then put in the order a family needs
them: what the wallet card (or quick guide) prints, then the emergency modules, then the rest.

Besides what is untranslated or fuzzy, a translation is checked for what the build would not
catch until print, or at all: card strings over their length budget, unsafe wording (the
pack's safe-messaging rules for that language), phone numbers typed into text, and broken
placeholders or links (the catalog loader's own checks).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog, Message

from builder.base.errors import Problem, ProblemList, located
from builder.model.catalogs import (
    DOMAINS,
    Key,
    check_translation,
    lookup_key,
    po_path,
    read_catalog,
)
from builder.model.lint import load_locale_rules
from builder.model.overlay import Overlay
from builder.model.project import Project
from builder.model.translationlint import lint_translation
from builder.model.translations import Translator
from builder.plan.jobs import DocumentJob
from builder.plan.paper import paper_for
from builder.render.document import render_document
from builder.render.templating import make_environment, template_dirs

CARD_PRODUCTS = ("card", "card-sheet", "card-fold", "quick-guide")
# Tiers, most urgent first.
TIERS = ("card", "emergency", "rest")
_BUDGET = re.compile(r"at most (\d+) characters")

Used = set[tuple[str, Key]]  # (domain, (msgctxt, msgid))


@dataclass
class RecordingTranslator(Translator):
    """A translator that remembers every string a document asks for, translated or not."""

    used: Used = field(default_factory=set)

    def gettext(self, message: str) -> str:
        self.used.add(("ui", (None, message)))
        return super().gettext(message)

    def text(self, context: str, message: str) -> str:
        self.used.add(("content", (context, message)))
        return super().text(context, message)

    def helpline(self, country: str, text: str, record: bool = True) -> str:
        if text:
            self.used.add(("helplines", (country, text)))
        return super().helpline(country, text, record)

    def helpline_translation(self, country: str, text: str) -> str | None:
        if text:
            self.used.add(("helplines", (country, text)))
        return super().helpline_translation(country, text)


def used_strings(project: Project, job: DocumentJob, overlay: Overlay | None = None) -> Used:
    """Every catalog key the document prints, found by rendering its HTML."""
    catalogs = project.catalogs.get(job.locale)
    base = catalogs.translator() if catalogs else None
    tr = RecordingTranslator(
        base.locale if base else _english(),
        ui=base.ui if base else {},
        content=base.content if base else {},
        helplines=base.helplines if base else {},
        status=base.status if base else "draft",
    )
    env = make_environment(template_dirs(project, overlay))
    rendered = render_document(
        env, job, project.packs[job.pack], project.helplines[job.country], tr, overlay=overlay
    )
    _ = rendered.html
    return tr.used


def _english() -> Locale:
    return Locale.parse("en")


@dataclass(frozen=True)
class WorkItem:
    """One catalog entry still to do (or to confirm)."""

    domain: str
    context: str | None
    msgid: str
    state: str  # "missing", "fuzzy" or "in-language" (helpline text already in the language)
    path: Path
    line: int | None
    tier: str
    products: tuple[str, ...]

    def where(self, root: Path) -> str:
        return located(self.path, self.line, root)


@dataclass
class Worklist:
    locale: str
    country: str
    items: list[WorkItem] = field(default_factory=list)
    findings: list[Problem] = field(default_factory=list)
    # product -> (strings it prints, of which translated)
    coverage: dict[str, tuple[int, int]] = field(default_factory=dict)
    translations: dict[tuple[str, Key], str] = field(default_factory=dict)


def emergency_contexts(project: Project) -> set[str]:
    """Modules a reader turns to in a crisis: the ones that carry the emergency numbers."""
    return {
        module.header.id
        for pack in project.packs.values()
        for module in pack.modules
        if module.header.attach
    }


def tier_of(domain: str, key: Key, products: Sequence[str], emergency: set[str]) -> str:
    if any(p in CARD_PRODUCTS for p in products) or key[0] in ("card", "quick-guide"):
        return "card"
    if domain == "content" and key[0] in emergency:
        return "emergency"
    return "rest"


def in_language(project: Project, locale: str, context: str | None, msgid: str) -> bool:
    """A helpline name written in the locale's own language already (a local name)."""
    country = project.helplines.get(context or "")
    if country is None:
        return False
    language = re.split(r"[_-]", locale)[0]
    return any(
        service.name == msgid
        and (service.name_local == msgid or list(service.languages) == [language])
        for service in country.services
    )


def budget_of(message: Message) -> int | None:
    # A PO file wraps long notes over several "#." lines, which Babel reads as several.
    found = _BUDGET.search(" ".join(message.auto_comments))
    return int(found.group(1)) if found else None


def check_catalog(
    project: Project, locale: str, catalog: Catalog, path: Path, problems: ProblemList
) -> None:
    """Budgets of card strings, then the checks every build makes (placeholders, markup,
    links, the language's safe-messaging rules, typed numbers), all with PO line."""
    rules = load_locale_rules(project.root, locale, ProblemList(), path)
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    for message in catalog:
        if not message.id:
            continue
        lint_translation(message, path, lines, rules, problems)
        if message.string:
            check_translation(message, path, problems)
    check_budgets(catalog, path, problems)


def worklist(
    project: Project,
    locale: str,
    country: str,
    products: Sequence[str] = (),
    overlay: Overlay | None = None,
) -> Worklist:
    """What `locale` still needs for `country`'s documents, most urgent first."""
    result = Worklist(locale, country)
    by_key: dict[tuple[str, Key], list[str]] = {}
    for pack_id, pack in sorted(project.packs.items()):
        for product in products or pack.definition.products:
            if product not in pack.definition.products:
                continue
            job = DocumentJob(pack_id, country, locale, product, paper_for(country, None))
            used = used_strings(project, job, overlay)
            for item in used:
                by_key.setdefault(item, []).append(product)
            result.coverage[product] = (len(used), 0)
    emergency = emergency_contexts(project)
    states: dict[tuple[str, Key], tuple[str, Path, int | None]] = {}
    problems = ProblemList()
    for domain in DOMAINS:
        path = po_path(project.root, locale, domain)
        if not path.is_file():
            problems.error(
                "CP4009",
                f"catalog {domain}.po is missing for {locale}",
                path,
                fix=f"run careprint i18n update --locale {locale}",
            )
            continue
        catalog = read_catalog(path, problems)
        if catalog is None:
            continue
        check_catalog(project, locale, catalog, path, problems)
        for message in catalog:
            if not message.id:
                continue
            key = lookup_key(domain, message)
            text = message.string if isinstance(message.string, str) else ""
            if text and not message.fuzzy:
                result.translations[domain, key] = text
                continue
            state = "fuzzy" if message.fuzzy and text else "missing"
            if domain == "helplines" and in_language(project, locale, key[0], key[1]):
                state = "in-language"
            states[domain, key] = (state, path, message.lineno)
    result.findings = problems.items
    for product, (total, _) in result.coverage.items():
        done = sum(
            1 for item, prods in by_key.items() if product in prods and item in result.translations
        )
        result.coverage[product] = (total, done)
    for item, (state, path, line) in states.items():
        domain, key = item
        products_of = tuple(by_key.get(item, ()))
        if domain == "helplines" and key[0] != country and not products_of:
            continue  # another country's helpline text: not on these documents
        result.items.append(
            WorkItem(
                domain,
                key[0],
                key[1],
                state,
                path,
                line,
                tier_of(domain, key, products_of, emergency),
                products_of,
            )
        )
    result.items.sort(
        key=lambda w: (
            TIERS.index(w.tier),
            not w.products,
            w.state == "fuzzy",
            str(w.path),
            w.line or 0,
        )
    )
    return result


def check_budgets(
    catalog: Catalog, path: Path, problems: ProblemList, strict: bool = False
) -> None:
    """Card strings longer than their budget (the translator note) shrink on the card, and
    fail below 7 pt (7.5 pt in Arabic script): say so while the translator can still shorten
    them. `i18n check` is strict (an error), the workbench shows a warning beside the text
    being edited."""
    for message in catalog:
        text = message.string if isinstance(message.string, str) else ""
        budget = budget_of(message) if message.id and text else None
        if budget is not None and len(text) > budget:
            report = problems.error if strict else problems.warn
            report(
                "CP4013",
                f'card text is {len(text)} characters, over its budget of {budget}: "{text[:70]}"',
                path,
                message.lineno,
                fix="shorten it; on the card it shrinks, and fails below 7 pt "
                "(7.5 pt in Arabic script)",
            )
