"""batch.toml is checked like every other input: file, line, and what to write instead."""

from __future__ import annotations

from pathlib import Path

from builder.base.errors import ProblemList
from builder.model.project import load_project
from builder.plan.batchfile import read_batch

from ..conftest import MiniProject


def read(path: Path, text: str) -> tuple[object, ProblemList]:
    path.write_text(text)
    problems = ProblemList()
    return read_batch(path, problems), problems


def test_all_and_default_expand_to_empty_selections(tmp_path: Path) -> None:
    spec, problems = read(
        tmp_path / "batch.toml",
        'countries = "all"\nlocales = "default"\nproducts = ["handout"]\npaper = "a4"\n',
    )
    assert not problems.items and spec is not None
    assert (spec.packs, spec.countries, spec.locales, spec.products) == ([], [], [], ["handout"])  # type: ignore[attr-defined]
    assert spec.model.paper == "a4"  # type: ignore[attr-defined]


def test_mistakes_are_reported_at_their_line(tmp_path: Path) -> None:
    _, problems = read(
        tmp_path / "batch.toml", 'packs = "all"\ncountry = ["GB"]\nlocales = "everything"\n'
    )
    assert sorted((p.code, p.line) for p in problems.errors) == [("CP1102", 2), ("CP1105", 3)]
    rendered = "\n".join(p.render(tmp_path) for p in problems.errors)
    assert 'batch.toml:2: unknown key "country" (did you mean "countries"?' in rendered
    assert 'batch.toml:3: locales: use "default" or a list of names like ["en"]' in rendered


def test_unknown_names_are_checked_against_the_project(mini: MiniProject) -> None:
    path = mini.root / "batch.toml"
    spec, problems = read(path, 'packs = "all"\ncountries = ["GB", "XX"]\nproducts = ["poster"]\n')
    assert spec is not None and not problems.items
    project = load_project(mini.root, problems)
    spec.check(project, problems)  # type: ignore[attr-defined]
    assert [(p.code, p.line) for p in problems.errors] == [("CP5009", 2), ("CP5009", 3)]
    rendered = [p.render(mini.root) for p in problems.errors]
    assert rendered[0] == 'error CP5009 batch.toml:2: countries: unknown "XX" (use one of GB, US)'
    assert rendered[1].startswith('error CP5009 batch.toml:3: products: unknown "poster"')


def test_names_in_any_case_build_as_on_the_command_line(mini: MiniProject, tmp_path: Path) -> None:
    """-p Card and -l EN work on the command line; so they do in batch.toml."""
    from builder import pipeline
    from builder.plan.request import BuildRequest
    from builder.run.batch import BatchOptions

    path = mini.root / "batch.toml"
    spec, problems = read(path, 'countries = ["gb"]\nlocales = ["EN"]\nproducts = ["Card-Sheet"]\n')
    assert spec is not None and not problems.items
    request = BuildRequest(
        root=mini.root,
        out=tmp_path / "out",
        countries=spec.countries,  # type: ignore[attr-defined]
        locales=spec.locales,  # type: ignore[attr-defined]
        products=spec.products,  # type: ignore[attr-defined]
    )
    report = pipeline.build(request, BatchOptions(jobs=1), spec=spec)  # type: ignore[arg-type]
    assert [f.path for f in report.built] == ["mini/GB/en/card-sheet.pdf"]


def test_a_name_listed_twice_is_reported_at_its_line(mini: MiniProject) -> None:
    path = mini.root / "batch.toml"
    spec, problems = read(
        path, 'packs = "all"\ncountries = ["GB", "US", "gb"]\nproducts = ["card", "Card"]\n'
    )
    assert spec is not None and not problems.items
    spec.check(load_project(mini.root, problems), problems)  # type: ignore[attr-defined]
    rendered = [p.render(mini.root) for p in problems.errors]
    assert rendered == [
        'error CP5017 batch.toml:2: countries: "GB" is listed twice (list each name once)',
        'error CP5017 batch.toml:3: products: "Card" is listed twice (list each name once)',
    ]
