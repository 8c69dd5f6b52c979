"""CP3013: printed opening rows that lack hours the service's own hours_note names."""

from pathlib import Path

from builder.base.errors import ProblemList
from builder.model.helplines import load_country
from builder.model.hours import DAYS
from builder.validate.helplinecheck import check_helplines
from builder.validate.hourstext import (
    Claim,
    check_hours_text,
    named_days,
    named_times,
    read_hours,
)

from ..conftest import GB, REPO, MiniProject, data_day

SEELEFON_NOTE = "Mon-Thu 10:00-12:00 and 14:00-20:00; Fri 10:00-12:00 and 14:00-18:00 (as of 2017)"
SEELEFON = f"""
[[services]]
id = "seelefon"
kind = "carers"
name = "SeeleFon"
open_24_7 = false
hours_note = "{SEELEFON_NOTE}"
source_url = "https://example.org/seelefon"
checked = 2026-11-01

[[services.contacts]]
type = "phone"
value = "020 7946 0000"
"""
# The rows DE.toml printed until 2026-11-30: Monday and Friday afternoons only.
OLD_ROWS = """
[[services.opening]]
days = ["mon"]
from = "14:00"
to = "20:00"

[[services.opening]]
days = ["fri"]
from = "14:00"
to = "18:00"
"""
# What the reference says, as DE.toml has it now.
FIXED_ROWS = """
[[services.opening]]
days = ["mon", "tue", "wed", "thu", "fri"]
from = "10:00"
to = "12:00"

[[services.opening]]
days = ["mon", "tue", "wed", "thu"]
from = "14:00"
to = "20:00"

[[services.opening]]
days = ["fri"]
from = "14:00"
to = "18:00"
"""


def problems_for(tmp_path: Path, rows: str, note: str = SEELEFON_NOTE) -> ProblemList:
    path = tmp_path / "GB.toml"
    path.write_text(GB + SEELEFON.replace(SEELEFON_NOTE, note) + rows)
    problems = ProblemList()
    country = load_country(path, problems)
    assert country is not None and not problems.errors, problems.errors
    check_hours_text(country, problems)
    return problems


def test_the_old_seelefon_rows_fail_at_the_hours_note_line(tmp_path: Path) -> None:
    problems = problems_for(tmp_path, OLD_ROWS)
    assert [(p.code, p.file, p.line) for p in problems.errors] == [
        ("CP3013", tmp_path / "GB.toml", 34)
    ]
    assert problems.errors[0].message.startswith(
        "seelefon: hours_note says 10:00-12:00 on mon, tue, wed, thu; 14:00-20:00 on tue, wed, "
        "thu; 10:00-12:00 on fri, which no [[services.opening]] row says"
    )
    assert "notes" in problems.errors[0].fix


def test_rows_that_say_what_the_source_says_pass(tmp_path: Path) -> None:
    assert not problems_for(tmp_path, FIXED_ROWS).items


def test_a_range_lost_on_one_day_is_found(tmp_path: Path) -> None:
    """Every time and every day still in some row, but Wednesday afternoon dropped."""
    rows = FIXED_ROWS.replace('["mon", "tue", "wed", "thu"]', '["mon", "tue", "thu"]')
    problems = problems_for(tmp_path, rows)
    assert "says 14:00-20:00 on wed, which" in problems.errors[0].message


def test_a_lone_time_or_day_must_be_in_the_rows(tmp_path: Path) -> None:
    problems = problems_for(tmp_path, FIXED_ROWS, SEELEFON_NOTE + "; Sat mornings")
    assert "says sat, which" in problems.errors[0].message
    problems = problems_for(tmp_path, FIXED_ROWS, SEELEFON_NOTE + "; answerphone after 20:30")
    assert "says 20:30, which" in problems.errors[0].message


def test_a_closed_day_or_a_time_in_other_words_is_not_a_disagreement(tmp_path: Path) -> None:
    rows = FIXED_ROWS.replace('"mon", "tue", "wed", "thu", "fri"]', '"mon", "tue", "thu", "fri"]')
    rows = rows.replace('["mon", "tue", "wed", "thu"]', '["mon", "tue", "thu"]')
    note = (
        "Mon-Tue and Thu 10:00-12:00 and 14:00-20:00, Fri 10:00-12:00 and 14:00-18:00; closed Wed"
    )
    assert not problems_for(tmp_path, rows, note).items
    # Without rows there is nothing printed to disagree with: hours_note alone is fine.
    assert not problems_for(tmp_path, "", "Office hours (Yunnan: Mon-Fri 08:30-11:30)").items


def test_times_and_days_are_read_as_people_write_them() -> None:
    _, claims = read_hours(SEELEFON_NOTE)
    assert claims == [
        Claim(("mon", "tue", "wed", "thu"), "10:00", "12:00"),
        Claim(("mon", "tue", "wed", "thu"), "14:00", "20:00"),
        Claim(("fri",), "10:00", "12:00"),
        Claim(("fri",), "14:00", "18:00"),
    ]
    assert read_hours("Daily from 15:30 until 00:30")[1] == [Claim(DAYS, "15:30", "00:30")]
    assert read_hours("08:30-05:30 (2021) vs around the clock")[1] == [Claim((), "08:30", "05:30")]
    assert named_times("from 9:30 until 00:30 (not 2024-11, not 10.00)") == ["09:30", "00:30"]
    assert named_days("Sat-Thu 07:00-15:00") == ["mon", "tue", "wed", "thu", "sat", "sun"]
    assert named_days("Sun–Tue; Thursdays") == ["mon", "tue", "thu", "sun"]
    assert named_days("Daily 13:00-01:00") == ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    assert named_days("weekdays 09:00-17:00") == ["mon", "tue", "wed", "thu", "fri"]
    assert named_days("Sun-Thu 16:00-24:00; closed Fri/holiday eves") == [
        "mon",
        "tue",
        "wed",
        "thu",
        "sun",
    ]
    assert named_days("Monday and Wednesday evenings") == ["mon", "wed"]


def test_helplines_check_and_check_report_it(tmp_path: Path) -> None:
    """`careprint helplines check` and `careprint check` both run it, naming file and line."""
    project = MiniProject(tmp_path / "project")
    path = project.write_helplines("GB", GB + SEELEFON + OLD_ROWS)
    result = check_helplines(project.root, data_day())
    assert [(p.code, p.file, p.line) for p in result.problems.errors] == [("CP3013", path, 34)]
    from builder.pipeline import check_project

    _, problems = check_project(project.root, data_day())
    assert [(p.code, p.line) for p in problems.errors if p.code == "CP3013"] == [("CP3013", 34)]


def test_the_shipped_helplines_pass() -> None:
    result = check_helplines(REPO, data_day())
    assert not [p for p in result.problems.items if p.code == "CP3013"]
    seelefon = next(s for s in result.countries["DE"].services if s.id == "seelefon")
    assert [(o.days, o.start, o.end) for o in seelefon.opening] == [
        (["mon", "tue", "wed", "thu", "fri"], "10:00", "12:00"),
        (["mon", "tue", "wed", "thu"], "14:00", "20:00"),
        (["fri"], "14:00", "18:00"),
    ]
