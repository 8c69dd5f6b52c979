"""Which languages a country gets by default: CLDR's official languages that ship, a regional
catalog only in its own region, and a pack's own choice first."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from builder.base.errors import ProblemList
from builder.model.project import Project, load_project
from builder.plan.request import BuildRequest

from .building import build_docs
from .conftest import REPO, data_day
from .pdftext import flat_text


@pytest.fixture(scope="module")
def project() -> Project:
    return load_project(REPO, ProblemList())


def shipping(project: Project, *extra: str) -> Project:
    return dataclasses.replace(project, locales=(*project.locales, *extra))


def test_portugal_never_gets_the_brazilian_catalog(project: Project) -> None:
    assert "pt_BR" in project.locales
    assert project.default_locales("PT") == ["en"]
    assert project.regional_gaps("PT") == [("pt", "pt_BR")]
    assert project.default_locales("BR") == ["pt_BR"]
    # ... and takes pt_PT the day it ships.
    assert shipping(project, "pt_PT").default_locales("PT") == ["pt_PT"]
    assert shipping(project, "pt_PT").regional_gaps("PT") == []


def test_belgium_and_israel_get_every_official_language_that_ships(project: Project) -> None:
    # CLDR: Belgium nl, fr, de; Israel he, ar. Dutch and Hebrew do not ship yet.
    assert project.default_locales("BE") == ["fr", "de"]
    assert project.default_locales("IL") == ["ar"]
    later = shipping(project, "he", "nl")
    assert later.default_locales("BE") == ["nl", "fr", "de"]
    assert later.default_locales("IL") == ["he", "ar"]


def test_a_pack_can_order_and_add_languages_per_country(project: Project) -> None:
    pack = project.packs["partner-support"]
    ordered = dataclasses.replace(pack, definition=pack.definition.model_copy(
        update={"languages": {"BE": ["de"], "PT": ["en", "pt_BR"]}}))
    assert project.default_locales("BE", ordered) == ["de", "fr"]
    assert project.default_locales("PT", ordered) == ["en", "pt_BR"]
    assert project.default_locales("DE", ordered) == ["de"]


def test_a_portuguese_build_says_why_it_is_english(tmp_path: Path) -> None:
    result = build_docs(BuildRequest(root=REPO, out=tmp_path, packs=["partner-support"],
                                countries=["PT"], products=["card"], today=data_day()))
    assert [p.relative_to(tmp_path).as_posix() for p in result.written] == \
        ["partner-support/PT/en/card.pdf"]
    assert any("no pt_PT catalog yet" in w.message for w in result.warnings)
    assert "Brasil" not in flat_text(tmp_path / "partner-support/PT/en/card.pdf")
