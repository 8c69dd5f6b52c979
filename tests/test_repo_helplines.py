"""The shipped helpline data: every country loads, passes its checks, and reaches its card."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from babel.dates import format_date

from builder.helplinecheck import HelplineCheck, check_helplines
from builder.imposition import card_sheet
from builder.paper import paper_for
from builder.selection import card_lines, select

from .conftest import REPO, data_day
from .pdftext import flat_text

# shared/ sits beside the checkout (CI, main) or beside the folder of worktrees.
REFERENCE = next((base / "shared" / "reference" / "helplines-sources.csv"
                  for base in (REPO.parent, REPO.parent.parent)
                  if (base / "shared" / "reference" / "helplines-sources.csv").is_file()),
                 REPO.parent / "shared" / "reference" / "helplines-sources.csv")
Run = Callable[..., tuple[int, str]]

# Numbers the reference notes mark as replaced, closed or "do not print", as digits, and the
# files they must not appear in (None: anywhere under packs/).
RETIRED: list[tuple[str, str | None]] = [
    ("18002738255", None),   # US 1-800-273-8255, replaced by 988 (2022)
    ("18334564566", None),   # CA 1-833-456-4566, replaced by 988 (2023)
    ("1393", None),          # KR 1393, replaced by 109 (2024)
    ("15770199", None),      # KR 1577-0199, replaced by 109 (2024)
    ("09000113", None),      # NL 0900-0113, replaced by 113 / 0800-0113
    ("141", "BR.toml"),      # BR 141, replaced by 188 (2018); PT 1411 is a different line
    ("199284284", None),     # IT 199.284.284, replaced by 02 2327 2327 (2020)
    ("0800788995", None),    # TW 0800-788-995, replaced by 1925
    ("500454", None),        # ID 500-454, closed end-2014
    ("18005990019", None),   # IN KIRAN, reportedly merged into Tele MANAS: not printed
]


@pytest.fixture(scope="module")
def checked() -> HelplineCheck:
    return check_helplines(REPO, data_day())


def number_runs(text: str) -> list[list[str]]:
    """Digit groups of every number-like run ("1-800-273-8255" -> ["1","800","273","8255"])."""
    runs = re.findall(r"(?<!\d)\d+(?:[ \-.\u00a0]\d+)*(?!\d)", text)
    return [re.split(r"[ \-.\u00a0]", run) for run in runs]


def contains_whole(groups: list[str], digits: str) -> bool:
    return any("".join(groups[i:j]) == digits
               for i in range(len(groups)) for j in range(i + 1, len(groups) + 1))


def test_run_matching_is_whole_number_only() -> None:
    assert contains_whole(["1", "800", "273", "8255"], "18002738255")
    assert contains_whole(["1393", "109"], "1393")
    assert not contains_whole(["31393"], "1393")
    assert not contains_whole(["1411"], "141")
    assert number_runs("SMS 31393, or 0900-0113.") == [["31393"], ["0900", "0113"]]


def test_every_reference_country_has_a_file_that_loads(checked: HelplineCheck) -> None:
    if not REFERENCE.is_file():
        pytest.skip(f"reference table not available at {REFERENCE}")
    with REFERENCE.open(encoding="utf-8") as handle:
        reference = {row["country"] for row in csv.DictReader(handle)}
    # Every shipped country comes from the reference table (whose second edition has more
    # countries than the data has files yet), and every file loads.
    shipped = {p.stem for p in (REPO / "packs/helplines").glob("*.toml")}
    assert shipped <= reference, sorted(shipped - reference)
    assert set(checked.countries) == shipped


def test_helplines_check_passes(run_cli: Run) -> None:
    code, output = run_cli("helplines", "check", "--root", str(REPO),
                           "--today", data_day().isoformat())
    assert code == 0, output
    assert output.startswith("ok: 47 countries")
    assert output.rstrip().endswith("; 0 warning(s)")


@pytest.mark.parametrize("digits,only", RETIRED)
def test_retired_numbers_appear_nowhere_in_packs(digits: str, only: str | None) -> None:
    # retired-numbers.toml is the list of these very numbers, kept so careprint can refuse them.
    files = [p for p in (REPO / "packs").rglob("*") if p.is_file()
             and p.name != "retired-numbers.toml" and (only is None or p.name == only)]
    assert files
    for path in files:
        for groups in number_runs(path.read_text(encoding="utf-8")):
            assert not contains_whole(groups, digits), f"{path}: {'-'.join(groups)}"


@pytest.mark.parametrize("country", sorted(
    p.stem for p in (REPO / "packs/helplines").glob("*.toml")))
def test_card_shows_emergency_crisis_line_and_checked_date(
        country: str, every_card_sheet: Path, checked: HelplineCheck) -> None:
    data = checked.countries[country]
    text = flat_text(every_card_sheet / country / "en" / "card-sheet.pdf")
    slots = len(card_sheet(paper_for(country, None), "long-edge").fronts)
    selection = select(data, include_caution=False)
    for service in selection.emergency:
        for contact in service.dialled:
            assert contact.dial is not None
            assert text.count(contact.dial.display) >= slots, (country, contact.dial.display)
    lines = card_lines(selection)
    crisis = [s for s in selection.services if s.kind == "crisis" and s.open_24_7]
    if crisis:
        first = crisis[0].dialled[0].dial
        assert first is not None and text.count(first.display) >= slots, (country, first.display)
    else:
        assert text.count("More help: see “Where to find help” in the handout.") == slots
    printed = selection.emergency + lines
    day = format_date(min(s.checked for s in printed), format="long", locale="en")
    assert text.count(f"Numbers checked {day}") == slots
