"""The safety-plan sheet: steps with ruled writing space, the country's lines, at most two pages."""

import itertools
import re
import statistics
from pathlib import Path

import pytest

from builder.base.errors import InputError, ProblemList
from builder.model.project import load_project
from builder.model.translations import source_translator
from builder.plan.jobs import DocumentJob
from builder.plan.paper import paper_for
from builder.plan.request import BuildRequest
from builder.render.document import render_document
from builder.render.products.safety_plan import RULE_FLOOR_MM, closer_rules
from builder.render.templating import make_environment

from ..building import build_docs
from ..conftest import REPO, MiniProject, data_day
from ..pdfpixels import raster
from ..pdftext import page_sizes_mm, text_of
from ..pipeline.test_build import DOUBTFUL

STEP = """
[[steps]]
id = "{id}"
title = "{title}"
prompt = "A question to answer."
lines = {lines}
{extra}"""

TITLES = [
    "My warning signs",
    "Things I can do on my own",
    "People and places",
    "People I can ask",
    "Professionals and crisis lines",
    "A safer home",
]


def write_plan(mini: MiniProject, lines: int = 3) -> None:
    text = 'title = "My safety plan"\nintro = "Fill this in together at a calm time."\n'
    for n, title in enumerate(TITLES):
        extra = 'attach = "crisis-lines"\n' if n == 4 else ""
        text += STEP.format(id=f"step-{n}", title=title, lines=lines, extra=extra)
    text += STEP.format(
        id="reason", title="One reason for living", lines=2, extra="numbered = false\n"
    )
    (mini.pack / "safety-plan.toml").write_text(text)
    pack = mini.pack / "pack.toml"
    pack.write_text(pack.read_text().replace('"card-sheet"]', '"card-sheet", "safety-plan"]'))


def build_plan(mini: MiniProject, *countries: str) -> list[str]:
    result = build_docs(
        BuildRequest(
            root=mini.root, out=mini.root / "out", countries=countries, products=["safety-plan"]
        )
    )
    return [p.relative_to(mini.root / "out").as_posix() for p in result.written]


def test_plan_has_steps_numbers_and_checked_date(mini: MiniProject) -> None:
    write_plan(mini)
    assert build_plan(mini, "GB", "US") == [
        "mini/GB/en/safety-plan.pdf",
        "mini/US/en/safety-plan.pdf",
    ]
    gb = mini.root / "out/mini/GB/en/safety-plan.pdf"
    assert set(page_sizes_mm(gb)) == {(210.0, 297.0)}
    assert set(page_sizes_mm(mini.root / "out/mini/US/en/safety-plan.pdf")) == {(215.9, 279.4)}
    text = " ".join(text_of(gb).split())
    for n, title in enumerate(TITLES, 1):
        assert f"{n} {title}" in text
    assert "One reason for living" in text and "7 One reason" not in text
    assert "999" in text and "116 123" in text and "911" not in text
    assert "Numbers checked 1 November 2026" in text
    # The lines sit in the crisis step, between its title and the next step.
    step = text[text.index("Professionals and crisis lines") : text.index("A safer home")]
    assert "116 123" in step


def test_every_step_gets_ruled_lines(mini: MiniProject) -> None:
    write_plan(mini, lines=4)
    project = load_project(mini.root, ProblemList())
    job = DocumentJob("mini", "GB", "en", "safety-plan", paper_for("GB"))
    html = render_document(
        make_environment([project.templates]),
        job,
        project.packs["mini"],
        project.helplines["GB"],
        source_translator(),
    ).html
    rules = re.findall(r'class="rule" style="height: ([\d.]+)mm"', html)
    assert len(rules) == 6 * 4 + 2 and all(float(h) >= 8 for h in rules)


def test_plan_that_spills_past_two_pages_fails_naming_what_spilled(mini: MiniProject) -> None:
    write_plan(mini, lines=8)
    with pytest.raises(InputError, match=r"at most 2 allowed \(.*step-.*spilled over\)"):
        build_plan(mini, "GB")
    assert not list((mini.root / "out").rglob("*.pdf"))  # reported, never written


