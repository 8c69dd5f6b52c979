"""Plan: which documents a build makes (pack x country x locale x product) and where they go.

Planning never touches WeasyPrint, so a batch can decide that nothing needs building without
paying for the typesetter's import.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import ProblemList
from .imposition import Duplex
from .paper import PAPERS, Paper, paper_for
from .project import Project


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


@dataclass(frozen=True)
class DocumentJob:
    pack: str
    country: str
    locale: str
    product: str
    paper: Paper
    duplex: Duplex = "long-edge"

    def relative_path(self) -> Path:
        return Path(self.pack) / self.country / self.locale / f"{self.product}.pdf"

    @property
    def label(self) -> str:
        return f"{self.pack}/{self.country}/{self.locale}/{self.product}"


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
