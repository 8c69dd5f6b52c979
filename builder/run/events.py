"""What a batch tells whoever watches it: a terminal bar, a plain log or JSON lines.

The core only calls a listener with these events; how they are shown is the CLI's business, so
the same run can drive a progress bar, a CI log or another program.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from builder.base.errors import Problem

Status = Literal["built", "unchanged", "failed", "cancelled"]


@dataclass(frozen=True)
class Preparing:
    """Sent before planning when the machine first needs something made once (the fonts), so
    a first run does not sit silent for half a minute."""

    what: str
    about_seconds: int

    def text(self) -> str:
        return (
            f"First run on this machine: {self.what}; this takes about "
            f"{self.about_seconds} s (longer on a busy machine), once."
        )


@dataclass(frozen=True)
class Planned:
    """Sent once, before any document: how much there is to do."""

    total: int
    to_build: int
    unchanged: int
    workers: int
    shard: str = ""


@dataclass(frozen=True)
class Started:
    label: str
    path: str


@dataclass(frozen=True)
class Finished:
    """Sent once per document of the run, whatever became of it."""

    label: str
    path: str
    status: Status
    seconds: float = 0.0
    pages: int = 0
    size: int = 0
    errors: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = field(default=())
    cached: bool = False  # a failure recorded earlier, inputs unchanged since: not retried

    def as_json(self, root: Path | None = None) -> dict[str, Any]:
        return {
            "event": "document",
            "document": self.label,
            "path": self.path,
            "status": self.status,
            "earlier_failure": self.cached,
            "seconds": round(self.seconds, 3),
            "pages": self.pages,
            "bytes": self.size,
            "errors": [p.as_json(root) for p in self.errors],
            "warnings": [p.as_json(root) for p in self.warnings],
        }


Event = Preparing | Planned | Started | Finished
Listener = Callable[[Event], None]


def ignore(event: Event) -> None:
    """The listener for callers that do not watch."""