def test_country_without_crisis_line_warns(mini: MiniProject) -> None:
    write_plan(mini)
    gb = mini.helplines / "GB.toml"
    gb.write_text(
        gb.read_text()
        .split('[[services]]\nid = "samaritans"')[0]
        .replace(
            'timezone = "Europe/London"', 'timezone = "Europe/London"\ncrisis_gap = "none found"'
        )
    )
    result = build_docs(
        BuildRequest(
            root=mini.root, out=mini.root / "out", countries=["GB"], products=["safety-plan"]
        )
    )
    assert any("no crisis line" in w.message for w in result.warnings)


def test_plan_follows_the_card_rules_for_doubt_and_age(mini: MiniProject) -> None:
    write_plan(mini)
    path = mini.helplines / "GB.toml"
    path.write_text(
        path.read_text().replace("checked = 2026-11-01", "checked = 2024-06-01") + DOUBTFUL
    )
    result = build_docs(
        BuildRequest(
            root=mini.root,
            out=mini.root / "out",
            countries=["GB"],
            products=["safety-plan"],
            allow_stale=True,
        )
    )
    text = " ".join(text_of(result.written[0]).split())
    assert "Doubtful line" not in text
    assert "Numbers checked 1 June 2024 Numbers may be out of date." in text
    assert any("doubtful left off the safety plan" in w.message for w in result.warnings)


RULE_COLOUR = (0x8F, 0xA7, 0xB3)  # .rule in safety-plan.css: a 0.3 mm border under each line
RULE_BORDER_MM = 0.3
LONG = 6  # lines per step that need a third page at 9, 8.5 and 8 mm, and fit at 7.5 mm


def rule_pitch(path: Path) -> float:
    """The distance (mm) between consecutive ruled lines of a step as printed, the median
    over every page (other lines drawn in the colour, such as the date lines, are further
    apart or closer than any pitch)."""
    pitches = []
    for page in range(len(page_sizes_mm(path))):
        rows = raster(path, page, 150).colour_rows(RULE_COLOUR, (95, 0, 115, 297))
        pitches += [b - a for a, b in itertools.pairwise(rows) if 6 < b - a < 10.5]
    assert len(pitches) >= 12, pitches
    return statistics.median(pitches)


def test_a_plan_too_long_at_handwriting_pitch_gets_closer_lines_not_a_third_page(
    mini: MiniProject,
) -> None:
    write_plan(mini, lines=3)
    (gb,) = build_plan(mini, "GB")
    assert rule_pitch(mini.root / "out" / gb) == pytest.approx(9.0 + RULE_BORDER_MM, abs=0.2)
    write_plan(mini, lines=LONG)
    (gb,) = build_plan(mini, "GB")
    assert len(page_sizes_mm(mini.root / "out" / gb)) == 2
    # The largest pitch that fits in half-millimetre steps: 7.5 mm, above the floor.
    assert RULE_FLOOR_MM < 7.5
    assert rule_pitch(mini.root / "out" / gb) == pytest.approx(7.5 + RULE_BORDER_MM, abs=0.2)
    assert closer_rules(9.0) == (8.5, 8.0, 7.5, 7.0)
    assert closer_rules(8.0) == (7.5, 7.0)


def test_the_shipped_plan_fits_two_pages_in_the_longest_languages(tmp_path: Path) -> None:
    """GB prints four lines in step 5's box beside the emergency number; in French and
    Indonesian its plan needed a third page at 9 mm (found by building every country in every
    language: Indonesian failed in most countries with a crisis line)."""
    built = build_docs(
        BuildRequest(
            root=REPO,
            out=tmp_path,
            countries=["GB"],
            locales=["fr", "id"],
            products=["safety-plan"],
            today=data_day(),
        )
    )
    assert len(built.written) == 2
    for pdf in built.written:
        assert len(page_sizes_mm(pdf)) == 2, pdf
        assert rule_pitch(pdf) < 9.0 + RULE_BORDER_MM - 0.2, pdf
