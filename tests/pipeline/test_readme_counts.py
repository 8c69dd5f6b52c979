"""The README's language list and counts are what the data says, so they cannot go stale: a
merged catalog or country fails here until the README says it (the message gives the text)."""

from __future__ import annotations

import dataclasses
import re

import pytest

from builder.base.errors import ProblemList
from builder.model.project import Project, load_project

from ..conftest import REPO


@pytest.fixture(scope="module")
def project() -> Project:
    return load_project(REPO, ProblemList())


def readme() -> str:
    return " ".join((REPO / "README.md").read_text(encoding="utf-8").split())


def test_readme_lists_every_shipped_language(project: Project) -> None:
    found = re.search(r"English source plus ([A-Za-z_, ]+);", readme())
    listed = found.group(1).split(", ") if found else []
    shipped = [locale for locale in project.locales if locale != "en"]
    assert listed == shipped, f"README.md should say: English source plus {', '.join(shipped)};"


def test_readme_counts_countries_served_in_an_official_language(project: Project) -> None:
    served = len(project.countries_in_official_language())
    total = len(project.helplines)
    found = re.search(
        r"(\d+) of the (\d+) countries with helpline data get a handout in one "
        r"of their official languages",
        readme(),
    )
    stated = (int(found.group(1)), int(found.group(2))) if found else None
    assert stated == (served, total), (
        f"README.md should say: {served} of the {total} countries with helpline data get a handout"
    )
    helplines = re.search(r"per-country crisis helplines \((\d+) countries", readme())
    assert helplines and int(helplines.group(1)) == total


def test_a_country_counts_once_its_language_ships(project: Project) -> None:
    served = project.countries_in_official_language()
    assert {"GB", "JP", "IL", "BE"} <= set(served)  # English, Japanese, Hebrew, Dutch ship
    without_ja = dataclasses.replace(
        project, locales=tuple(locale for locale in project.locales if locale != "ja")
    )
    assert "JP" not in without_ja.countries_in_official_language()
    assert "PT" in served and "pt_BR" in project.locales
    only_brazilian = dataclasses.replace(
        project, locales=tuple(locale for locale in project.locales if locale != "pt_PT")
    )
    assert "PT" not in only_brazilian.countries_in_official_language()
