"""Han characters in their readers' forms: one Noto Sans CJK face per document, chosen by its
language (#19). 骨 and 直 are drawn differently in Simplified Chinese, Traditional Chinese
and Japanese, so the glyph each PDF embeds for them shows which face was used."""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path
from typing import Any

import pypdf
import pytest
from babel.messages.pofile import read_po
from fontTools.pens.recordingPen import RecordingPen
from fontTools.ttLib import TTFont

from builder.base.errors import ProblemList
from builder.i18n.upkeep import render_po, update_locale
from builder.model.project import load_project
from builder.plan.request import BuildRequest
from builder.typeset.fonts import cjk_forms

from ..building import build_docs
from ..conftest import MiniProject

HAN = "骨直"
FORMS = {"zh_Hans": "SC", "zh_Hant": "TC", "ja": "JP"}


def han_catalogs(mini: MiniProject, locales: list[str]) -> None:
    """Every string of the mini pack in each locale reads 骨直 (placeholders kept)."""
    for locale in locales:
        update_locale(load_project(mini.root, ProblemList()), locale, "test")
        for domain in ("ui", "content"):
            path = mini.root / "locales" / locale / "LC_MESSAGES" / f"{domain}.po"
            catalog = read_po(path.open("rb"))
            for message in catalog:
                if message.id:
                    placeholders = " ".join(re.findall(r"%\(\w+\)s", str(message.id)))
                    message.string = f"{HAN} {placeholders}".strip()
            path.write_bytes(render_po(catalog))


def embedded_han(pdf: Path) -> dict[str, tuple[str, str]]:
    """For 骨 and 直 on page 1: the embedded font's name and the glyph's outline drawn by
    its regular face, read back from the font program inside the PDF."""
    found: dict[str, tuple[str, str]] = {}
    resources: Any = pypdf.PdfReader(pdf).pages[0]["/Resources"]
    for ref in resources["/Font"].values():
        font = ref.get_object()
        name = str(font["/BaseFont"]).split("+")[-1]
        if "CJK" not in name or name.endswith("Bold"):
            continue
        codes = _to_unicode(font["/ToUnicode"].get_object().get_data().decode("latin-1"))
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
        program = TTFont(BytesIO(descriptor["/FontFile3"].get_object().get_data()))
        glyphs = program.getGlyphSet()
        for code, text in codes.items():
            if text in HAN:
                pen = RecordingPen()
                glyphs[f"cid{code:05d}"].draw(pen)  # a CID-keyed CFF names glyphs by CID
                found[text] = (name, repr(pen.value))
    return found


def _to_unicode(cmap: str) -> dict[int, str]:
    """code -> text from a ToUnicode CMap's bfchar entries."""
    pairs: dict[int, str] = {}
    for code, text in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", cmap):
        if len(text) % 4 == 0:
            pairs[int(code, 16)] = bytes.fromhex(text).decode("utf-16-be", "replace")
    return pairs


@pytest.mark.parametrize(
    "lang,country,forms",
    [
        ("zh-Hans", "GB", "SC"),
        ("zh-Hant", "TW", "TC"),
        ("zh-Hant", "HK", "HK"),
        ("zh-Hant", "MO", "TC"),
        ("ja", "US", "JP"),
        ("ko", "GB", "KR"),
        ("en", "TW", "TC"),
        ("en", "CN", "SC"),
        ("en", "HK", "HK"),
        ("en", "JP", "JP"),
        ("fr", "FR", "JP"),
    ],
)
def test_forms_follow_the_language_then_the_country(lang: str, country: str, forms: str) -> None:
    assert cjk_forms(lang, country) == forms


def test_each_language_embeds_its_own_han_forms(mini: MiniProject) -> None:
    han_catalogs(mini, list(FORMS))
    built = build_docs(
        BuildRequest(
            root=mini.root,
            out=mini.root / "out",
            countries=["GB"],
            locales=list(FORMS),
            products=["handout"],
        )
    )
    found = {pdf.parent.name: embedded_han(pdf) for pdf in built.written}
    assert sorted(found) == sorted(FORMS)
    for locale, forms in FORMS.items():
        assert set(found[locale]) == set(HAN), locale
        assert {name for name, _ in found[locale].values()} == {f"Noto-Sans-CJK-{forms}"}
    # The outlines themselves differ: 骨 in all three, 直 between Chinese and Japanese.
    bone = {found[locale]["骨"][1] for locale in FORMS}
    assert len(bone) == 3
    assert found["zh_Hans"]["直"][1] != found["ja"]["直"][1]
