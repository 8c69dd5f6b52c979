"""Right-to-left documents: Arabic, Persian and Hebrew pages flow from the right, numbers stay
readable, the footer is mirrored."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from babel.messages.pofile import read_po

from builder.base.errors import ProblemList
from builder.i18n.upkeep import render_po, update_locale
from builder.model.project import load_project
from builder.plan.request import BuildRequest

from ..building import build_docs
from ..conftest import REPO, TIMEOUT, MiniProject

ARABIC = "نص عربي تجريبي"
# Per right-to-left locale: a sentence in its script, and the range of its letters.
RTL = {
    "ar": (ARABIC, ("\u0600", "\u06ff")),
    "fa": ("متن آزمایشی فارسی", ("\u0600", "\u06ff")),
    "he": ("טקסט עברי לניסיון", ("\u0590", "\u05ff")),
}
FOOTER_PT = 72  # the running footer is below this height on the page
PAGE_COUNTER = "Page %(page)s of %(pages)s"


def rtl_catalog(mini: MiniProject, locale: str) -> None:
    """Every string of the mini pack reads RTL[locale]'s sentence (placeholders kept)."""
    update_locale(load_project(mini.root, ProblemList()), locale, "test")
    for domain in ("ui", "content"):
        path = mini.root / "locales" / locale / "LC_MESSAGES" / f"{domain}.po"
        catalog = read_po(path.open("rb"))
        for message in catalog:
            if message.id == PAGE_COUNTER:
                message.string = "%(page)s / %(pages)s"  # no letters: told apart from the text
            elif message.id:
                placeholders = " ".join(re.findall(r"%\(\w+\)s", str(message.id)))
                message.string = f"{RTL[locale][0]} {placeholders}".strip()
        path.write_bytes(render_po(catalog))


def arabic_catalog(mini: MiniProject) -> None:
    rtl_catalog(mini, "ar")


def script_lines(
    pdf: Path, letters: tuple[str, str], page_index: int = 0, footer: bool = False
) -> tuple[float, list[tuple[float, float]]]:
    """Page width and the (left, right) extent in pt of each line holding letters of the
    script, from pdfium's character boxes (what the words say is checked with pdftotext
    below and in test_textlayer.py); the body's lines, or the running footer's."""
    page = pdfium.PdfDocument(pdf)[page_index]
    textpage = page.get_textpage()
    lines: dict[int, list[tuple[float, float]]] = {}
    for index in range(textpage.count_chars()):
        char = textpage.get_text_range(index, 1)
        if char and letters[0] <= char <= letters[1]:
            left, bottom, right, _top = textpage.get_charbox(index)
            if (bottom < FOOTER_PT) != footer:
                continue
            lines.setdefault(round(bottom / 4), []).append((left, right))
    extents = [(min(a for a, _ in v), max(b for _, b in v)) for v in lines.values()]
    return page.get_width(), extents


def arabic_lines(pdf: Path, page_index: int = 0) -> tuple[float, list[tuple[float, float]]]:
    return script_lines(pdf, RTL["ar"][1], page_index)


def counter_digits(pdf: Path) -> list[tuple[float, float]]:
    """(left, right) of each digit in page 1's footer: the page counter's ("1 / 9") and the
    date's."""
    textpage = pdfium.PdfDocument(pdf)[0].get_textpage()
    found = []
    for index in range(textpage.count_chars()):
        if textpage.get_text_range(index, 1).isdigit():
            left, bottom, right, _top = textpage.get_charbox(index)
            if bottom < FOOTER_PT:
                found.append((left, right))
    return found


