"""Page 1 of every shipped locale's handout holds the whole contents list (#19): in the
longest translations (pt_PT, ru) it used to slip to page 2, leaving the reader a cover with
no way into the leaflet. All handouts are built in one batch through the pipeline (the CLI)."""

from __future__ import annotations

import subprocess
import unicodedata
from pathlib import Path

import pytest

from builder.model.project import Project, translator_for

from ..conftest import TIMEOUT, BackgroundBuild
from ..layout import render
from ..typeset.test_textlayer import SHIPPED

# One country for every language: its cover box (three levels, three services) is among the
# fullest, so what fits here fits with a shorter one.
COUNTRY = "GB"


@pytest.fixture(scope="module")
def project(shipped_project: Project) -> Project:
    return shipped_project


# GB's handout in every shipped locale, built once a run beside the tests (not once per xdist
# worker that runs some of these tests); each test waits for its own locale's handout.
HANDOUTS = BackgroundBuild(
    "contents-handouts",
    ("--country", COUNTRY, "--locale", ",".join(SHIPPED), "--product", "handout", "--jobs", "2"),
)


def flat(text: str) -> str:
    """Letters and digits only, NFD without marks: line breaks, leader dots, bidi controls and
    the order a reader puts an Arabic vowel mark in do not count."""
    return "".join(
        c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c)[0] in "LN"
    )


def page_text(pdf: Path, index: int) -> str:
    """pdftotext's reading (pdfium reads stray characters into Arabic words)."""
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-f", str(index + 1), "-l", str(index + 1), str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    ).stdout


@pytest.mark.reads_background(HANDOUTS)
@pytest.mark.parametrize("locale", SHIPPED)
def test_page_one_holds_the_whole_contents_list(project: Project, locale: str) -> None:
    context = render(project, COUNTRY, translator_for(project, locale), "handout").context
    heading = context["_"]("In this leaflet")
    handout = HANDOUTS.file(f"partner-support/{COUNTRY}/{locale}/handout.pdf")
    first, second = (flat(page_text(handout, i)) for i in (0, 1))
    assert flat(heading) in first and flat(heading) not in second, locale
    missing = [m.title for m in context["modules"] if flat(m.title) not in first]
    assert missing == [], locale
