"""Pack definitions: which modules, in what order, which products, and the card and plan text."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar, get_args

from pydantic import BaseModel, Field, model_validator

from builder.base.errors import ProblemList
from builder.base.tomlsource import line_of, read_model
from builder.model.content import Module, load_module
from builder.model.freshness import FreshnessLimits
from builder.model.strict import Strict

T = TypeVar("T", bound=BaseModel)
Product = Literal[
    "handout",
    "quick-guide",
    "handout-booklet",
    "handout-a5",
    "card-sheet",
    "card",
    "card-fold",
    "safety-plan",
]
PRODUCTS: tuple[str, ...] = get_args(Product)


class HelplineSettings(Strict):
    """How a pack treats helpline data: age limits, where to report a wrong number."""

    warn_after_months: int = Field(default=12, ge=1)
    fail_after_months: int = Field(default=24, ge=2)
    report_to: str = ""

    @model_validator(mode="before")
    @classmethod
    def _retired_keys(cls, data: Any) -> Any:
        if isinstance(data, dict) and "caution_on_cards" in data:
            raise ValueError(
                "caution_on_cards is no longer a setting: a withheld number "
                '(caution = "withhold") never goes on a card; a row whose number '
                'is confirmed takes caution = "note" or none, and prints '
                "everywhere. Remove caution_on_cards"
            )
        return data

    @model_validator(mode="after")
    def _order(self) -> HelplineSettings:
        if self.warn_after_months >= self.fail_after_months:
            raise ValueError("warn_after_months must be smaller than fail_after_months")
        return self

    @property
    def limits(self) -> FreshnessLimits:
        return FreshnessLimits(self.warn_after_months, self.fail_after_months)


class TranslationSettings(Strict):
    """How complete a catalog must be before this pack is built in it without asking.

    The share counts the strings every product of the pack prints (the interface, the
    modules, the levels); a product's own strings (card.toml, quick-guide.toml,
    safety-plan.toml) print in English and warn until translated, as any fallback does.
    0.95: a catalog that far along prints at most one shared string in twenty in English,
    each named in the build's warning, while a freshly started or abandoned catalog (the
    Italian handout in English labelled "Italiano") is refused; every shipped catalog is
    above it.
    """

    min_complete: float = Field(default=0.95, ge=0.0, le=1.0)


class PackDefinition(Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str = Field(min_length=1)
    subtitle: str = ""
    intro: str = ""  # a few sentences on the cover: who the leaflet is for, how to use it
    version: str = Field(pattern=r"^\d+\.\d+\.\d+$")
    date: date
    source_locale: str = "en"
    modules: list[str] = Field(min_length=1)
    products: list[Product] = Field(min_length=1)
    helplines: HelplineSettings = HelplineSettings()
    translations: TranslationSettings = TranslationSettings()
    # Per country (ISO code), locales to build first, in this order, before the country's
    # official languages that ship: BE = ["nl", "fr"] orders Belgium, PT = ["en"] adds one.
    languages: dict[Annotated[str, Field(pattern=r"^[A-Z]{2}$")], list[str]] = Field(
        default_factory=dict
    )


class CardText(Strict):
    front_heading: str = Field(min_length=1)
    emergency_label: str = Field(min_length=1)  # level 1 of the three levels of urgency
    urgent_label: str = ""  # level 2; without it the card prints levels 1 and 3 only
    crisis_label: str = Field(min_length=1)  # level 3: lines for either of you
    back_heading: str = Field(min_length=1)
    reminders: list[str] = Field(min_length=1, max_length=4)
    contact_label: str = Field(min_length=1)
    clinic_label: str = Field(min_length=1)


class LevelsText(Strict):
    """The three levels of urgency as the handout words them (levels.toml); the numbers in each
    level come from the country's data (levels.py)."""

    heading: str = Field(min_length=1)
    danger_title: str = Field(min_length=1)
    danger_when: str = Field(min_length=1)
    danger_do: str = Field(min_length=1)
    urgent_title: str = Field(min_length=1)
    urgent_when: str = Field(min_length=1)
    urgent_do: str = Field(min_length=1)  # the country has an urgent mental-health line
    urgent_do_crisis: str = Field(min_length=1)  # it has none: level 2 is the crisis line
    urgent_do_none: str = Field(min_length=1)  # it has neither
    talk_title: str = Field(min_length=1)
    talk_when: str = Field(min_length=1)
    talk_do: str = Field(min_length=1)
    talk_none: str = Field(min_length=1)  # no crisis, text or chat line in the data
    not_sure: str = Field(min_length=1)
    carers_none: str = Field(min_length=1)  # no carers' line in the data: where to ask instead
    abuse_none: str = Field(min_length=1)  # no domestic-abuse line: where to ask instead


