"""The generated help page and card are graded as printed, like the modules."""

from __future__ import annotations

import pytest

from builder.base.errors import ProblemList
from builder.model.project import Project, load_project
from builder.validate.pagescore import PageScore, format_page_report, page_text, score_pages
from builder.validate.readability import WARN_ABOVE

from ..conftest import REPO


@pytest.fixture(scope="module")
def scores() -> list[PageScore]:
    project: Project = load_project(REPO, ProblemList())
    return score_pages(project, project.packs["partner-support"])


def test_page_text_keeps_blocks_apart_and_drops_addresses() -> None:
    text = page_text(
        '<h3>Crisis lines</h3><p>Call us.</p><p><a href="x">'
        "https://www.example.org/a/b</a></p><li>Open 24 hours</li>"
    )
    assert text == "Crisis lines. Call us. Open 24 hours."


def test_every_help_page_and_card_reads_at_grade_8_or_lower(scores: list[PageScore]) -> None:
    assert {(s.page, s.country) for s in scores if s.page == "help page"} >= {
        ("help page", "GB"),
        ("help page", "US"),
    }
    assert {(s.page, s.country) for s in scores if s.page == "card"} >= {
        ("card", "GB"),
        ("card", "US"),
    }
    assert [(s.page, s.country, round(s.grade, 1)) for s in scores if s.grade > WARN_ABOVE] == []


def test_report_names_the_hardest_country_and_flags_what_is_above_8() -> None:
    scores = [
        PageScore("help page", "GB", 5.0, 300),
        PageScore("help page", "DE", 9.2, 280),
        PageScore("help page", "FR", 8.5, 290),
        PageScore("card", "GB", 4.0, 90),
    ]
    lines = format_page_report(scores)
    assert lines[0].startswith("help page (hardest: DE)") and lines[0].endswith("(above 8)")
    assert lines[1] == "  help page FR: grade 8.5, above 8"
    assert lines[2].startswith("card (hardest: GB)") and "above" not in lines[2]