@pytest.mark.parametrize("locale", sorted(RTL))
def test_right_to_left_handout_is_mirrored(mini: MiniProject, locale: str) -> None:
    sentence, letters = RTL[locale]
    rtl_catalog(mini, locale)
    result = build_docs(
        BuildRequest(
            root=mini.root,
            out=mini.root / "out",
            countries=["GB"],
            locales=[locale],
            products=["handout"],
        )
    )
    pdf = result.written[0]
    width, lines = script_lines(pdf, letters)
    assert len(lines) >= 5, f"{locale} text not found on page 1"
    for left, right in lines:
        # Short lines hug the right margin, not the left one.
        assert width - right < left, (locale, left, right, width)
    # The footer is mirrored: its text against the right margin, the page counter left of it.
    _, footer = script_lines(pdf, letters, footer=True)
    assert footer, f"{locale} footer not found"
    text_left = min(left for left, _ in footer)
    assert all(width - right < left for left, right in footer), (locale, footer)
    counter = [box for box in counter_digits(pdf) if box[1] < width / 3]
    assert counter and max(right for _, right in counter) < text_left, locale
    # The phone number keeps its digits in reading order inside right-to-left text.
    text = pdfium.PdfDocument(pdf)[0].get_textpage().get_text_range()
    assert "116 123" in text
    # The words read back are the catalog's, in reading order.
    read = subprocess.run(
        ["pdftotext", "-l", "1", str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    ).stdout
    assert sentence in read


def latin_lines(pdf: Path) -> list[str]:
    """Per line of every page, its Latin letters, digits and punctuation in the order they
    stand on the paper, left to right (pdftotext reorders mixed lines by its own rules)."""
    found = []
    document = pdfium.PdfDocument(pdf)
    for page in document:
        textpage = page.get_textpage()
        lines: dict[int, list[tuple[float, str]]] = {}
        for index in range(textpage.count_chars()):
            char = textpage.get_text_range(index, 1)
            if char.isascii() and char.strip():
                # The loose box spans the font's ascent to descent: one height per line.
                left, bottom, _right, _top = textpage.get_charbox(index, loose=True)
                lines.setdefault(round(bottom), []).append((left, char))
        found += ["".join(c for _, c in sorted(chars)) for _, chars in sorted(lines.items())]
    return found


def test_english_helpline_text_on_an_arabic_page_reads_left_to_right(mini: MiniProject) -> None:
    """Helpline text with no translation in the page's language prints in English: inside an
    Arabic line it keeps its own direction, so its punctuation stays where it was written
    (laid out right to left, "#Lifeline (adults)" printed as "Lifeline (adults)#", a wrapped
    note lost its comma to the other end of the line, and "111.nhs.uk" read "nhs.uk.111")."""
    arabic_catalog(mini)
    gb = mini.helplines / "GB.toml"
    gb.write_text(
        gb.read_text()
        .replace(
            'name = "Samaritans"',
            'name = "#Samaritans (UK)"\nwebsite = "https://111.samaritans.org"',
        )
        .replace('value = "116 123"', 'value = "116 123"\ninstruction = "then press 2, (adults)"')
    )
    result = build_docs(
        BuildRequest(
            root=mini.root,
            out=mini.root / "out",
            countries=["GB"],
            locales=["ar"],
            products=["handout", "card-sheet"],
        )
    )
    assert len(result.written) == 2
    for pdf in result.written:
        lines = latin_lines(pdf)
        assert any("#Samaritans(UK)" in line for line in lines), (pdf.name, lines)
        assert any("thenpress2,(adults)" in line for line in lines), (pdf.name, lines)
    # The help page's address, a line of its own, reads as written (not "samaritans.org.111").
    assert "111.samaritans.org" in latin_lines(result.written[0])


# A local name with punctuation at its start, as JP's "#いのちSOS".
LOCAL_NAME = 'name = "Samaritans"\nname_local = "#いのちSOS"'


def test_a_local_name_on_a_right_to_left_page_keeps_its_own_direction(mini: MiniProject) -> None:
    """A helpline's local name ("#いのちSOS" beside "#Inochi SOS (LifeLink)") is printed in
    brackets after its name; on an Arabic page it printed as "(いのちSOS#)", and a long one
    broke with its brackets swapped across the line ("こころの健康相談)" then "(統一ダイヤル")."""
    arabic_catalog(mini)
    gb = mini.helplines / "GB.toml"
    gb.write_text(gb.read_text().replace('name = "Samaritans"', LOCAL_NAME))
    result = build_docs(
        BuildRequest(
            root=mini.root,
            out=mini.root / "out",
            countries=["GB"],
            locales=["ar"],
            products=["handout"],
        )
    )
    lines = latin_lines(result.written[0])
    assert any("(#SOS)" in line for line in lines), lines
    assert not any("SOS#" in line for line in lines), lines


EXAMPLE_CLINIC = REPO / "examples" / "clinic"


def with_quick_guide(mini: MiniProject) -> None:
    """The mini pack with the shipped quick guide (and the levels it prints) as a product."""
    shutil.copy(REPO / "packs" / "partner-support" / "levels.toml", mini.pack)
    shutil.copy(REPO / "packs" / "partner-support" / "quick-guide.toml", mini.pack)
    mini.write_pack(["first", "help"], products=["handout", "quick-guide"])


def quick_guide(mini: MiniProject, locale: str, overlay: Path) -> Path:
    """The mini pack's one quick guide in locale, built with the clinic overlay."""
    result = build_docs(
        BuildRequest(
            root=mini.root,
            out=mini.root / "out",
            overlay=overlay,
            locales=[locale],
            products=["quick-guide"],
        )
    )
    (guide,) = result.written
    return guide


def test_the_clinic_hours_read_the_same_on_both_sides_of_a_hebrew_quick_guide(
    mini: MiniProject,
) -> None:
    """The example clinic opens 09:00 to 17:00. On a Hebrew quick guide the front's clinic band
    printed "9:00–17:00" and the back's box "17:00–9:00": its hours lacked the left-to-right
    number runs every other place gives them."""
    with_quick_guide(mini)
    rtl_catalog(mini, "he")
    guide = quick_guide(mini, "he", EXAMPLE_CLINIC)
    hours = [line for line in latin_lines(guide) if "17:00" in line]
    assert len(hours) == 2, hours  # the front's band and the back's box
    assert all("9:0017:00" in line for line in hours), hours


def test_a_clinic_name_in_the_band_keeps_its_own_direction(mini: MiniProject) -> None:
    """The band at the top of the quick guide and handout ('Given to you by' and the clinic)
    printed "#1 Family Clinic (example)" as "Family Clinic (example) #1" on an Arabic page;
    the back's box, the card and the plan already kept the name's own direction."""
    with_quick_guide(mini)
    arabic_catalog(mini)
    clinic = shutil.copytree(EXAMPLE_CLINIC, mini.root / "clinic")
    settings = clinic / "careprint.toml"
    settings.write_text(
        re.sub(r'(?m)^name = ".*"$', 'name = "#1 Family Clinic (example)"', settings.read_text())
    )
    guide = quick_guide(mini, "ar", clinic)
    names = [line for line in latin_lines(guide) if "Family" in line]
    assert len(names) == 2, names  # the front's band and the back's box
    assert all("#1FamilyClinic(example)" in line for line in names), names


def test_a_clinic_s_hours_in_english_read_in_order_on_an_arabic_page(mini: MiniProject) -> None:
    """A clinic that writes its hours in free English text had them scrambled on an Arabic
    quick guide, card and handout ("pm; out of hours ring the duty5 am to9 Weekdays"): they
    were laid out right to left around their digits, where every helpline's hours (and the
    safety plan's clinic hours) run in their own direction."""
    with_quick_guide(mini)
    arabic_catalog(mini)
    clinic = shutil.copytree(EXAMPLE_CLINIC, mini.root / "clinic")
    settings = clinic / "careprint.toml"
    text = settings.read_text()
    settings.write_text(
        text[: text.index("[[contact.opening]]")] + 'hours_note = "Weekdays 9am to 5pm"\n'
    )
    guide = quick_guide(mini, "ar", clinic)
    hours = [line for line in latin_lines(guide) if "Weekdays" in line]
    assert len(hours) == 2, hours  # the front's band and the back's box
    assert all("Weekdays9amto5pm" in line for line in hours), hours


# An English note beside the clinic's opening ranges: a range, a comma, a closing full stop.
CLINIC_NOTE = "Mon-Fri 9:00-17:00, closed bank holidays."
CLINIC_PRODUCTS = ["handout", "quick-guide", "card", "card-sheet", "card-fold", "safety-plan"]


def test_a_clinic_s_english_note_beside_its_hours_keeps_its_own_direction(
    mini: MiniProject,
) -> None:
    """A clinic's opening ranges print in the page's language, joined with its free-text note.
    On an Arabic page the English note was laid out in the page's right-to-left run, so it
    read ",9:00-17:00 Mon-Fri" and ".closed bank holidays" on every product that prints the
    clinic's hours; it is now set in its own direction, as the helplines' notes are."""
    shutil.copy(REPO / "packs" / "partner-support" / "levels.toml", mini.pack)
    shutil.copy(REPO / "packs" / "partner-support" / "quick-guide.toml", mini.pack)
    shutil.copy(REPO / "packs" / "partner-support" / "safety-plan.toml", mini.pack)
    mini.write_pack(["first", "help"], products=CLINIC_PRODUCTS)
    arabic_catalog(mini)
    clinic = shutil.copytree(EXAMPLE_CLINIC, mini.root / "clinic")
    settings = clinic / "careprint.toml"
    text = settings.read_text()
    assert "[[contact.opening]]" in text  # the note stands beside opening ranges
    settings.write_text(text.replace("[contact]\n", f'[contact]\nhours_note = "{CLINIC_NOTE}"\n'))
    result = build_docs(
        BuildRequest(
            root=mini.root,
            out=mini.root / "out",
            overlay=clinic,
            locales=["ar"],
            products=CLINIC_PRODUCTS,
        )
    )
    assert sorted(pdf.stem for pdf in result.written) == sorted(CLINIC_PRODUCTS)
    for pdf in result.written:
        lines = latin_lines(pdf)
        if pdf.stem == "card-fold":
            # The fold card's back, where the clinic prints, is turned 180 degrees on the sheet.
            lines = [line[::-1] for line in lines]
        starts = [line for line in lines if "Mon-Fri" in line]
        ends = [line for line in lines if "holidays" in line]
        assert starts and ends, (pdf.name, lines)
        # Left to right on the paper (a card sheet's line crosses two cards): the days, then
        # their times and the comma after them; the full stop after the last word, not before
        # the note's first words.
        assert all(line.count("Mon-Fri") == line.count("Mon-Fri9:00-17:00,") for line in starts), (
            pdf.name,
            starts,
        )
        assert all(line.count("holidays") == line.count("holidays.") for line in ends), (
            pdf.name,
            ends,
        )