class QuickGuideText(Strict):
    """The quick guide's own text (quick-guide.toml); its front prints the levels (levels.toml),
    so a pack with a quick guide needs both."""

    title: str = Field(min_length=1)
    intro: str = ""
    things_heading: str = Field(min_length=1)
    things: list[str] = Field(min_length=3, max_length=6)
    more_heading: str = Field(min_length=1)
    more_handout: str = Field(min_length=1)  # on the line after the full leaflet's title
    more_clinic: str = Field(min_length=1)
    clinic_label: str = Field(min_length=1)  # heads the clinic's name and number (overlay)


class PlanStep(Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str = Field(min_length=1)
    prompt: str = Field(min_length=1)
    lines: int = Field(ge=1, le=8)
    attach: Literal["", "crisis-lines"] = ""
    numbered: bool = True  # the six planning steps are numbered; closing prompts are not


class SafetyPlanText(Strict):
    title: str = Field(min_length=1)
    intro: str = Field(min_length=1)
    # Printed before the emergency number at the top of page 1, where it is found first.
    danger_label: str = ""
    date_made_label: str = ""  # write-in lines under the intro: when the plan was made ...
    review_label: str = ""  # ... and when to look at it again together
    steps: list[PlanStep] = Field(min_length=1)


@dataclass(frozen=True)
class Pack:
    definition: PackDefinition
    modules: tuple[Module, ...]
    card: CardText | None
    plan: SafetyPlanText | None
    folder: Path
    levels: LevelsText | None = None
    quick_guide: QuickGuideText | None = None

    @property
    def id(self) -> str:
        return self.definition.id


def _load_model(model: type[T], path: Path, problems: ProblemList) -> T | None:
    return read_model(
        model, path, problems, missing="file is missing", fix="create it (see packs/README.md)"
    )[0]


def load_pack(folder: Path, problems: ProblemList) -> Pack | None:
    """Load pack.toml and everything it names; missing pieces are problems, not exceptions."""
    pack_file = folder / "pack.toml"
    definition, positions = read_model(
        PackDefinition,
        pack_file,
        problems,
        missing="file is missing",
        fix="create it (see packs/README.md)",
    )
    if definition is None:
        return None
    if definition.id != folder.name:
        problems.error(
            "CP1301",
            f'pack id "{definition.id}" does not match its folder "{folder.name}"',
            pack_file,
            line_of(positions, ("id",)),
            fix="make them the same",
        )
    modules = []
    for index, module_id in enumerate(definition.modules):
        if module_id in definition.modules[:index]:
            problems.error(
                "CP1302",
                f'module "{module_id}" is listed twice',
                pack_file,
                line_of(positions, ("modules", index)),
                fix="list each module once; remove the second entry",
            )
            continue
        path = folder / "modules" / f"{module_id}.md"
        if not path.is_file():
            problems.error(
                "CP1303",
                f'module "{module_id}" is listed but {path.name} does not exist',
                pack_file,
                line_of(positions, ("modules", index)),
                fix=f"create modules/{module_id}.md or remove it from the list",
            )
            continue
        if (module := load_module(path, problems)) is not None:
            modules.append(module)
    listed = set(definition.modules)
    for extra in sorted((folder / "modules").glob("*.md")):
        if extra.stem not in listed:
            problems.warn(
                "CP1304",
                "module is not listed in pack.toml and will not be printed",
                extra,
                fix="add it to modules = [...] or delete it",
            )
    needs_card = any(p.startswith("card") for p in definition.products)
    card = _load_model(CardText, folder / "card.toml", problems) if needs_card else None
    needs_plan = "safety-plan" in definition.products
    plan = (
        _load_model(SafetyPlanText, folder / "safety-plan.toml", problems) if needs_plan else None
    )
    levels_file = folder / "levels.toml"
    needs_levels = "quick-guide" in definition.products
    levels = (
        _load_model(LevelsText, levels_file, problems)
        if levels_file.is_file() or needs_levels
        else None
    )
    guide = (
        _load_model(QuickGuideText, folder / "quick-guide.toml", problems) if needs_levels else None
    )
    return Pack(definition, tuple(modules), card, plan, folder, levels, guide)


def load_packs(root: Path, problems: ProblemList) -> dict[str, Pack]:
    packs = {}
    for pack_file in sorted(root.glob("*/pack.toml")):
        if (pack := load_pack(pack_file.parent, problems)) is not None:
            packs[pack.id] = pack
    return packs
