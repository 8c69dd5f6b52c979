"""Bilingual editions: the handout on facing pages, one language left and one right, each
section starting on a new spread, each page tagged with its language; read back from the PDF."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader

from builder.base.errors import ProblemList
from builder.model.project import Project, translator_for
from builder.plan.pairs import locale_parts, pair_of
from builder.plan.request import BuildRequest, plan
from builder.typeset.facing import interleave, pads_for, section_lengths

from .conftest import REPO, TIMEOUT, build_in_process, data_day, shared_artefact
from .test_rtl import arabic_lines

ES_DRAFT = "Traducción aún no revisada por un hablante nativo"


def test_pairs_and_with() -> None:
    assert locale_parts("es+en") == ("es", "en") and locale_parts("fr") == ("fr",)
    assert pair_of("es", "en") == "es+en"
    assert pair_of("en", "en") == "en" and pair_of("es", None) == "es"
    assert pair_of("ar+en", "fr") == "ar+en"


def test_sections_are_padded_to_the_longer_side() -> None:
    anchors = [["title-page"], ["cover"], ["m-a"], [], ["m-b"]]
    assert section_lengths(anchors, ["cover", "a", "b"]) == [1, 2, 1]
    assert pads_for([1, 2, 1], [2, 1, 1]) == ([1, 0, 0], [0, 1, 0])
    assert interleave("t", ["l1", "l2"], ["r1", "r2"]) == ["t", "l1", "r1", "l2", "r2"]
    with pytest.raises(ValueError, match="left pages"):
        interleave("t", ["l1"], [])


def planned(project: Project, **kw: object) -> tuple[list[str], list[str]]:
    problems = ProblemList()
    request = BuildRequest(root=REPO, out=REPO / "unused", packs=["partner-support"], **kw)  # type: ignore[arg-type]
    jobs = plan(project, request, problems)
    return [j.label for j in jobs], [p.render() for p in problems.errors]


def test_a_pair_plans_the_products_that_have_a_bilingual_edition(
    shipped_project: Project,
) -> None:
    labels, errors = planned(shipped_project, countries=["ES"], locales=["es+en"])
    assert labels == ["partner-support/ES/es+en/handout"] and not errors
    labels, errors = planned(shipped_project, countries=["ES"], locales=["es"], with_locale="en")
    assert labels == ["partner-support/ES/es+en/handout"]
    labels, _ = planned(shipped_project, countries=["GB"], locales=["en"], with_locale="en")
    assert "partner-support/GB/en/handout" in labels and len(labels) > 1  # en alone, as asked


@pytest.mark.parametrize(
    "locale,products,message",
    [
        ("es+es", [], '"es+es" is not a pair of two languages'),
        ("xx+en", [], 'locale "xx" is not shipped'),
        ("es+en", ["card"], 'product "card" has no bilingual edition'),
    ],
)
def test_bad_pairs_are_refused_by_name(
    locale: str, products: list[str], message: str, shipped_project: Project
) -> None:
    _, errors = planned(shipped_project, countries=["ES"], locales=[locale], products=products)
    assert any(message in e for e in errors), errors


@pytest.fixture(scope="module")
def editions() -> Path:
    """The shipped pack's es+en edition for Spain and ar+en for Egypt, built once a run."""

    def make(out: Path) -> None:
        for country, pair in (("ES", "es+en"), ("EG", "ar+en")):
            build_in_process(
                out,
                "--pack",
                "partner-support",
                "--country",
                country,
                "--locale",
                pair,
                "--today",
                data_day().isoformat(),
            )

    return shared_artefact("bilingual", make) / "partner-support"


def texts(path: Path) -> list[str]:
    return [" ".join((p.extract_text() or "").split()) for p in PdfReader(path).pages]


def page_langs(path: Path) -> list[set[str]]:
    """The /Lang of every structure element, per page (what a screen reader is told)."""
    reader = PdfReader(path)
    index = {
        p.indirect_reference.idnum: i  # type: ignore[union-attr]
        for i, p in enumerate(reader.pages)
    }
    found: list[set[str]] = [set() for _ in reader.pages]
    stack: list[Any] = [reader.trailer["/Root"]["/StructTreeRoot"]]  # type: ignore[index]
    while stack:
        node = stack.pop()
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            if node.get("/Pg") is not None:
                page = node.raw_get("/Pg")  # type: ignore[attr-defined]
                found[index[page.idnum]].add(str(node.get("/Lang")))
            if "/K" in node:
                stack.append(node["/K"])
    return found


