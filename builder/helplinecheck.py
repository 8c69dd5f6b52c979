"""`careprint helplines check`: the helpline files alone, judged as strictly as `careprint check`.

A clinic updating one country file wants a fast answer about the data without a broken module
elsewhere getting in the way, so pack problems are only used for their age limits here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .check import check_limits
from .errors import ProblemList
from .freshness import Age, Dating, build_date, check_ages
from .helplines import CountryHelplines, load_all
from .packs import load_packs


@dataclass(frozen=True)
class HelplineCheck:
    countries: dict[str, CountryHelplines]
    problems: ProblemList
    dating: Dating
    ages: dict[str, list[Age]]

    @property
    def services(self) -> int:
        return sum(len(c.services) for c in self.countries.values())

    @property
    def oldest(self) -> date | None:
        return min((c.checked for c in self.countries.values()), default=None)


def helplines_folder(root: Path) -> Path:
    return root / "packs" / "helplines"


def check_helplines(root: Path, today: date | None = None, warn: int | None = None,
                    fail: int | None = None, folder: Path | None = None) -> HelplineCheck:
    problems = ProblemList()
    folder = folder or helplines_folder(root)
    if not folder.is_dir():
        problems.error("no helplines folder here", folder,
                       fix="run from a careprint checkout or pass --root")
    countries = load_all(folder, problems) if folder.is_dir() else {}
    packs = load_packs(root / "packs", ProblemList()) if (root / "packs").is_dir() else {}
    dating = Dating(today or build_date(None), check_limits(packs, warn, fail))
    ages = {code: check_ages(country, dating, problems) for code, country in countries.items()}
    return HelplineCheck(countries, problems, dating, ages)
