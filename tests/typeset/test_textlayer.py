"""The text layer: what pdftotext, pypdf (and a screen reader) read is the text that was set.

WeasyPrint 70.0 maps each glyph to the text of the first cluster it appeared in
(Kozea/WeasyPrint#2841), so shaped Arabic and Devanagari extracted as other letters while the
page looked right. These tests typeset a handout and a safety plan per shipped locale and
compare the extracted words with the words of the rendered source.

Each script is read back from its real documents (`SCRIPTS`); the other locales of a script
already read back are checked through a specimen of their own words
(`test_every_word_of_a_locale_reads_back`).
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
from collections import Counter
from datetime import date
from io import BytesIO
from pathlib import Path
from typing import Any

import pypdf
import pytest

from builder.model.project import Project, translator_for
from builder.render.boxspec import printed_text
from builder.render.document import Rendered
from builder.typeset import weasy
from builder.typeset.fonts import cjk_forms, font_dirs, font_face_css
from builder.typeset.weasy import Typesetter

from ..conftest import REPO, TIMEOUT
from ..layout import lay_out, lay_out_shared, render, write_shared

# A country that speaks each script's language; the others build for GB.
COUNTRY = {
    "ar": "EG",
    "hi": "IN",
    "uk": "UA",
    "de": "DE",
    "es": "ES",
    "fr": "FR",
    "pl": "PL",
    "pt_BR": "BR",
    "th": "TH",
}
SHIPPED = sorted(
    p.name for p in (REPO / "locales").iterdir() if (p / "LC_MESSAGES" / "content.po").is_file()
)
# One locale per script is read back from its real handout and safety plan; Persian beside
# Arabic for its own letters and the ezafe hamza, French for Latin words hyphenated at line ends.
SCRIPTS = {
    "Latin": "fr",
    "Cyrillic": "uk",
    "Greek": "el",
    "Arabic": "ar",
    "Persian": "fa",
    "Hebrew": "he",
    "Devanagari": "hi",
    "Bengali": "bn",
    "CJK": "ja",
    "Hangul": "ko",
    "Thai": "th",
}
# Every other shipped locale, with the script its words are in (`script_of`).
OTHERS = sorted(set(SHIPPED) - set(SCRIPTS.values()))


@pytest.fixture(scope="module")
def project(shipped_project: Project) -> Project:
    return shipped_project


def printed_source(rendered: Rendered) -> str:
    """The printed text of the rendered document. The page's <title> is metadata, not printed
    text (the safety plan's footer, for one, never names the pack)."""
    html = re.sub(r"<title>.*?</title>", "", rendered.html, flags=re.S)
    return printed_text(re.sub("<", " <", html))


def typeset(project: Project, locale: str, product: str) -> tuple[str, bytes]:
    """The printed source text and the PDF of one document, laid out afresh in this process
    and written as the pipeline writes it."""
    rendered, document, typesetter = lay_out(
        project, COUNTRY.get(locale, "GB"), translator_for(project, locale), product
    )
    pdf = typesetter.write(document, rendered.modified, pdf_variant=rendered.page.pdf_variant)
    return printed_source(rendered), pdf


_TYPESET: dict[tuple[str, str], tuple[str, bytes]] = {}


def typeset_once(project: Project, locale: str, product: str) -> tuple[str, bytes]:
    """typeset(), once per locale and product in this process: several tests read the same
    handout (Hindi, Arabic, Persian), and a layout takes seconds; the layout and the PDF are
    the ones the other tests of the same document use (they run back to back: `lays_out`),
    the footers' and, for GB, the contents page's. The test of byte-identical rebuilds
    compares it with a layout made afresh."""
    if (locale, product) not in _TYPESET:
        country, tr = COUNTRY.get(locale, "GB"), translator_for(project, locale)
        rendered, _, _ = lay_out_shared(project, country, tr, product)
        pdf = write_shared(project, country, tr, product)
        _TYPESET[locale, product] = printed_source(rendered), pdf
    return _TYPESET[locale, product]


def same_document(locale: str, product: str = "handout") -> pytest.MarkDecorator:
    """Marks a test that typesets this document (typeset_once), to run beside the other tests
    that lay it out."""
    return pytest.mark.lays_out((COUNTRY.get(locale, "GB"), locale, product))


# Web addresses, and the pieces pdftotext wraps them into (a slash or several hyphens).
URL = re.compile(r"\S*(?:/|-\S*-)\S*")
BIDI_CONTROLS = set("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def words(text: str) -> list[str]:
    """Runs of letters and marks, NFC; digits, punctuation and the bidi controls pdftotext
    puts around right-to-left runs separate words; other format characters (joiners) are
    dropped."""
    found: list[str] = []
    current: list[str] = []
    # Web addresses wrap at hyphens, which pdftotext joins up or splits: they are not words.
    for char in unicodedata.normalize("NFC", URL.sub(" ", text)):
        kind = unicodedata.category(char)
        if kind == "Cf" and char not in BIDI_CONTROLS:
            continue
        if kind[0] in "LM":
            current.append(char)
        elif current:
            found.append("".join(current))
            current = []
    if current:
        found.append("".join(current))
    return found


# Scripts whose lines may end inside a word: Chinese, Japanese, Korean, and Thai (written
# without spaces between words, so a line ends between two words that pdftotext joins).
CJK_LINE_BREAKS = re.compile("[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def without_harakat(word: str) -> str:
    """The letters without their marks; decomposed first, so a hamza read before the wrong
    letter ("شیؤه" for "شیوهٔ") cannot compose into another letter."""
    return "".join(
        c
        for c in unicodedata.normalize("NFD", word)
        if not ("\u064b" <= c <= "\u065f" or c == "\u0670")
    )


def pdftotext(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    ).stdout


def pypdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(BytesIO(pdf)).pages)


def letters(text: str) -> Counter[str]:
    """Letters and marks, decomposed: the same letters whatever order a reader puts a
    right-to-left mark in (a hamza read before its letter would compose into another)."""
    return Counter(
        c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c)[0] in "LM"
    )


def script_of(text: str) -> str:
    """The script of most letters of text, by Unicode name ("LATIN SMALL LETTER E")."""
    names = Counter(unicodedata.name(c, "?").split()[0] for c in text if c.isalpha())
    name = names.most_common(1)[0][0]
    return {
        "ARABIC": "Arabic",
        "CJK": "CJK",
        "HIRAGANA": "CJK",
        "KATAKANA": "CJK",
        "HANGUL": "Hangul",
    }.get(name, name.title())


@pytest.mark.lays_out.with_args(
    lambda locale, product: (COUNTRY.get(locale, "GB"), locale, product)
)
@pytest.mark.parametrize("product", ["handout", "safety-plan"])
@pytest.mark.parametrize("locale", sorted(SCRIPTS.values()))
def test_extracted_text_is_the_source_text(
    project: Project, tmp_path: Path, locale: str, product: str
) -> None:
    source, pdf = typeset_once(project, locale, product)
    expected = set(words(source))
    extracted = pdftotext(pdf, tmp_path)
    if CJK_LINE_BREAKS.search(source):
        # Chinese, Japanese and Korean lines may end inside a word, and pdftotext ends the
        # line there: compare what was read with the source with every space taken out. A
        # glyph mapped to another letter still gives a piece the source does not have.
        flat_source, flat_read = (re.sub(r"\s+", "", text) for text in (source, extracted))
        assert [w for w in words(extracted) if w not in flat_source] == []
        assert [w for w in words(source) if w not in flat_read] == []
        assert letters(pypdf_text(pdf)) == letters(extracted)
        return
    if locale in ("ar", "fa"):
        # pdftotext (poppler 22) reads a vowel mark on a right-to-left letter before its
        # letter; the marks are compared through pypdf's letters below.
        expected, found = (
            set(map(without_harakat, expected)),
            {without_harakat(w) for w in words(extracted)},
        )
    else:
        found = set(words(extracted))
    # pdftotext joins a word hyphenated at a line end ("soi-" / "même" reads "soimême").
    # Pairs may overlap ("कदम-दर-कदम" wraps as "दर-" / "कदम" as well as "कदम-" / "दर").
    # Read from the whole source: a word with two hyphens looks like a wrapped web address to
    # URL, yet pdftotext joins its last part at a line end all the same.
    for first, second in re.findall(r"(?<!\w)(?=(\w+)-(\w+))", source):
        if first + second in found:
            expected |= {first + second, first, second}
            found |= {first, second}
    # Every word pdftotext reads was printed: a glyph mapped to another letter makes a word
    # the source does not have ("فوفمجر" for "نوفمبر", "जोँचे" for "जाँचे"). Pieces of a
    # web address wrapped over lines are words of that address.
    addresses = " ".join(re.findall(r"https?://\S+", source))
    assert {word for word in found - expected if word not in addresses} == set()
    # ... and every word printed is read (a glyph mapped to nothing drops letters).
    assert expected - found == set()
    # pypdf reads the ToUnicode map alone (no /ActualText) and spaces words by its own
    # guess, so compare its letters, not its words: the same letters, marks included.
    assert letters(pypdf_text(pdf)) == letters(extracted)


def source_words(project: Project, locale: str) -> list[str]:
    """Every word the locale prints in its handout and safety plan, once each."""
    found: dict[str, None] = {}
    for product in ("handout", "safety-plan"):
        rendered = render(
            project, COUNTRY.get(locale, "GB"), translator_for(project, locale), product
        )
        found |= dict.fromkeys(words(printed_source(rendered)))
    return list(found)


def specimen(project: Project, locale: str, printed: list[str]) -> bytes:
    """The words, one space apart, in every face a document sets them in (regular, bold,
    oblique), in the documents' font stack and the locale's language and direction."""
    tr = translator_for(project, locale)
    text = " ".join(printed)
    html = (
        f'<html lang="{tr.code}" dir="{tr.direction}"><body style="hyphens: manual">'
        f'<p>{text}</p><p style="font-weight: 700">{text}</p>'
        f'<p style="font-style: italic">{text}</p></body></html>'
    )
    typesetter = Typesetter([project.templates, *font_dirs()])
    sheets = [
        typesetter.stylesheet("fonts", font_face_css(cjk_forms(tr.lang, "GB")), project.css),
        typesetter.stylesheet("base.css", (project.css / "base.css").read_text(), project.css),
    ]
    document, log = typesetter.layout(html, project.templates, sheets)
    assert log == []
    return typesetter.write(document, date(2026, 11, 22))


@pytest.mark.parametrize("locale", OTHERS)
def test_every_word_of_a_locale_reads_back(project: Project, tmp_path: Path, locale: str) -> None:
    """The text layer of a locale whose script is already read back from real documents.

    What breaks a text layer is a glyph that maps to the wrong text (Kozea/WeasyPrint#2841),
    and that depends on the font and on which clusters its words shape into: a property of the
    words and faces, not of the page they stand on. So every word this locale prints in either
    document is typeset in the same font stack, in each face the documents use, with the
    locale's language and direction, and read back by pdftotext and pypdf: a letter the font
    lacks, a ligature or conjunct of this language that maps to other text, or a mark that is
    lost fails here as it would in the real document. What depends on the page (words
    hyphenated at line ends, margin boxes, page furniture) does not depend on the language's
    words and is read back from the real documents of the script (`SCRIPTS`).
    """
    printed = source_words(project, locale)
    assert script_of(" ".join(printed)) in SCRIPTS, locale  # a new script needs real PDFs
    pdf = specimen(project, locale, printed)
    extracted = pdftotext(pdf, tmp_path)
    if CJK_LINE_BREAKS.search(" ".join(printed)):
        # Chinese lines end inside words: compare every letter, three times (one per face).
        once = letters(" ".join(printed))
        assert letters(extracted) == Counter({c: 3 * n for c, n in once.items()})
        assert letters(pypdf_text(pdf)) == letters(extracted)
        return
    read = words(extracted)
    assert set(read) - set(printed) == set()
    assert Counter(read) == Counter(printed * 3)  # every word, in each of the three faces
    assert letters(pypdf_text(pdf)) == letters(extracted)


@pytest.mark.parametrize(
    ("locale", "word"),
    [
        pytest.param("hi", "जाँचे", marks=same_document("hi")),
        pytest.param("ar", "نوفمبر", marks=same_document("ar")),
    ],
)
def test_one_glyph_in_two_clusters_keeps_both_texts(
    project: Project, tmp_path: Path, locale: str, word: str
) -> None:
    """The Hindi vowel sign ा and the Arabic dots: one glyph, different text per cluster."""
    source, pdf = typeset_once(project, locale, "handout")
    assert word in words(source)  # the footer's date line ("Numbers checked ...")
    assert word in words(pdftotext(pdf, tmp_path))
    assert word in words(pypdf_text(pdf))


@same_document("hi")
def test_rebuilds_are_byte_identical(project: Project) -> None:
    """Two layouts and writes of one document: the shared one, and one made afresh."""
    assert typeset_once(project, "hi", "handout")[1] == typeset(project, "hi", "handout")[1]


@same_document("fa")
def test_zero_width_joiners_keep_their_place(project: Project, tmp_path: Path) -> None:
    """Persian writes a zero-width non-joiner inside words ("می‌زند"). Pango draws it as no
    glyph; its text must still be read, in its place (#19: extracted text equals the source)."""
    source, pdf = typeset_once(project, "fa", "handout")
    joined = set(re.findall(r"\w+\u200c\w+", source))
    assert "می\u200cزند" in joined
    extracted = pdftotext(pdf, tmp_path)
    assert sorted(w for w in joined if w not in extracted) == []


class _Forgetful(dict[tuple[bytes, bytes, bytes, int], tuple[list[int], bool]]):
    """A _Codes.runs that keeps nothing: every run is coded afresh."""

    def __setitem__(self, key: tuple[bytes, bytes, bytes, int], value: object) -> None:
        pass


def _forgetful_codes(font: Any) -> Any:
    codes = _codes_of(font)
    codes.runs = _Forgetful()
    return codes


_codes_of = weasy._codes


@pytest.mark.parametrize(
    "locale", [pytest.param(lc, marks=same_document(lc, "safety-plan")) for lc in SCRIPTS.values()]
)
def test_text_layer_shortcuts_write_what_the_general_rule_writes(
    project: Project, monkeypatch: pytest.MonkeyPatch, locale: str
) -> None:
    """Runs of one glyph per cluster without marks or joiners skip the cluster merging
    (`weasy._plain`), and a run drawn again takes the codes it got before (`_Codes.runs`).
    With every run sent through the general rule, and with no run remembered, the PDF is the
    same."""
    rendered, document, typesetter = lay_out_shared(
        project, COUNTRY.get(locale, "GB"), translator_for(project, locale), "safety-plan"
    )
    shared_fonts = document.fonts
    pdfs = []
    try:
        for plain, codes in (
            (weasy._plain, weasy._codes),
            (lambda text: False, weasy._codes),
            (weasy._plain, _forgetful_codes),
        ):
            monkeypatch.setattr(weasy, "_plain", plain)
            monkeypatch.setattr(weasy, "_codes", codes)
            document.fonts = {}  # fonts (and their codes) made afresh, as in a first write
            pdfs.append(
                typesetter.write(document, rendered.modified, pdf_variant=rendered.page.pdf_variant)
            )
    finally:
        document.fonts = shared_fonts
    assert pdfs[1:] == [pdfs[0], pdfs[0]]
