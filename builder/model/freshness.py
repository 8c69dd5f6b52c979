"""How old helpline data is allowed to be before a build warns or refuses.

Each service carries `checked`, the day it was last compared with its public source. Numbers
change without notice, so a printout must never look fresher than its data: past the warning age
the build says so, past the failure age it stops unless the user explicitly allows stale data, in
which case every affected PDF says "numbers may be out of date".

The build date is injectable (`--today`, SOURCE_DATE_EPOCH) so that tests and reproducible builds
do not depend on the wall clock.
"""

from __future__ import annotations

import calendar
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from enum import IntEnum
from pathlib import Path

from builder.base.errors import CareprintError, Problem, ProblemList
from builder.model.helplines import CountryHelplines


class Age(IntEnum):
    FRESH = 0
    OLD = 1  # past the warning age: build warns
    STALE = 2  # past the failure age: build fails unless stale data is allowed


@dataclass(frozen=True)
class FreshnessLimits:
    """Months after `checked` at which a row warns and at which it fails."""

    warn_after_months: int = 12
    fail_after_months: int = 24

    def __post_init__(self) -> None:
        if not 0 < self.warn_after_months < self.fail_after_months:
            raise CareprintError(
                "CP5012",
                f"freshness limits must satisfy 0 < warn ({self.warn_after_months}) < fail "
                f"({self.fail_after_months}) months",
            )

    def age(self, checked: date, today: date) -> Age:
        if today >= add_months(checked, self.fail_after_months):
            return Age.STALE
        if today > add_months(checked, self.warn_after_months):
            return Age.OLD
        return Age.FRESH

    def override(self, warn: int | None, fail: int | None) -> FreshnessLimits:
        # `is None`, not `or`: an explicit 0 must reach the check above, never become 12.
        return FreshnessLimits(
            self.warn_after_months if warn is None else warn,
            self.fail_after_months if fail is None else fail,
        )


def strictest(limits: Iterable[FreshnessLimits]) -> FreshnessLimits:
    """The tightest limits of several packs: data that passes them passes every pack."""
    found = list(limits)
    if not found:
        return FreshnessLimits()
    return FreshnessLimits(
        min(x.warn_after_months for x in found), min(x.fail_after_months for x in found)
    )


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clamped to the month's end (31 Jan + 1 month = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def whole_months(start: date, end: date) -> int:
    """Complete months from start to end (0 when end is before start)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if months > 0 and add_months(start, months) > end:
        months -= 1
    return max(months, 0)


def build_date(option: str | None, environ: Mapping[str, str] | None = None) -> date:
    """The build date: --today YYYY-MM-DD, else SOURCE_DATE_EPOCH (UTC), else today."""
    environ = os.environ if environ is None else environ
    if option:
        try:
            return date.fromisoformat(option)
        except ValueError:
            raise CareprintError(
                "CP5010", f'--today "{option}" is not a date like 2026-11-22'
            ) from None
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        if not epoch.isdigit():
            raise CareprintError(
                "CP5011", f'SOURCE_DATE_EPOCH "{epoch}" is not a whole number of seconds'
            )
        return datetime.fromtimestamp(int(epoch), UTC).date()
    return date.today()


@dataclass(frozen=True)
class Dating:
    """Everything needed to judge and print the age of helpline rows in one build."""

    today: date
    limits: FreshnessLimits = FreshnessLimits()
    allow_stale: bool = False


def report_age(
    service_id: str,
    checked: date,
    dating: Dating,
    problems: ProblemList,
    path: Path | None = None,
    line: int | None = None,
) -> Age:
    """Record a warning or error for one row's age; return the age."""
    if checked > dating.today:
        problems.error(
            "CP3101",
            f"{service_id}: checked = {checked.isoformat()} is after the build date "
            f"{dating.today.isoformat()}",
            path,
            line,
            fix="use the day the row was compared with its source (or pass --today)",
        )
        return Age.FRESH
    age = dating.limits.age(checked, dating.today)
    if age is Age.FRESH:
        return age
    months = whole_months(checked, dating.today)
    over = "over " if add_months(checked, months) < dating.today else ""
    message = (
        f"{service_id}: last compared with its source on {checked.isoformat()}, "
        f"{over}{months} months before {dating.today.isoformat()}"
    )
    fix = "compare the row with its source_url again and update checked"
    if age is Age.OLD:
        problems.warn(
            "CP3102",
            f"{message} (older than {dating.limits.warn_after_months} months)",
            path,
            line,
            fix=fix,
        )
    elif dating.allow_stale:
        problems.warn(
            "CP3103",
            f"{message}: built anyway (--allow-stale); the PDFs say the numbers may be out of date",
            path,
            line,
            fix=fix,
        )
    else:
        problems.error(
            "CP3104",
            f"{message} (limit {dating.limits.fail_after_months} months)",
            path,
            line,
            fix=fix + ", or build with --allow-stale to print it marked as possibly out of date",
        )
    return age


def check_ages(country: CountryHelplines, dating: Dating, problems: ProblemList) -> list[Age]:
    """Judge every row of one country file; problems point at each row's `checked` line."""
    return [
        report_age(
            s.id, s.checked, dating, problems, country.path, country.line("services", i, "checked")
        )
        for i, s in enumerate(country.services)
    ]


def age_warnings(files: Iterable[CountryHelplines], dating: Dating) -> tuple[Problem, ...]:
    """What a document says about its country's old rows: a warning per file, so the
    document's own manifest entry and catalogue card say its numbers are old (or printed
    marked as possibly out of date), not only the run's log, which names each row. The same
    for every document of the country in one build: judged once, then said by each
    (for_document)."""
    problems = ProblemList()
    for rows in files:
        ages = [
            (s.checked, dating.limits.age(s.checked, dating.today))
            for s in rows.services
            if s.checked <= dating.today
        ]
        fix = "compare the rows with their source_url again and update checked"
        stale = [checked for checked, age in ages if age is Age.STALE]
        if stale and dating.allow_stale:
            problems.warn(
                "CP3103",
                f"{_rows(stale)} past the age limit of "
                f"{dating.limits.fail_after_months} months: built anyway (--allow-stale), "
                "marked as possibly out of date",
                rows.path,
                fix=fix,
            )
        old = [checked for checked, age in ages if age is Age.OLD]
        if old:
            problems.warn(
                "CP3102",
                f"{_rows(old)} checked longer ago than {dating.limits.warn_after_months} months",
                rows.path,
                fix=fix,
            )
    return tuple(problems.warnings)


def for_document(warnings: Iterable[Problem], label: str) -> list[Problem]:
    """The country's age warnings as one document says them: each names the document."""
    return [replace(w, message=f"{label}: {w.message}") for w in warnings]


def _rows(checked: list[date]) -> str:
    return f"{len(checked)} of its country's rows (oldest checked {min(checked).isoformat()})"
