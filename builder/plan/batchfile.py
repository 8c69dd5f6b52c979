"""batch.toml: a build matrix kept in a file (for CI), checked like every other input.

    packs = ["partner-support"]        # or "all"
    countries = "all"                  # or ["GB", "IE"]
    locales = "default"                # each country's shipped official languages, or ["en"]
    products = ["handout", "card-sheet"]   # or "all"
    paper = "a4"                       # optional: a4 or letter (default: by country)
    duplex = "long-edge"               # optional

Every name is checked against the project before anything is built, and a wrong one is
reported at its line in the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import field_validator

from builder.base.errors import ProblemList
from builder.base.tomlsource import Loc, line_of, read_model
from builder.base.wording import country_suggestion
from builder.model.packs import PRODUCTS
from builder.model.project import Project
from builder.model.strict import Strict
from builder.plan.imposition import Duplex


class BatchModel(Strict):
    packs: str | list[str] = "all"
    countries: str | list[str] = "all"
    locales: str | list[str] = "default"
    products: str | list[str] = "all"
    paper: Literal["a4", "letter"] | None = None
    duplex: Duplex = "long-edge"

    @field_validator("packs", "countries", "locales", "products", mode="before")
    @classmethod
    def _names(cls, value: Any, info: Any) -> Any:
        word = "default" if info.field_name == "locales" else "all"
        example = {
            "packs": '["partner-support"]',
            "countries": '["GB", "IE"]',
            "locales": '["en"]',
            "products": '["handout"]',
        }[info.field_name]
        if value == word or (
            isinstance(value, list) and value and all(isinstance(v, str) and v for v in value)
        ):
            return value
        raise ValueError(f'use "{word}" or a list of names like {example}')


@dataclass(frozen=True)
class BatchSpec:
    path: Path
    model: BatchModel
    lines: dict[Loc, int]

    @staticmethod
    def _listed(value: str | list[str]) -> list[str]:
        return [] if isinstance(value, str) else list(value)

    @property
    def packs(self) -> list[str]:
        return self._listed(self.model.packs)

    @property
    def countries(self) -> list[str]:
        return [c.upper() if len(c) == 2 else c for c in self._listed(self.model.countries)]

    @property
    def locales(self) -> list[str]:
        return self._listed(self.model.locales)

    @property
    def products(self) -> list[str]:
        return self._listed(self.model.products)

    def check(self, project: Project, problems: ProblemList) -> None:
        """Report every unknown name at its line, with what exists."""
        known = {
            "packs": sorted(project.packs),
            "countries": sorted(project.helplines),
            "locales": list(project.locales),
            "products": list(PRODUCTS),
        }
        for key, names in (
            ("packs", self.packs),
            ("countries", self.countries),
            ("locales", self.locales),
            ("products", self.products),
        ):
            # Names as the command line takes them: in any case ("Card", "EN"); the planner
            # spells each as the project does.
            spelled = {k.casefold() for k in known[key]}
            first: dict[str, int] = {}
            for index, name in enumerate(names):
                line = line_of(self.lines, (key, index))
                if name.casefold() in first:
                    at = first[name.casefold()]
                    problems.error(
                        "CP5017",
                        f'{key}: "{name}" is listed twice'
                        + (f" (first at line {at})" if at and at != line else ""),
                        self.path,
                        line,
                        fix="list each name once",
                    )
                    continue
                first[name.casefold()] = line or 0
                if name.casefold() not in spelled:
                    meant = country_suggestion(name) if key == "countries" else None
                    hint = (
                        f'"{meant}" is the code for "{name}"; '
                        if meant and meant != name and meant in known[key]
                        else ""
                    )
                    problems.error(
                        "CP5009",
                        f'{key}: unknown "{name}"',
                        self.path,
                        line,
                        fix=f"{hint}use one of {', '.join(known[key])}",
                    )


def read_batch(path: Path, problems: ProblemList) -> BatchSpec | None:
    model, lines = read_model(
        BatchModel,
        path,
        problems,
        missing="batch file not found",
        fix="give the path of a batch.toml",
    )
    if model is None:
        return None
    return BatchSpec(path, model, lines)
