"""Inputs keys change exactly when something that shapes a document changes."""

from __future__ import annotations

import os
import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import grimp

import builder
from builder.base.digests import digest_folder
from builder.base.errors import ProblemList
from builder.model.project import load_project
from builder.pipeline import prepare
from builder.plan.request import BuildRequest, plan
from builder.run.inputkeys import OUTPUT_NEUTRAL, InputsKeys

from ..conftest import REPO, MiniProject


def keys(mini: MiniProject, **kw: object) -> dict[str, str]:
    problems = ProblemList()
    project = load_project(mini.root, problems)
    request = BuildRequest(root=mini.root, out=mini.root / "out", **kw)  # type: ignore[arg-type]
    assert not problems.errors
    found = InputsKeys(project, request)
    return {job.label: found.key(job) for job in plan(project, request, problems)}


def changed(before: dict[str, str], after: dict[str, str]) -> set[str]:
    assert before.keys() == after.keys()
    return {label for label in before if before[label] != after[label]}


def test_keys_are_stable_and_distinct(mini: MiniProject) -> None:
    first = keys(mini)
    assert first == keys(mini) and len(set(first.values())) == 4


def test_touch_changes_nothing_but_an_edit_changes_that_country(mini: MiniProject) -> None:
    before = keys(mini)
    path = mini.helplines / "US.toml"
    os.utime(path, (0, 0))
    assert keys(mini) == before
    path.write_text(path.read_text() + "\n# reviewed again\n")
    assert changed(before, keys(mini)) == {"mini/US/en/handout", "mini/US/en/card-sheet"}


def test_pack_template_and_option_changes_reach_every_document(mini: MiniProject) -> None:
    before = keys(mini)
    mini.write_module("first", "First things, reworded")
    after_module = keys(mini)
    assert changed(before, after_module) == set(before)
    css = mini.root / "templates" / "css" / "cards.css"
    css.write_text(css.read_text() + "\n/* tweak */\n")
    after_css = keys(mini)
    assert changed(after_module, after_css) == set(before)
    assert changed(after_css, keys(mini, duplex="short-edge")) == set(before)
    assert changed(after_css, keys(mini, paper="a4")) == {
        "mini/US/en/handout",
        "mini/US/en/card-sheet",
    }


def test_catalogue_template_changes_no_document(mini: MiniProject) -> None:
    before = keys(mini)
    page = mini.root / "templates" / "catalogue" / "catalogue.css"
    page.write_text(page.read_text() + "\n/* screen only */\n")
    assert keys(mini) == before


def test_a_locale_catalog_changes_only_its_own_documents(mini: MiniProject) -> None:
    for locale in ("fr", "de"):
        shutil.copytree(REPO / "locales" / locale, mini.root / "locales" / locale)
    before = keys(mini, locales=["fr", "de"])
    catalog = mini.root / "locales" / "de" / "LC_MESSAGES" / "ui.po"
    catalog.write_text(catalog.read_text() + "\n# reviewed wording\n")
    assert changed(before, keys(mini, locales=["fr", "de"])) == {
        label for label in before if "/de/" in label
    }


def test_new_request_fields_count_without_code_changes(mini: MiniProject) -> None:
    problems = ProblemList()
    project = load_project(mini.root, problems)
    request = BuildRequest(root=mini.root, out=mini.root / "out")
    job = plan(project, request, problems)[0]
    base = InputsKeys(project, request).key(job)
    assert InputsKeys(project, replace(request, strict=True)).key(job) != base
    assert InputsKeys(project, replace(request, out=mini.root / "elsewhere")).key(job) == base


def keys_on(mini: MiniProject, day: date) -> dict[str, str]:
    request = BuildRequest(root=mini.root, out=mini.root / "out", today=day)
    prepared = prepare(request, ProblemList())
    found = InputsKeys(prepared.project, request, prepared.dating)
    return {job.label: found.key(job) for job in prepared.jobs}


def test_a_later_build_date_changes_only_countries_whose_rows_aged(mini: MiniProject) -> None:
    path = mini.helplines / "US.toml"
    path.write_text(path.read_text().replace("2026-11-01", "2027-06-01"))
    early = keys_on(mini, date(2027, 6, 1))
    assert keys_on(mini, date(2027, 10, 1)) == early  # every row still fresh
    # GB's rows pass 12 months (the warning age) on 2027-11-01; US's are younger.
    assert changed(early, keys_on(mini, date(2027, 12, 1))) == {
        "mini/GB/en/handout",
        "mini/GB/en/card-sheet",
    }


def test_output_neutral_packages_hold_nothing_a_document_is_made_with() -> None:
    """The code digest skips the OUTPUT_NEUTRAL sub-packages, so nothing that typesetting or a
    thumbnail imports, directly or not, may live in one of them."""
    code = Path(builder.__file__).parent
    assert OUTPUT_NEUTRAL
    assert all((code / name / "__init__.py").is_file() for name in OUTPUT_NEUTRAL)
    graph = grimp.build_graph("builder")
    makers = {"builder.typeset.job", "builder.typeset.thumbnail"}
    used = set().union(makers, *(graph.find_upstream_modules(m) for m in makers))
    assert "builder.render.document" in used and "builder.model.helplines" in used
    neutral = tuple(f"builder.{name}" for name in OUTPUT_NEUTRAL)
    assert sorted(m for m in used if m.startswith(neutral)) == []


def test_an_edit_counts_unless_its_package_is_output_neutral(tmp_path: Path) -> None:
    code = tmp_path / "builder"
    shutil.copytree(
        Path(builder.__file__).parent, code, ignore=shutil.ignore_patterns("__pycache__")
    )
    before = digest_folder(code, skip=OUTPUT_NEUTRAL)
    for name in OUTPUT_NEUTRAL:
        with (code / name / "__init__.py").open("a") as handle:
            handle.write("# an edit\n")
    assert digest_folder(code, skip=OUTPUT_NEUTRAL) == before
    for shaping in ("pipeline.py", "render/document.py", "run/worker.py"):
        with (code / shaping).open("a") as handle:
            handle.write("# an edit\n")
        assert digest_folder(code, skip=OUTPUT_NEUTRAL) != before, shaping
        before = digest_folder(code, skip=OUTPUT_NEUTRAL)


def test_a_clinic_building_into_its_own_folder_does_not_key_on_its_own_pdfs(
    mini: MiniProject, tmp_path: Path
) -> None:
    """`careprint build --overlay . --out out` from a clinic's folder: the overlay counts by
    its contents, but the PDFs written under it are not inputs (each run rebuilt everything)."""
    clinic = tmp_path / "clinic"
    shutil.copytree(REPO / "examples" / "clinic", clinic)
    out = clinic / "out"

    def overlay_keys() -> dict[str, str]:
        project = load_project(mini.root, ProblemList())
        request = BuildRequest(root=mini.root, out=out, overlay=clinic, countries=["GB"])
        jobs = plan(project, request, ProblemList())
        return {j.label: InputsKeys(project, request).key(j) for j in jobs}

    before = overlay_keys()
    (out / "mini" / "GB").mkdir(parents=True)
    (out / "mini" / "GB" / "handout.pdf").write_bytes(b"%PDF- a document built here")
    assert overlay_keys() == before
    (clinic / "careprint.toml").write_text((clinic / "careprint.toml").read_text() + "\n# x\n")
    assert changed(before, overlay_keys()) == set(before)  # the overlay itself still counts
