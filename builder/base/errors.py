"""Problems found in the user's input, and the two kinds of failure.

A *user error* is bad input: it is reported as one plain line per problem naming the file (and line
where known) and what to fix, and the command exits 1 without a traceback.  Anything else that
escapes is a bug: the CLI saves the traceback to a file and says where.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import Any, Protocol

from builder.base.problemcodes import title

OLD_PROBLEM = "CP0000"
_RENDERED = re.compile(
    r"(?P<severity>error|warning) (?P<code>CP\d{4})(?P<sep>:? )(?P<rest>.*)", re.S
)
_WHERE = re.compile(r"(?P<file>[^:]+?)(?::(?P<line>\d+))?: (?P<message>.*)", re.S)


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


def located(file: Path | None, line: int | None, root: Path | None = None) -> str:
    """`file:line` as a person reads it: relative to the project root when inside it."""
    if file is None:
        return ""
    path = file
    if root is not None:
        try:
            path = file.resolve().relative_to(root.resolve())
        except ValueError:
            path = file
    return f"{path}:{line}" if line else str(path)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, with its stable code, where it is and how to fix it."""

    code: str  # CPnnnn, defined once in builder/base/problemcodes.py
    message: str
    file: Path | None = None
    line: int | None = None
    fix: str = ""
    severity: Severity = Severity.ERROR
    # A warning that asks nothing of what this build prints: about a locale the build leaves
    # out (a half-started language), or a card that moved a line and lost none (CP6114).
    # --strict, which fails on what would print worse, keeps it a warning.
    advisory: bool = False

    def __post_init__(self) -> None:
        title(self.code)  # an unregistered code is a bug: fail where it is made

    @classmethod
    def from_text(cls, text: str, severity: Severity, root: Path) -> Problem:
        """A problem from the line `render(root)` wrote (manifest.json keeps problems as text):
        code, severity, file and line come back; the fix stays part of the message."""
        found = _RENDERED.fullmatch(text)
        if found is None:  # written before problems had codes
            return cls(OLD_PROBLEM, text, severity=severity)
        code, rest = found["code"], found["rest"]
        if found["sep"] == ": " or (where := _WHERE.fullmatch(rest)) is None:
            return cls(code, rest, severity=Severity(found["severity"]))
        line = int(where["line"]) if where["line"] else None
        return cls(code, where["message"], root / where["file"], line, "", severity)

    def where(self, root: Path | None = None) -> str:
        return located(self.file, self.line, root)

    def as_json(self, root: Path | None = None) -> dict[str, str | int | None]:
        """The problem for other programs: each part apart, and the line a person reads."""
        where = self.where(root)
        return {
            "code": self.code,
            "severity": str(self.severity),
            "file": where.rsplit(":", 1)[0] if self.line else (where or None),
            "line": self.line,
            "message": self.message,
            "fix": self.fix or None,
            "text": self.render(root),
        }

    def render(self, root: Path | None = None) -> str:
        """One line a person reads: `error CP3004 packs/helplines/DE.toml:14: ... (fix)`."""
        where = self.where(root)
        head = f"{self.severity} {self.code}"
        if self.code == OLD_PROBLEM:  # from an older manifest: the line as it was shown then
            return self.message
        text = f"{head} {where}: {self.message}" if where else f"{head}: {self.message}"
        if self.fix:
            text += f" ({self.fix})"
        return text


class AddProblem(Protocol):
    """The one signature of `ProblemList.error` and `.warn`: a problem's parts but its
    severity, which each of them supplies."""

    def __call__(
        self,
        code: str,
        message: str,
        file: Path | None = None,
        line: int | None = None,
        fix: str = "",
    ) -> None: ...


class _Adder:
    """`ProblemList.error` and `.warn`: ProblemList._add bound to one severity, called and
    type-checked as AddProblem."""

    def __init__(self, severity: Severity) -> None:
        self.severity = severity

    def __get__(self, problems: ProblemList, owner: type[ProblemList]) -> AddProblem:
        return partial(problems._add, self.severity)


@dataclass
class ProblemList:
    """Collects every problem of a stage so the user sees them all at once."""

    items: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        self.items.append(problem)

    error = _Adder(Severity.ERROR)  # problems.error(code, message, file, line, fix)
    warn = _Adder(Severity.WARNING)

    def _add(self, severity: Severity, *parts: Any, **named: Any) -> None:
        named["severity"] = severity
        self.items.append(Problem(*parts, **named))

    def extend(self, other: ProblemList | list[Problem]) -> None:
        self.items.extend(other.items if isinstance(other, ProblemList) else other)

    def withdraw(self, code: str, messages: set[str]) -> None:
        """Take back warnings found untrue later (what a card that did not print showed)."""
        self.items[:] = [
            p
            for p in self.items
            if not (p.severity is Severity.WARNING and p.code == code and p.message in messages)
        ]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity is Severity.WARNING]

    def failing(self, strict: bool = False) -> list[Problem]:
        """What stops the work: the errors, or under --strict every problem but the advisory
        warnings, each warning then reported as the error it has become (once, never
        also as a warning)."""
        if not strict:
            return self.errors
        return [
            replace(p, severity=Severity.ERROR)
            for p in self.items
            if p.severity is Severity.ERROR or not p.advisory
        ]

    def raise_if_errors(self, strict: bool = False) -> None:
        failing = self.failing(strict)
        if failing:
            raise InputError(failing)


class CareprintError(Exception):
    """Base class of every failure the user can fix by changing input or options."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code

    def problems(self) -> list[Problem]:
        return [Problem(self.code, str(self))]


class InputError(CareprintError):
    """One or more problems in the input; nothing was written."""

    def __init__(self, problems: list[Problem]):
        super().__init__(
            problems[0].code if problems else OLD_PROBLEM, "; ".join(p.render() for p in problems)
        )
        self._problems = list(problems)

    def problems(self) -> list[Problem]:
        return list(self._problems)


class SetupError(CareprintError):
    """The machine lacks something careprint needs (a library, a font)."""
