"""Which languages a country gets by default: CLDR's official languages that ship, a regional
catalog only in its own region, and a pack's own choice first."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import pytest

from builder.base.errors import ProblemList
from builder.model.project import Project, load_project
from builder.plan.request import BuildRequest, check_regional_gaps, plan

from ..building import build_docs
from ..conftest import REPO, MiniProject, data_day
from ..model.test_catalogs import add_locale
from ..pdftext import flat_text
from ..validate.conftest import fails_alone, refuses_all


@pytest.fixture(scope="module")
def project(shipped_project: Project) -> Project:
    return shipped_project


def without(project: Project, *missing: str) -> Project:
    return dataclasses.replace(
        project, locales=tuple(locale for locale in project.locales if locale not in missing)
    )


def test_portugal_never_gets_the_brazilian_catalog(project: Project) -> None:
    assert {"pt_BR", "pt_PT"} <= set(project.locales)
    assert project.default_locales("PT") == ["pt_PT"]
    assert project.regional_gaps("PT") == []
    assert project.default_locales("BR") == ["pt_BR"]
    # Before pt_PT shipped, Portugal got English and a gap, never the Brazilian catalog.
    before = without(project, "pt_PT")
    assert before.default_locales("PT") == ["en"]
    assert before.regional_gaps("PT") == [("pt", "pt_BR")]
    assert before.default_locales("BR") == ["pt_BR"]


def test_belgium_and_israel_get_every_official_language_that_ships(project: Project) -> None:
    # CLDR: Belgium nl, fr, de; Israel he, ar.
    assert project.default_locales("BE") == ["nl", "fr", "de"]
    assert project.default_locales("IL") == ["he", "ar"]
    earlier = without(project, "he", "nl")
    assert earlier.default_locales("BE") == ["fr", "de"]
    assert earlier.default_locales("IL") == ["ar"]


def test_a_pack_can_order_and_add_languages_per_country(project: Project) -> None:
    pack = project.packs["partner-support"]
    ordered = dataclasses.replace(
        pack,
        definition=pack.definition.model_copy(
            update={"languages": {"BE": ["de"], "PT": ["en", "pt_BR"]}}
        ),
    )
    assert project.default_locales("BE", ordered) == ["de", "nl", "fr"]
    assert project.default_locales("PT", ordered) == ["en", "pt_BR", "pt_PT"]
    assert project.default_locales("DE", ordered) == ["de"]


def project_without(tmp_path: Path, missing: str) -> Path:
    """A copy of the project (links, not files) whose locales/ lacks one catalog."""
    root = tmp_path / "project"
    root.mkdir()
    for entry in REPO.iterdir():
        if entry.name in ("packs", "templates"):
            (root / entry.name).symlink_to(entry)
    (root / "locales").mkdir()
    for entry in (REPO / "locales").iterdir():
        if entry.name != missing:
            (root / "locales" / entry.name).symlink_to(entry)
    return root


def test_a_portuguese_build_says_why_it_is_english(tmp_path: Path) -> None:
    """Until a pt_PT catalog ships, Portugal's build is English and says why."""
    out = tmp_path / "out"
    result = build_docs(
        BuildRequest(
            root=project_without(tmp_path, "pt_PT"),
            out=out,
            packs=["partner-support"],
            countries=["PT"],
            products=["card"],
            today=data_day(),
        )
    )
    assert [p.relative_to(out).as_posix() for p in result.written] == [
        "partner-support/PT/en/card.pdf"
    ]
    assert any("no pt_PT catalog yet" in w.message for w in result.warnings)
    assert "Brasil" not in flat_text(out / "partner-support/PT/en/card.pdf")


def test_a_portuguese_build_is_european_portuguese(tmp_path: Path) -> None:
    result = build_docs(
        BuildRequest(
            root=REPO,
            out=tmp_path,
            packs=["partner-support"],
            countries=["PT"],
            products=["card"],
            today=data_day(),
        )
    )
    assert [p.relative_to(tmp_path).as_posix() for p in result.written] == [
        "partner-support/PT/pt_PT/card.pdf"
    ]
    assert "Brasil" not in flat_text(tmp_path / "partner-support/PT/pt_PT/card.pdf")


def with_locales(project: Project, *added: str) -> Project:
    """The project as if these catalogs shipped too (the Chinese drafts land on their own)."""
    return dataclasses.replace(project, locales=tuple(dict.fromkeys((*project.locales, *added))))


