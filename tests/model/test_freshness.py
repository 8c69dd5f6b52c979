from datetime import date
from pathlib import Path

import pytest

from builder.base.errors import CareprintError, ProblemList
from builder.model.freshness import (
    Age,
    Dating,
    FreshnessLimits,
    add_months,
    build_date,
    report_age,
    strictest,
    whole_months,
)

TODAY = date(2026, 11, 22)


def test_add_months_clamps_to_month_end() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2025, 11, 22), 12) == date(2026, 11, 22)
    assert add_months(date(2025, 3, 15), 24) == date(2027, 3, 15)


def test_whole_months() -> None:
    assert whole_months(date(2025, 10, 22), TODAY) == 13
    assert whole_months(date(2025, 10, 23), TODAY) == 12
    assert whole_months(TODAY, date(2026, 1, 1)) == 0


@pytest.mark.parametrize(
    "checked,age",
    [
        (date(2025, 11, 22), Age.FRESH),  # exactly 12 months: not yet "more than 12"
        (date(2025, 11, 21), Age.OLD),
        (date(2025, 10, 22), Age.OLD),  # 13 months
        (date(2024, 11, 23), Age.OLD),  # a day short of 24 months
        (date(2024, 11, 22), Age.STALE),  # 24 months
        (date(2020, 1, 1), Age.STALE),
    ],
)
def test_default_limits(checked: date, age: Age) -> None:
    assert FreshnessLimits().age(checked, TODAY) is age


def test_limits_are_configurable_and_checked() -> None:
    assert FreshnessLimits(3, 6).age(date(2026, 5, 1), TODAY) is Age.STALE
    assert FreshnessLimits().override(None, 36).fail_after_months == 36
    with pytest.raises(CareprintError, match="0 < warn"):  # 0 is refused, never read as 12
        FreshnessLimits().override(0, None)
    assert strictest([FreshnessLimits(12, 24), FreshnessLimits(6, 30)]) == FreshnessLimits(6, 24)
    with pytest.raises(CareprintError, match="warn"):
        FreshnessLimits(24, 12)


def test_report_age_levels() -> None:
    problems = ProblemList()
    where = Path("GB.toml")
    assert report_age("a", date(2025, 10, 22), Dating(TODAY), problems, where, 7) is Age.OLD
    assert report_age("b", date(2024, 1, 1), Dating(TODAY), problems, where, 9) is Age.STALE
    assert [(p.severity.value, p.line) for p in problems.items] == [("warning", 7), ("error", 9)]
    assert problems.items[0].code == "CP3102"
    assert "13 months before 2026-11-22" in problems.items[0].message
    allowed = ProblemList()
    report_age("b", date(2024, 1, 1), Dating(TODAY, allow_stale=True), allowed, where, 9)
    assert not allowed.errors and allowed.warnings[0].code == "CP3103"


def test_checked_after_the_build_date_is_an_error() -> None:
    problems = ProblemList()
    report_age("a", date(2027, 1, 1), Dating(TODAY), problems, Path("GB.toml"), 3)
    assert problems.errors[0].code == "CP3101"


def test_build_date_sources() -> None:
    assert build_date("2025-01-02", {}) == date(2025, 1, 2)
    assert build_date(None, {"SOURCE_DATE_EPOCH": "1700000000"}) == date(2023, 11, 14)
    assert build_date("2025-01-02", {"SOURCE_DATE_EPOCH": "1700000000"}) == date(2025, 1, 2)
    with pytest.raises(CareprintError, match="not a date"):
        build_date("22/11/2026", {})
    with pytest.raises(CareprintError, match="SOURCE_DATE_EPOCH"):
        build_date(None, {"SOURCE_DATE_EPOCH": "yesterday"})