def test_es_en_faces_spanish_left_and_english_right_with_edition_page_numbers(
    editions: Path,
) -> None:
    path = editions / "ES" / "es+en" / "handout.pdf"
    pages = texts(path)
    total = len(pages)
    assert total % 2 == 1  # a title page, then whole spreads
    assert "Cuando un ser querido se autolesiona" in pages[0]
    assert "When someone you love self-harms" in pages[0]
    for number, text in enumerate(pages[1:], start=2):
        if number % 2 == 0:  # a left page: Spanish, with its draft notice
            assert f"Página {number} de {total}" in text, number
            assert ES_DRAFT in text and "Page " not in text
        else:
            assert f"Page {number} of {total}" in text, number
            assert ES_DRAFT not in text and "Página" not in text
    langs = page_langs(path)
    assert all(langs[i] == {"es"} for i in range(1, total, 2))
    assert all(langs[i] == {"en"} for i in range(2, total, 2))


def test_every_module_starts_on_a_new_spread_in_both_languages(
    editions: Path, shipped_project: Project
) -> None:
    pages = texts(editions / "ES" / "es+en" / "handout.pdf")
    project = shipped_project
    spanish = translator_for(project, "es")
    modules = project.packs["partner-support"].modules
    starts = []
    for number, module in enumerate((m for m in modules if m.header.role != "closing"), 1):
        heading_es = f"{number} {spanish.text(module.id, module.header.title)}"
        heading_en = f"{number} {module.header.title}"
        left = next(i for i in range(3, len(pages), 2) if pages[i].startswith(heading_es))
        right = next(i for i in range(4, len(pages), 2) if pages[i].startswith(heading_en))
        assert right == left + 1, module.id
        starts.append(left)
    assert starts == sorted(starts)


def heading_lines(pdf: Path, page_index: int) -> tuple[float, list[tuple[float, float]]]:
    """Page width and the (left, right) extent in pt of each text line, top line first."""
    page = pdfium.PdfDocument(pdf)[page_index]
    textpage = page.get_textpage()
    lines: dict[int, list[tuple[float, float]]] = {}
    for index in range(textpage.count_chars()):
        if textpage.get_text_range(index, 1).strip():
            left, bottom, right, _top = textpage.get_charbox(index)
            lines.setdefault(round(bottom / 4), []).append((left, right))
    return page.get_width(), [
        (min(a for a, _ in lines[k]), max(b for _, b in lines[k]))
        for k in sorted(lines, reverse=True)
    ]


def test_ar_en_runs_each_side_in_its_own_direction_and_language(editions: Path) -> None:
    path = editions / "EG" / "ar+en" / "handout.pdf"
    langs = page_langs(path)
    total = len(langs)
    assert all(langs[i] == {"ar"} for i in range(1, total, 2))
    assert all(langs[i] == {"en"} for i in range(2, total, 2))
    assert PdfReader(path).trailer["/Root"]["/Lang"] == "ar"  # type: ignore[index]
    width, lines = heading_lines(path, 3)  # page 4: "What to do now" in Arabic, a left page
    left, right = lines[0]  # its heading, short: in the right half, from the right margin
    assert left > width / 2, (left, right, width)
    width, lines = heading_lines(path, 4)  # the facing page: English, from the left margin
    assert lines[0][1] < width / 2, (lines[0], width)
    assert not arabic_lines(path, 4)[1]  # and no Arabic on it
    english = subprocess.run(
        ["pdftotext", "-f", "5", "-l", "5", str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    ).stdout
    assert re.search(r"What to do now", english) and f"Page 5 of {total}" in english


def test_manifest_and_catalogue_name_the_pair(editions: Path) -> None:
    out = editions.parent
    manifest = json.loads((out / "manifest.json").read_text())["documents"]
    entry = manifest["partner-support/ES/es+en/handout.pdf"]
    assert (entry["locale"], entry["translation"], entry["status"]) == (
        "es+en",
        "draft+source",
        "ok",
    )
    catalogue = (out / "index.html").read_text()
    assert "Spanish – español + English" in catalogue
    assert "Arabic – العربية + English" in catalogue
