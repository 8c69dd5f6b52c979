"""Bilingual editions: the handout on facing pages, one language left and one right, each
section starting on a new spread, each page tagged with its language; read back from the PDF."""

from __future__ import annotations

import ctypes
import json
import re
import subprocess
from dataclasses import replace
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
import pytest
from pypdf import PdfReader

from builder.base.errors import InputError, ProblemList
from builder.model.project import Project, translator_for
from builder.plan.pairs import locale_parts, pair_of
from builder.plan.request import BuildRequest, plan
from builder.typeset.facing import interleave, pads_for, section_lengths

from ..building import build_docs
from ..conftest import REPO, TIMEOUT, BackgroundBuild, MiniProject, data_day
from ..model.test_catalogs import add_locale
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


PAIRED = [
    "partner-support/ES/es+en/handout",
    "partner-support/ES/es+en/card-sheet",
    "partner-support/ES/es+en/card",
    "partner-support/ES/es+en/card-fold",
]


def test_a_pair_plans_the_products_that_have_a_bilingual_edition(
    shipped_project: Project,
) -> None:
    labels, errors = planned(shipped_project, countries=["ES"], locales=["es+en"])
    assert labels == PAIRED and not errors
    labels, errors = planned(shipped_project, countries=["ES"], locales=["es"], with_locale="en")
    assert labels == PAIRED
    labels, _ = planned(shipped_project, countries=["GB"], locales=["en"], with_locale="en")
    assert "partner-support/GB/en/handout" in labels and len(labels) > 1  # en alone, as asked


@pytest.mark.parametrize(
    "locale,products,message",
    [
        ("es+es", [], '"es+es" is not a pair of two languages'),
        ("xx+en", [], 'locale "xx" is not shipped'),
        ("es+en", ["safety-plan"], 'product "safety-plan" has no bilingual edition'),
        # A booklet binds on one side, left or right: a pair of an RTL and an LTR language
        # (ar+en, en+ar) would need a rule for which; careprint builds none, and says so.
        ("ar+en", ["handout-booklet"], 'product "handout-booklet" has no bilingual edition'),
        ("en+ar", ["handout-booklet"], 'product "handout-booklet" has no bilingual edition'),
    ],
)
def test_bad_pairs_are_refused_by_name(
    shipped_project: Project, locale: str, products: list[str], message: str
) -> None:
    _, errors = planned(shipped_project, countries=["ES"], locales=[locale], products=products)
    assert any(message in e for e in errors), errors


def edition(country: str, pair: str) -> BackgroundBuild:
    """The shipped pack's edition in one pair of languages for one country, built once a run
    beside the tests (as the demo is): each pair a build of its own, so no test's setup pays
    for one, and a test waits only for the pair it reads."""
    return BackgroundBuild(
        f"bilingual-{country}",
        (
            "--pack",
            "partner-support",
            "--country",
            country,
            "--locale",
            pair,
            "--today",
            data_day().isoformat(),
        ),
    )


SPANISH = edition("ES", "es+en")
ARABIC = edition("EG", "ar+en")
EDITIONS = {"ES": SPANISH, "EG": ARABIC}


@pytest.fixture
def spanish_edition() -> Path:
    """The es+en edition for Spain, once its build has ended: OUT/partner-support/."""
    return SPANISH.finished() / "partner-support"


@pytest.fixture
def arabic_edition() -> Path:
    """The ar+en edition for Egypt, once its build has ended: OUT/partner-support/."""
    return ARABIC.finished() / "partner-support"


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


@pytest.mark.reads_background(SPANISH)
def test_es_en_faces_spanish_left_and_english_right_with_edition_page_numbers(
    spanish_edition: Path,
) -> None:
    path = spanish_edition / "ES" / "es+en" / "handout.pdf"
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


@pytest.mark.reads_background(SPANISH)
def test_every_module_starts_on_a_new_spread_in_both_languages(
    spanish_edition: Path, shipped_project: Project
) -> None:
    pages = texts(spanish_edition / "ES" / "es+en" / "handout.pdf")
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


