"""Bilingual editions: the handout in two languages on facing pages (`--locale es+en`, or
`--with en`).

Each language is typeset as its own handout, so each keeps its own direction, fonts, footer,
draft notice and checks; the pages are then put together: page 1 a title page in both
languages, then spreads, the first language on the left page and the second on the right.
Every section (the cover, each module) starts on a new spread: a first layout of each language
measures how many pages each section takes, and the shorter side of a section gets blank pages
so both sides stay aligned. The second layout numbers pages as they will be in the edition
(left pages even, right pages odd; the contents list and footers follow), then its pages are
interleaved. WeasyPrint tags only the whole document with one language, so every structure
element of the written PDF gets the /Lang of the page it is on.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, TextStringObject

PAIR = "+"
# Products with a bilingual edition; others are built one language at a time.
PAIR_PRODUCTS = ("handout",)


def locale_parts(locale: str) -> tuple[str, ...]:
    """"es+en" -> ("es", "en"); a single locale -> (locale,)."""
    return tuple(locale.split(PAIR))


def is_pair(locale: str) -> bool:
    return PAIR in locale


def pair_of(locale: str, with_locale: str | None) -> str:
    """The edition a build makes for `locale` given `--with`: the pair, or the locale alone
    when it is the --with language itself (or no --with was given)."""
    if not with_locale or locale == with_locale or is_pair(locale):
        return locale
    return f"{locale}{PAIR}{with_locale}"


@dataclass(frozen=True)
class Facing:
    """What one side's handout needs to be laid out as half of a facing-pages edition."""

    side: str  # "left" (first language, with the title page) or "right"
    pads: dict[str, int]  # blank pages after each section ("cover" or a module id)
    total: int  # pages in the edition; 0 on the measuring layout
    other_title: str = ""  # the title page's second title (left side only)
    other_subtitle: str = ""
    other_lang: str = ""
    other_dir: str = "ltr"

    @property
    def numbered(self) -> bool:
        return self.total > 0


def section_starts(anchors: Sequence[Sequence[str]], sections: Sequence[str]) -> list[int]:
    """The page index where each section starts, from each page's anchor names ("m-<id>" for
    a module; the cover starts at the first page after the title page, if any)."""
    starts = []
    for section in sections:
        if section == "cover":
            starts.append(next(i for i, names in enumerate(anchors) if "cover" in names))
            continue
        starts.append(next(i for i, names in enumerate(anchors) if f"m-{section}" in names))
    return starts


def section_lengths(anchors: Sequence[Sequence[str]], sections: Sequence[str]) -> list[int]:
    starts = section_starts(anchors, sections)
    ends = [*starts[1:], len(anchors)]
    return [end - start for start, end in zip(starts, ends, strict=True)]


def pads_for(left: list[int], right: list[int]) -> tuple[list[int], list[int]]:
    """Blank pages each side needs after each section for both to take as many pages."""
    wide = [max(a, b) for a, b in zip(left, right, strict=True)]
    return [w - a for w, a in zip(wide, left, strict=True)], \
        [w - b for w, b in zip(wide, right, strict=True)]


def interleave(title: object, left: Sequence[object], right: Sequence[object]) -> list[object]:
    """The edition's pages: the title page, then each spread, left then right."""
    if len(left) != len(right):
        raise ValueError(f"{len(left)} left pages but {len(right)} right pages")
    pages = [title]
    for pair in zip(left, right, strict=True):
        pages.extend(pair)
    return pages


def tag_languages(pdf: bytes, page_langs: Sequence[str]) -> bytes:
    """Give every structure element the /Lang of the page it sits on (WeasyPrint writes only
    the document's), so a screen reader switches voice at each page of the other language."""
    reader = PdfReader(io.BytesIO(pdf))
    writer = PdfWriter(clone_from=reader)
    lang_of = {page.indirect_reference.idnum: lang  # type: ignore[union-attr]
               for page, lang in zip(writer.pages, page_langs, strict=True)}
    root = writer.root_object
    if "/StructTreeRoot" not in root:
        raise ValueError("the edition has no tagged structure to mark with languages")
    stack: list[Any] = [root["/StructTreeRoot"]]
    while stack:
        node: Any = stack.pop()
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, list):
            stack.extend(node)
            continue
        if not isinstance(node, dict):
            continue
        page = node.get("/Pg")
        if page is not None and page.idnum in lang_of:
            node[NameObject("/Lang")] = TextStringObject(lang_of[page.idnum])
        if "/K" in node:
            stack.append(node["/K"])
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
