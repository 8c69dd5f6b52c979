"""The shipped data and content: load cleanly, and print exactly the numbers in the data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from builder.base.errors import ProblemList
from builder.model.project import Project
from builder.pipeline import check_project
from builder.plan.request import BuildRequest, plan

from ..conftest import REPO, BackgroundBuild, data_day
from ..pdftext import digits, page_sizes_mm, text_of

DAY = data_day().isoformat()


@pytest.fixture(scope="module")
def project() -> Project:
    loaded, problems = check_project(REPO, data_day())
    assert not problems.errors, [p.render() for p in problems.errors]
    return loaded


@pytest.fixture(scope="module")
def built(demo: Path) -> Path:
    """The demo's handouts, card sheets and safety plans (built once per run)."""
    assert "sits alone" not in (demo / "build.log").read_text()
    return demo / "partner-support"


def printed_numbers(text: str) -> set[str]:
    """Digit strings of three or more digits that look like phone numbers in extracted text."""
    text = re.sub(r"\S*(://|www\.|\.org|\.uk|\.com|/)\S*", " ", text)  # web addresses
    months = (
        "(January|February|March|April|May|June|July|August|September|October|November|December)"
    )
    # Dates as the US ("November 1, 2026") and the UK ("1 November 2026") write them; a
    # footer's date has no-break spaces.
    text = re.sub(rf"{months}\s\d{{1,2}},\s\d{{4}}|\d{{1,2}}\s{months}\s\d{{4}}", " ", text)
    text = re.sub(r"Page \d+ of \d+|v\d+\.\d+\.\d+|\d{1,2}:\d{2}", " ", text)
    found = re.findall(r"\+?\(?\d[\d \-()]*\d", text)  # "(800) 799-7233" is one number
    return {digits(f) for f in found if len(digits(f)) >= 3}


@pytest.mark.parametrize("country,paper", [("GB", (210.0, 297.0)), ("US", (215.9, 279.4))])
def test_handout_prints_exactly_the_data_numbers(
    project: Project, built: Path, country: str, paper: tuple[float, float]
) -> None:
    path = built / country / "en" / "handout.pdf"
    assert set(page_sizes_mm(path)) == {paper}
    text = text_of(path)
    # The numbered source notes hold addresses and page dates, not numbers to call.
    text = text[: text.index("Sources")] + text[text.index("If a number is wrong") :]
    data = project.helplines[country]
    urgent = [
        c.dial.display
        for s in data.services
        if s.kind in ("emergency", "crisis") and not s.withheld
        for c in s.dialled
        if c.dial
    ]
    assert urgent
    for number in urgent:
        assert number in text, f"{number} missing from {country} handout"
    allowed = {digits(c.dial.display) for s in data.services for c in s.dialled if c.dial}
    # Source addresses are printed too, and may wrap across lines in extracted text.
    urls = " ".join(u for s in data.services for u in (s.source_url, s.website))
    url_digits = set(re.findall(r"\d{3,}", urls))
    for number in printed_numbers(text) - url_digits:
        # A run may join two adjacent numbers ("999 112"); each part must be in the data.
        assert number in allowed or any(
            number.startswith(a) and number[len(a) :] in allowed for a in allowed
        ), f"{country} handout prints {number}, which is not in its helpline file"


def test_card_sheet_fronts_show_emergency_and_crisis(project: Project, built: Path) -> None:
    text = text_of(built / "GB" / "en" / "card-sheet.pdf")
    assert text.count("999") >= 10 and text.count("116 123") >= 10


@pytest.mark.parametrize("country", ["GB", "US"])
def test_safety_plan_fits_two_pages_with_the_data_numbers(
    project: Project, built: Path, country: str
) -> None:
    path = built / country / "en" / "safety-plan.pdf"
    assert len(page_sizes_mm(path)) <= 2
    text = text_of(path)
    data = project.helplines[country]
    for service in data.services:
        if service.kind in ("emergency", "crisis") and service.open_24_7 and not service.withheld:
            for contact in service.dialled:
                assert contact.dial is not None and contact.dial.display in text
    assert "Numbers checked" in text and "Where I keep this plan" in text


# Canada's handouts and card sheets in its default languages, built once a run beside the
# tests (the French card sheet is built by no other test).
CANADA = BackgroundBuild(
    "canada",
    (
        "--pack",
        "partner-support",
        "--country",
        "CA",
        "--product",
        "card-sheet,handout",
        "--today",
        DAY,
    ),
)


@pytest.mark.reads_background(CANADA)
def test_canada_builds_in_english_and_french_with_french_dates(shipped_project: Project) -> None:
    request = BuildRequest(
        root=REPO,
        out=REPO / "unused",
        packs=["partner-support"],
        countries=["CA"],
        products=["card-sheet", "handout"],
        today=data_day(),
    )
    problems = ProblemList()
    planned = sorted(
        job.relative_path().as_posix() for job in plan(shipped_project, request, problems)
    )
    assert planned == [
        "partner-support/CA/en/card-sheet.pdf",
        "partner-support/CA/en/handout.pdf",
        "partner-support/CA/fr/card-sheet.pdf",
        "partner-support/CA/fr/handout.pdf",
    ]
    assert not problems.errors, [p.render() for p in problems.errors]
    out = CANADA.finished()
    built = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.pdf"))
    assert built == planned
    french = " ".join(text_of(out / "partner-support/CA/fr/handout.pdf").split())
    assert re.search(r"Numéros vérifiés le \d{1,2} novembre 2026", french)
    assert "Ouvert 24 h sur 24, tous les jours" in french
    assert "Traduction pas encore relue par un locuteur natif" in french
    english = " ".join(text_of(out / "partner-support/CA/en/handout.pdf").split())
    assert re.search(r"Numbers checked November \d{1,2}, 2026", english)