def pdftotext_page(path: Path, number: int) -> str:
    """What poppler reads on one page (1-based)."""
    return subprocess.run(
        ["pdftotext", "-f", str(number), "-l", str(number), str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    ).stdout


@pytest.mark.reads_background(ARABIC)
def test_ar_en_runs_each_side_in_its_own_direction_and_language(arabic_edition: Path) -> None:
    path = arabic_edition / "EG" / "ar+en" / "handout.pdf"
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
    english = pdftotext_page(path, 5)
    assert re.search(r"What to do now", english) and f"Page 5 of {total}" in english


@pytest.mark.reads_background(SPANISH)
@pytest.mark.reads_background(ARABIC)
@pytest.mark.parametrize("country,pair", [("ES", "es+en"), ("EG", "ar+en")])
def test_the_title_page_keeps_each_titles_own_language(
    shipped_project: Project, country: str, pair: str
) -> None:
    """The title page holds both titles: the second language's block keeps its own /Lang
    when the page is tagged with the first language (facing.tag_languages)."""
    first, second = locale_parts(pair)
    definition = shipped_project.packs["partner-support"].definition
    tr = translator_for(shipped_project, first)
    folder = EDITIONS[country].finished() / "partner-support"
    runs = tagged_text(folder / country / pair / "handout.pdf", 0)
    said = {lang: " ".join(run for tag, run in runs if tag == lang) for lang, _ in runs}
    assert set(said) == {first, second}, runs  # nothing in a third language
    english = [definition.title, definition.subtitle]
    for text in english:
        assert text in said[second] and text not in said[first], runs
    if first == "es":
        for text in english:
            assert tr.text("pack", text) in said[first], text
    else:  # pdfium reads Arabic glyphs poorly (weasy.py): every run without Latin letters
        others = {lang for lang, run in runs if not any(c.isascii() and c.isalpha() for c in run)}
        assert others == {first}, runs


@pytest.mark.reads_background(SPANISH)
@pytest.mark.reads_background(ARABIC)
def test_manifest_and_catalogue_name_the_pair(spanish_edition: Path, arabic_edition: Path) -> None:
    manifest = json.loads((spanish_edition.parent / "manifest.json").read_text())["documents"]
    entry = manifest["partner-support/ES/es+en/handout.pdf"]
    assert (entry["locale"], entry["translation"], entry["status"]) == (
        "es+en",
        "draft+source",
        "ok",
    )
    assert "Spanish – español + English" in (spanish_edition.parent / "index.html").read_text()
    assert "Arabic – العربية + English" in (arabic_edition.parent / "index.html").read_text()


# Bilingual wallet cards: both languages on each face, each block tagged with its language.


def tagged_text(path: Path, page_index: int) -> list[tuple[str, str]]:
    """(language, text) of every marked run of a page, in structure order, each with the
    /Lang of its nearest tagged structure element (else the document's): what a screen
    reader is told to read each piece of text in."""
    document = pdfium.PdfDocument(path)
    page = document[page_index]
    textpage = page.get_textpage()
    runs: dict[int, str] = {}
    for obj in page.get_objects(max_depth=4):
        if obj.type != pdfium_raw.FPDF_PAGEOBJ_TEXT:
            continue
        mcid = pdfium_raw.FPDFPageObj_GetMarkedContentID(obj.raw)
        size = pdfium_raw.FPDFTextObj_GetText(obj.raw, textpage.raw, None, 0)
        chars = (ctypes.c_ushort * (size // 2))()
        pdfium_raw.FPDFTextObj_GetText(obj.raw, textpage.raw, chars, size)
        runs[mcid] = runs.get(mcid, "") + bytes(chars)[: size - 2].decode("utf-16-le")

    def lang_of(element: Any, inherited: str) -> str:
        size = pdfium_raw.FPDF_StructElement_GetLang(element, None, 0)
        if size <= 2:
            return inherited
        buffer = ctypes.create_string_buffer(size)
        pdfium_raw.FPDF_StructElement_GetLang(element, buffer, size)
        return buffer.raw[: size - 2].decode("utf-16-le")

    found: list[tuple[str, str]] = []

    def visit(element: Any, inherited: str) -> None:
        lang = lang_of(element, inherited)
        for i in range(pdfium_raw.FPDF_StructElement_GetMarkedContentIdCount(element)):
            mcid = pdfium_raw.FPDF_StructElement_GetMarkedContentIdAtIndex(element, i)
            if runs.get(mcid, "").strip():
                found.append((lang, " ".join(runs[mcid].split())))
        for i in range(pdfium_raw.FPDF_StructElement_CountChildren(element)):
            child = pdfium_raw.FPDF_StructElement_GetChildAtIndex(element, i)
            if child:
                visit(child, lang)

    document_lang = str(PdfReader(path).trailer["/Root"]["/Lang"])  # type: ignore[index]
    tree = pdfium_raw.FPDF_StructTree_GetForPage(page.raw)
    assert tree, f"{path.name} page {page_index + 1} has no tagged structure"
    for i in range(pdfium_raw.FPDF_StructTree_CountChildren(tree)):
        visit(pdfium_raw.FPDF_StructTree_GetChildAtIndex(tree, i), document_lang)
    pdfium_raw.FPDF_StructTree_Close(tree)
    return found


def languages_of(runs: list[tuple[str, str]], text: str) -> set[str]:
    return {lang for lang, run in runs if text in run}


@pytest.mark.reads_background(SPANISH)
@pytest.mark.parametrize("product", ["card", "card-sheet", "card-fold"])
def test_es_en_card_prints_both_languages_each_tagged(
    spanish_edition: Path, shipped_project: Project, product: str
) -> None:
    path = spanish_edition / "ES" / "es+en" / f"{product}.pdf"
    pages = [tagged_text(path, i) for i in range(len(PdfReader(path).pages))]
    runs = [run for page in pages for run in page]
    text = " ".join(run for _, run in runs)
    card = shipped_project.packs["partner-support"].card
    assert card is not None
    spanish = translator_for(shipped_project, "es")
    said = {lang: " ".join(run for tag, run in runs if tag == lang) for lang in ("es", "en")}
    assert set(said) == {lang for lang, _ in runs}  # nothing in a third language
    for english in (card.front_heading, card.emergency_label, card.back_heading, *card.reminders):
        assert english in said["en"] and english not in said["es"], english
        translated = spanish.text("card", english)
        assert translated in said["es"] and translated not in said["en"], translated
    assert "112" in text  # the numbers print once per face, in the first language's lines
    assert text.count("Numbers checked") == text.count("Números comprobados") > 0
    # The draft notice of the draft language only: English is the source.
    assert ES_DRAFT in said["es"]
    assert "Translation not yet reviewed" not in text


@pytest.mark.reads_background(ARABIC)
def test_ar_en_card_runs_each_language_in_its_own_direction(arabic_edition: Path) -> None:
    path = arabic_edition / "EG" / "ar+en" / "card.pdf"
    assert PdfReader(path).trailer["/Root"]["/Lang"] == "ar"  # type: ignore[index]
    back = tagged_text(path, 1)
    english = {"Remember", "Look after yourself too.", "Clinic phone number", "Someone I can call"}
    assert all(languages_of(back, text) == {"en"} for text in english)
    # Every other run is Arabic (pdfium reads the Arabic glyphs' text poorly, see weasy.py;
    # the words are checked with pdftotext below).
    others = {lang for lang, run in back if not any(c.isascii() and c.isalpha() for c in run)}
    assert others == {"ar"}
    words = pdftotext_page(path, 2)
    assert "ترجمة لم يراجعها متحدث أصلي بعد" in words  # the Arabic draft notice
    assert "Look after yourself too." in words and "Translation not yet" not in words
    # Arabic lines end at the face's right edge, English lines start at its left edge.
    page = pdfium.PdfDocument(path)[1]
    textpage = page.get_textpage()
    arabic: list[float] = []
    latin: list[float] = []
    for index in range(textpage.count_chars()):
        char = textpage.get_text_range(index, 1)
        left, _bottom, right, _top = textpage.get_charbox(index)
        if "\u0600" <= char <= "\u06ff":
            arabic.append(right)
        elif char.isascii() and char.isalpha():
            latin.append(left)
    # Measured on the card (the TrimBox): the page beyond it holds the bleed and crop marks.
    left, _bottom, right, _top = page.get_trimbox()
    width = right - left
    assert max(arabic) > left + width * 0.8 and min(latin) < left + width * 0.2, (
        max(arabic),
        min(latin),
    )


@pytest.mark.reads_background(SPANISH)
@pytest.mark.reads_background(ARABIC)
def test_the_card_pair_is_in_the_manifest_and_catalogue(
    spanish_edition: Path, arabic_edition: Path
) -> None:
    out = arabic_edition.parent
    manifest = json.loads((out / "manifest.json").read_text())["documents"]
    for product in ("card", "card-sheet", "card-fold"):
        entry = manifest[f"partner-support/EG/ar+en/{product}.pdf"]
        assert (entry["locale"], entry["translation"], entry["status"]) == (
            "ar+en",
            "draft+source",
            "ok",
        )
    spanish = json.loads((spanish_edition.parent / "manifest.json").read_text())["documents"]
    single = spanish.get("partner-support/ES/es/card.pdf")
    assert single is None or single["key"] != spanish["partner-support/ES/es+en/card.pdf"]["key"]
    catalogue = (out / "index.html").read_text()
    assert "Arabic – العربية + English" in catalogue
    for product in ("card", "card-sheet", "card-fold"):
        assert f'href="partner-support/EG/ar%2Ben/{product}.pdf"' in catalogue


def test_a_pair_that_does_not_fit_fails_naming_the_card_and_the_pair(
    mini: MiniProject,
) -> None:
    """Each language fits alone; together they do not, even at the floor size: the card
    fails visibly (never smaller type, never cut text)."""
    mini.write_pack(["first", "help"], ("card",))
    long = "Keep this card with you and read it again when things feel hard and confusing."
    card = mini.pack / "card.toml"
    card.write_text(
        card.read_text().replace(
            'reminders = ["Listen without judging.", "Be patient."]',
            f"reminders = {json.dumps([long] * 4)}",
        )
    )
    add_locale(mini)
    request = BuildRequest(root=mini.root, out=mini.root / "alone", countries=["GB"])
    build_docs(replace(request, locales=["fr"]))
    build_docs(replace(request, locales=["en"]))
    with pytest.raises(InputError) as caught:
        build_docs(replace(request, locales=["fr+en"], out=mini.root / "pair"))
    assert (
        "mini/GB/fr+en/card: card back does not fit even at 7 pt (card for GB in locale fr+en)"
        in (str(caught.value))
    )
    # The fix offers what prints both: a card in each language.
    assert "build with --locale fr and again with --locale en" in str(caught.value)
    assert not (mini.root / "pair" / "mini" / "GB" / "fr+en" / "card.pdf").exists()


def lefts_of(path: Path, page_index: int, text: str) -> list[float]:
    """The left edge (pt) of each place `text` is printed on a page."""
    textpage = pdfium.PdfDocument(path)[page_index].get_textpage()
    searcher = textpage.search(text, match_case=True)
    found = []
    while (match := searcher.get_next()) is not None:
        found.append(textpage.get_charbox(match[0])[0])
    return found


def test_a_front_too_full_for_both_dates_prints_the_second_one_on_the_back(
    tmp_path: Path,
) -> None:
    """Argentina's ar+en card sheet: three levels in two languages leave the front no room for
    both "numbers checked" dates, even run on at 7 pt. The English one prints on the back of
    the same card, at the English lines' left edge; every line still prints, and the build
    says what moved (CP6114)."""
    built = build_docs(
        BuildRequest(
            root=REPO,
            out=tmp_path,
            packs=["partner-support"],
            countries=["AR"],
            locales=["ar"],
            with_locale="en",
            products=["card-sheet"],
            today=data_day(),
        )
    )
    path = tmp_path / "partner-support" / "AR" / "ar+en" / "card-sheet.pdf"
    front, back = pdftotext_page(path, 1), pdftotext_page(path, 2)
    arabic = "تم التحقق من الأرقام في"
    assert front.count(arabic) == 10 and arabic not in back
    dates = re.findall(r"Numbers checked (\d{1,2} [A-Z][a-z]+ \d{4})", back)
    assert len(dates) == 10 and "Numbers checked" not in front
    moved = [w.message for w in built.warnings if w.code == "CP6114"]
    assert moved == [
        f'partner-support/AR/ar+en/card-sheet: the en line "Numbers checked {dates[0]}" printed '
        "on the back of the card so its front fits (the ar one prints on the front)"
    ]
    assert not [w for w in built.warnings if "left off" in w.message]  # nothing else gave way
    # Each English date starts where the English reminders do, not at the Arabic edge.
    english = sorted(round(x) for x in lefts_of(path, 1, "Look after yourself too."))
    assert sorted(round(x) for x in lefts_of(path, 1, "Numbers checked")) == english
