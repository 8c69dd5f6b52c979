"""`careprint check`: validate every pack, module, helpline file and template without rendering.

Content checks run on each pack's source text: module structure, reading level (English),
safe-messaging phrases and phone numbers, each finding with its file and line. Translations get
their language's safe-messaging and phone-number checks when their catalogs load
(translationlint.py), so this command, `i18n check` and `build` all refuse them.
"""

from __future__ import annotations

from collections.abc import Iterable

from builder.base.errors import ProblemList
from builder.model.freshness import FreshnessLimits, strictest
from builder.model.lint import lint_long_words, lint_numbers, lint_phrases, load_rules
from builder.model.packs import Pack
from builder.model.project import Project
from builder.model.prose import Unit, module_units, toml_units
from builder.validate.readability import check_reading_level
from builder.validate.structure import check_module_structure


def check_limits(
    packs: dict[str, Pack], warn: int | None = None, fail: int | None = None
) -> FreshnessLimits:
    """The strictest age limits of any pack (so a passing check means every pack builds),
    unless overridden."""
    return strictest(p.definition.helplines.limits for p in packs.values()).override(warn, fail)


PACK_TEXT = frozenset({"title", "subtitle", "intro"})


def pack_units(pack: Pack) -> list[Unit]:
    """Every piece of source text the pack prints: cover, modules, card and safety-plan text."""
    units = toml_units(pack.folder / "pack.toml", PACK_TEXT)
    units += [u for m in pack.modules for u in module_units(m)]
    if pack.card is not None:
        units += toml_units(pack.folder / "card.toml")
    if pack.plan is not None:
        units += toml_units(pack.folder / "safety-plan.toml")
    if pack.levels is not None:
        units += toml_units(pack.folder / "levels.toml")
    if pack.quick_guide is not None:
        units += toml_units(pack.folder / "quick-guide.toml")
    return units


def check_content(
    project: Project, problems: ProblemList, pack_ids: Iterable[str] | None = None
) -> None:
    """What `build` runs too (keeping the errors): module structure, safe-messaging phrases,
    phone numbers and unbreakable words in text, and the reading level, for every module a
    document would print (a clinic's own included)."""
    rules = load_rules(project.root, problems)
    chosen = set(pack_ids) if pack_ids is not None else set(project.packs)
    for pack in project.packs.values():
        if pack.id not in chosen:
            continue
        for module in pack.modules:
            check_module_structure(module, problems)
        units = pack_units(pack)
        lint_phrases(units, rules, pack.definition.source_locale, problems)
        lint_numbers(units, problems)
        lint_long_words(units, problems)
        check_reading_level(pack, problems)
