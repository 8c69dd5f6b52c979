"""Problems found in the user's input, and the two kinds of failure.

A *user error* is bad input: it is reported as one plain line per problem naming the file (and line
where known) and what to fix, and the command exits 1 without a traceback.  Anything else that
escapes is a bug: the CLI saves the traceback to a file and says where.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, with where it is and how to fix it."""

    message: str
    file: Path | None = None
    line: int | None = None
    fix: str = ""
    severity: Severity = Severity.ERROR

    def where(self, root: Path | None = None) -> str:
        if self.file is None:
            return ""
        path = self.file
        if root is not None:
            try:
                path = self.file.resolve().relative_to(root.resolve())
            except ValueError:
                path = self.file
        return f"{path}:{self.line}" if self.line else str(path)

    def as_json(self, root: Path | None = None) -> dict[str, str | int | None]:
        """The problem for other programs: each part apart, and the line a person reads."""
        where = self.where(root)
        return {
            "severity": str(self.severity),
            "file": where.rsplit(":", 1)[0] if self.line else (where or None),
            "line": self.line,
            "message": self.message,
            "fix": self.fix or None,
            "text": self.render(root),
        }

    def render(self, root: Path | None = None) -> str:
        where = self.where(root)
        prefix = f"{where}: " if where else ""
        tag = "warning: " if self.severity is Severity.WARNING else ""
        text = f"{prefix}{tag}{self.message}"
        if self.fix:
            text += f" ({self.fix})"
        return text


@dataclass
class ProblemList:
    """Collects every problem of a stage so the user sees them all at once."""

    items: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        self.items.append(problem)

    def error(
        self, message: str, file: Path | None = None, line: int | None = None, fix: str = ""
    ) -> None:
        self.items.append(Problem(message, file, line, fix, Severity.ERROR))

    def warn(
        self, message: str, file: Path | None = None, line: int | None = None, fix: str = ""
    ) -> None:
        self.items.append(Problem(message, file, line, fix, Severity.WARNING))

    def extend(self, other: ProblemList | list[Problem]) -> None:
        self.items.extend(other.items if isinstance(other, ProblemList) else other)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity is Severity.WARNING]

    def raise_if_errors(self, strict: bool = False) -> None:
        failing = self.items if strict else self.errors
        if failing:
            raise InputError(failing)


class CareprintError(Exception):
    """Base class of every failure the user can fix by changing input or options."""

    def problems(self) -> list[Problem]:
        return [Problem(str(self))]


class InputError(CareprintError):
    """One or more problems in the input; nothing was written."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(p.render() for p in problems))
        self._problems = list(problems)

    def problems(self) -> list[Problem]:
        return list(self._problems)


class SetupError(CareprintError):
    """The machine lacks something careprint needs (a library, a font)."""
