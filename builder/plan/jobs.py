"""Plan: which documents a build makes (pack x country x locale x product) and where they go."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from builder.base.errors import Problem
from builder.plan.imposition import Duplex
from builder.plan.paper import Paper


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


# Documents that fail before typesetting, each with every reason found for it, in the order the
# checks ran: fixing the first must not be the only way to learn of the second.
Refused = dict[DocumentJob, tuple[Problem, ...]]


def refuse(refused: Refused, job: DocumentJob, error: Problem) -> None:
    """Add `error` to the reasons `job` is not built (once, however often it is found)."""
    reasons = refused.get(job, ())
    if error not in reasons:
        refused[job] = (*reasons, error)


def refuse_all(refused: Refused, more: Refused) -> None:
    """Add every reason in `more` to `refused`: a document refused by two checks keeps both."""
    for job, errors in more.items():
        for error in errors:
            refuse(refused, job, error)