def test_chinese_goes_by_script_not_by_prefix(project: Project) -> None:
    # CLDR: CN and SG speak "zh" (Simplified by likely subtags), TW and HK "zh_Hant".
    both = with_locales(project, "zh_Hans", "zh_Hant")
    assert "zh_Hans" in both.default_locales("CN") and "zh_Hant" not in both.default_locales("CN")
    assert both.default_locales("TW") == ["zh_Hant"]
    assert both.default_locales("HK") == ["zh_Hant", "en"]
    assert "zh_Hans" in both.default_locales("SG") and "zh_Hant" not in both.default_locales("SG")
    assert set(both.locale_countries("zh_Hans")) == {"CN", "SG"}
    assert set(both.locale_countries("zh_Hant")) == {"TW", "HK", "MO"}
    # Until a Traditional catalog ships, Taiwan gets English and a gap, never Simplified.
    simplified = with_locales(without(project, "zh_Hant"), "zh_Hans")
    assert simplified.default_locales("TW") == ["en"]
    assert simplified.regional_gaps("TW") == []
    assert simplified.regional_gaps("CN") == []


def test_a_regional_chinese_catalog_takes_its_script_from_its_region(project: Project) -> None:
    taiwan = with_locales(without(project, "zh_Hans", "zh_Hant"), "zh_TW")
    assert taiwan.default_locales("TW") == ["zh_TW"]
    assert taiwan.default_locales("CN") == ["en"]
    assert taiwan.locale_countries("zh_TW") == ["HK", "MO", "TW"]


def test_norway_switzerland_and_the_rest(project: Project) -> None:
    # CLDR: Norway no, nb, nn (a Bokmål catalog serves it); Switzerland de, gsw, fr, it.
    assert project.default_locales("NO") == ["nb"]
    assert project.locale_countries("nb") == ["NO"]
    assert project.default_locales("CH") == ["de", "fr", "it"]
    assert project.default_locales("JP") == ["ja"]
    assert project.default_locales("KR") == ["ko"]
    assert project.default_locales("IR") == ["fa"]
    assert project.default_locales("BD") == ["bn"]
    assert {"PT", "BR"} <= set(project.locale_countries("pt_PT"))


PT_EN = "mini/PT/en/card-sheet.pdf"


def test_under_strict_a_country_without_its_regional_catalog_fails_alone(
    run_cli: Callable[..., tuple[int, str]], mini: MiniProject
) -> None:
    """Portugal in the mini project with only pt_BR: taken by default (as --all takes every
    country), it gets English and a warning; under --strict its documents fail and the
    other countries are built. Named (--country, as a clinic's overlay names its own), it
    refuses the build, nothing written."""
    mini.write_helplines("PT", (REPO / "packs/helplines/PT.toml").read_text())
    add_locale(mini, "pt_BR")
    error = fails_alone(run_cli, mini, ("--strict",), failing=PT_EN)
    assert error.startswith("error CP5004 locales: PT: no pt_PT catalog yet (pt_BR is written")
    assert "so PT would get only en; --strict refuses" in error
    assert "(add locales/pt_PT, list the locales PT should get under [languages] in " in error
    assert "or build without --strict to print PT in en only" in error
    output = refuses_all(run_cli, mini, "--strict", "--country", "GB,PT")
    assert "error CP5004 locales: PT: no pt_PT catalog yet; pt_BR is written" in output


def test_a_clinic_s_overlay_names_its_own_country(mini: MiniProject) -> None:
    """An overlay builds its clinic's country, chosen in careprint.toml: under --strict its
    regional gap stays the warning --strict refuses the build with, as for --country."""
    mini.write_helplines("PT", (REPO / "packs/helplines/PT.toml").read_text())
    add_locale(mini, "pt_BR")
    project = load_project(mini.root, ProblemList())
    jobs = [
        job
        for job in plan(project, BuildRequest(mini.root, mini.root / "out"), ProblemList())
        if job.country == "PT"
    ]
    for overlay in (None, mini.root / "clinic"):
        problems = ProblemList()
        request = BuildRequest(mini.root, mini.root / "out", strict=True, overlay=overlay)
        refused = check_regional_gaps(project, request, jobs, problems)
        if overlay is None:
            assert list(refused) == jobs and not problems.items
        else:
            assert not refused and [p.code for p in problems.failing(strict=True)] == ["CP5004"]
