"""The one place that lays out and writes with WeasyPrint.

Fetching is locked to the project's own asset folders; WeasyPrint's log is captured per document
and any warning (a missing glyph, a refused fetch, ignored CSS) fails that document. What a
layout is checked for afterwards is in layoutfaults.py.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import weasyprint
from weasyprint.draw import text as _weasy_text
from weasyprint.layout.absolute import AbsolutePlaceholder
from weasyprint.logger import LOGGER
from weasyprint.pdf import fonts as _weasy_fonts
from weasyprint.pdf import tags as _weasy_tags
from weasyprint.text.ffi import ffi, pango
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher

from builder.base.errors import CareprintError, SetupError
from builder.typeset.fonts import use_pinned_fonts

TEXT_LAYER_WEASYPRINT = "70.0"
_weasy_draw_first_line = _weasy_text.draw_first_line
_weasy_clean = _weasy_fonts.Font.clean
_weasy_vector_font = _weasy_fonts._build_vector_font_dictionary
_weasy_box_tree = _weasy_tags._build_box_tree


class RefusedFetch(FatalURLFetchingError):  # type: ignore[misc]
    """A template or content asked for something outside the allowed folders."""


class TypesetError(CareprintError):
    """Layout went wrong in a way the reader would see: lost text, tofu, a refused file."""


class LockedFetcher(URLFetcher):  # type: ignore[misc]
    """Reads file: URLs under the allowed folders and data: URLs; refuses everything else."""

    def __init__(self, allowed: Sequence[Path]):
        super().__init__(
            timeout=5,
            allowed_protocols={"file", "data"},
            allow_redirects=False,
            fail_on_errors=True,
        )
        self.allowed = tuple(p.resolve() for p in allowed)

    def fetch(self, url: str, headers: object = None) -> object:
        parsed = urlparse(url)
        if parsed.scheme == "file":
            path = Path(unquote(parsed.path)).resolve()
            if not any(path.is_relative_to(root) for root in self.allowed):
                raise RefusedFetch(f"refused to read {path}: outside the project's asset folders")
        elif parsed.scheme != "data":
            raise RefusedFetch(f"refused to fetch {url}: only local assets are allowed")
        return super().fetch(url, headers)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def captured_log() -> Iterator[list[str]]:
    logger = logging.getLogger("weasyprint")
    handler = _Collect()
    logger.addHandler(handler)
    previous = logger.propagate
    logger.propagate = False
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = previous


@contextmanager
def source_date(day: date) -> Iterator[None]:
    """fontTools stamps the fonts it rewrites (variable fonts made static) with the clock unless
    SOURCE_DATE_EPOCH is set; a value the caller already set wins."""
    if "SOURCE_DATE_EPOCH" in os.environ:
        yield
        return
    stamp = datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp()
    os.environ["SOURCE_DATE_EPOCH"] = str(int(stamp))
    try:
        yield
    finally:
        os.environ.pop("SOURCE_DATE_EPOCH", None)


class Typesetter:
    """Reuses one font configuration and parsed stylesheets across documents."""

    def __init__(self, allowed: Sequence[Path]):
        use_pinned_fonts()
        _install_text_layer()
        self.fetcher = LockedFetcher(allowed)
        self.font_config = FontConfiguration()
        self._css: dict[str, weasyprint.CSS] = {}

    def close(self) -> None:
        folder = getattr(self.font_config, "_folder", None)
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)

    def stylesheet(self, key: str, text: str, base_url: Path) -> weasyprint.CSS:
        if key not in self._css:
            with captured_log() as messages:
                try:
                    sheet = weasyprint.CSS(
                        string=text,
                        base_url=base_url.as_uri() + "/",
                        url_fetcher=self.fetcher,
                        font_config=self.font_config,
                    )
                except RefusedFetch as exc:
                    raise TypesetError("CP6003", f"stylesheet {key}: {exc}") from None
            if messages:
                raise TypesetError("CP6112", f"stylesheet {key}: " + "; ".join(messages))
            self._css[key] = sheet
        return self._css[key]

    def layout(
        self, html: str, base_url: Path, stylesheets: Sequence[weasyprint.CSS]
    ) -> tuple[weasyprint.Document, list[str]]:
        """Lay a document out; return it with every warning WeasyPrint logged."""
        with captured_log() as messages:
            try:
                document = weasyprint.HTML(
                    string=html, base_url=base_url.as_uri() + "/", url_fetcher=self.fetcher
                ).render(stylesheets=list(stylesheets), font_config=self.font_config)
            except RefusedFetch as exc:
                raise TypesetError("CP6003", str(exc)) from None
        return document, list(messages)

    def write(self, document: weasyprint.Document, day: date, **options: object) -> bytes:
        """The PDF bytes; `day` (from the inputs) stands in for the clock, so builds repeat."""
        with captured_log() as messages, source_date(day):
            pdf = document.write_pdf(**options)
        if messages:
            raise TypesetError("CP6105", "; ".join(messages))
        assert isinstance(pdf, bytes)
        return pdf


# The text layer (Kozea/WeasyPrint#2841), fixed here by rewriting what WeasyPrint draws.
#
# WeasyPrint 70.0 maps each glyph id to the text of the first cluster it was drawn in. In
# Arabic and Devanagari one glyph stands for different text in different clusters (the dots of
# ف and ن, a vowel sign drawn before its consonant), so pdftotext, pypdf and screen readers
# read other letters while the page looked right. Two changes, both after WeasyPrint draws a
# line and before it writes the PDF:
# - Every distinct (glyph, cluster text) pair of a TrueType font gets its own CID: the first
#   keeps the glyph id, later ones get CIDs after the font's last glyph. A CIDToGIDMap sends
#   each CID to its glyph, the widths are copied, and the ToUnicode CMap gives each CID its own
#   text. A cluster's text goes to its widest glyph; its marks join the letter they sit on.
# - A left-to-right line with a cluster of several glyphs (Devanagari) is wrapped in a span
#   with /ActualText, so poppler does not read the gap left by a glyph that stands for nothing
#   as a space. Not on right-to-left lines: poppler and pdfium reverse /ActualText there.
# CIDs are handed out in drawing order, so rebuilds stay byte-identical. CFF fonts (only CJK
# here) have no CIDToGIDMap and keep WeasyPrint's table. Known limits: poppler reads an Arabic
# vowel mark before the letter it sits on, and pdfium shows a glyph that stands for nothing
# (a dot drawn apart from its letter) as a stray character.

# Extra CIDs start this far after the last glyph, clear of the ids WeasyPrint gives missing
# glyphs (a document with a missing glyph fails anyway).
_EXTRA_CID_GAP = 256
_GLYPH_RUN = re.compile(rb"<([0-9a-f]*)>")


class _Codes:
    """Per WeasyPrint font object: the text a glyph id stands for, and the extra codes."""

    def __init__(self) -> None:
        self.own_text: dict[int, str] = {}
        self.extra: dict[tuple[int, str], int] = {}
        self.glyph_of: dict[int, int] = {}

    def code(self, font: Any, glyph: int, text: str) -> int:
        if self.own_text.setdefault(glyph, text) == text:
            font.to_unicode[glyph] = text
            return glyph
        if (glyph, text) not in self.extra:
            cid = font.glyph_count + _EXTRA_CID_GAP + len(self.extra)
            if cid > 0xFFFF:
                # Logged, so the document fails rather than carry a wrong text layer.
                LOGGER.warning("careprint ran out of character codes for %s", font.name)
                return glyph
            self.extra[glyph, text] = cid
            self.glyph_of[cid] = glyph
            font.to_unicode[cid] = text
            font.widths[cid] = font.widths[glyph]
        return self.extra[glyph, text]


# Drawn as nothing, but part of the words: ZWNJ (U+200C) and ZWJ (U+200D).
_JOINERS = frozenset("\u200c\u200d")


def _codes(font: Any) -> _Codes:
    codes = getattr(font, "careprint_codes", None)
    if codes is None:
        codes = font.careprint_codes = _Codes()
    return codes


def _cluster_texts(glyph_item: Any, utf8: bytes) -> list[str]:
    """The text each glyph of a shaped run stands for.

    A cluster's text goes to its widest drawn glyph (the letter, not a dot or vowel sign drawn
    over it) and the others stand for nothing, so extractors that place words by glyph
    position see one letter per advance. A cluster of combining marks alone (Arabic tanween,
    shadda, kasra: Pango shapes them as clusters of their own) joins the letter it sits on,
    or its text would be placed where the mark is drawn, above or below the line. A zero-width
    non-joiner or joiner (Persian "می‌زند") is drawn as no glyph at all, so its text joins the
    letter before it: extracted text keeps it where the source has it."""
    string = glyph_item.glyphs
    count, clusters = string.num_glyphs, string.log_clusters
    offset, length = glyph_item.item.offset, glyph_item.item.length
    rtl = glyph_item.item.analysis.level % 2
    # Clusters in drawing order, each as [first glyph, last glyph, text].
    groups: list[list[Any]] = []
    i = 0
    while i < count:
        j = i
        while j + 1 < count and clusters[j + 1] == clusters[i]:
            j += 1
        # Right to left, a cluster ends where the one drawn before it (to its left) starts.
        if rtl:
            end = length if i == 0 else clusters[i - 1]
        else:
            end = length if j == count - 1 else clusters[j + 1]
        groups.append([i, j, utf8[offset + clusters[i] : offset + end].decode()])
        i = j + 1
    merged: list[list[Any]] = []
    pending = ""  # joiners read before any letter of the run: they go to the next cluster
    for group in reversed(groups) if rtl else groups:  # in reading order
        text = group[2]
        joiners = bool(text) and all(c in _JOINERS for c in text)
        if merged and text and (joiners or all(unicodedata.category(c)[0] == "M" for c in text)):
            last = merged[-1]
            last[0], last[1] = min(last[0], group[0]), max(last[1], group[1])
            # Poppler and pdfium reverse a right-to-left line character by character, the
            # text of each glyph included: a joiner stored before its letter reads after it.
            last[2] = text + last[2] if joiners and rtl else last[2] + text
        elif joiners:
            pending += text
        else:
            merged.append([group[0], group[1], pending + text])
            pending = ""
    texts = [""] * count
    for first, last, text in merged:
        drawn = [
            k for k in range(first, last + 1) if string.glyphs[k].glyph != pango.PANGO_GLYPH_EMPTY
        ]
        if drawn:
            texts[max(drawn, key=lambda k: string.glyphs[k].geometry.width)] = text
    return texts


def _line_codes(stream: Any, textbox: Any) -> tuple[list[int], bool] | None:
    """The code of every glyph WeasyPrint drew for the first line of textbox, in drawing
    order, and whether the line is left-to-right with a cluster of several drawn glyphs (a
    Devanagari vowel sign drawn before its consonant); None for lines in bitmap (emoji)
    fonts, which keep WeasyPrint's mapping."""
    line, _ = textbox.pango_layout.get_first_line()
    utf8 = textbox.pango_layout.text.encode()
    codes: list[int] = []
    ltr, clustered = True, False
    run = line.runs[0]
    while run != ffi.NULL:
        glyph_item = run.data
        run = run.next
        font, _size = stream.add_font(glyph_item.item.analysis.font)
        if font.bitmap:
            return None
        remap = font.type == "ttf"
        texts = _cluster_texts(glyph_item, utf8)
        ltr = ltr and not glyph_item.item.analysis.level % 2
        drawn = sum(
            glyph_item.glyphs.glyphs[i].glyph != pango.PANGO_GLYPH_EMPTY for i in range(len(texts))
        )
        clustered = clustered or drawn > sum(1 for text in texts if text)
        for i, text in enumerate(texts):
            glyph = glyph_item.glyphs.glyphs[i].glyph
            if glyph == pango.PANGO_GLYPH_EMPTY:
                continue
            if glyph & pango.PANGO_GLYPH_UNKNOWN_FLAG:
                glyph = font.get_unused_glyph_id(glyph - pango.PANGO_GLYPH_UNKNOWN_FLAG)
            codes.append(_codes(font).code(font, glyph, text) if remap else glyph)
    return codes, ltr and clustered


def _actual_text(textbox: Any) -> bytes:
    """Opens a span whose /ActualText is the line's text. Poppler and pdfium place words by
    glyph position, so a glyph that stands for nothing (a vowel sign drawn before its
    consonant) leaves a gap they read as a space; /ActualText gives them the words. Only for
    left-to-right lines: both reverse an /ActualText found on a right-to-left line."""
    line, _ = textbox.pango_layout.get_first_line()
    utf8: bytes = textbox.pango_layout.text.encode()
    text = utf8[line.start_index : line.start_index + line.length].decode()
    return b"/Span <</ActualText <feff" + text.encode("utf-16-be").hex().encode() + b">>> BDC"


def _recode(entries: list[Any], codes: list[int]) -> list[bytes] | None:
    """entries (content stream operators) with the glyph ids of their TJ arrays replaced by
    codes, in order; None if the glyph count does not match the codes."""
    queue = iter(codes)
    matched = 0

    def replace(match: re.Match[bytes]) -> bytes:
        nonlocal matched
        hexes = match.group(1)
        out = []
        for _ in range(0, len(hexes), 4):
            out.append(b"%04x" % next(queue, 0))
            matched += 1
        return b"<" + b"".join(out) + b">"

    recoded = [
        _GLYPH_RUN.sub(replace, entry)
        if isinstance(entry, bytes) and entry.endswith(b" TJ")
        else entry
        for entry in entries
    ]
    return recoded if matched == len(codes) else None


def _draw_first_line(stream: Any, textbox: Any, *args: Any) -> Any:
    start = len(stream.stream)
    result = _weasy_draw_first_line(stream, textbox, *args)
    if not textbox.text.strip() or textbox.style["font_size"] < 1e-6:
        return result  # WeasyPrint draws nothing for these
    line = _line_codes(stream, textbox)
    if line is not None:
        codes, clustered = line
        recoded = _recode(stream.stream[start:], codes)
        if recoded is None:
            # Logged as a warning, so the document fails instead of carrying a wrong text layer.
            LOGGER.warning("careprint could not map the text layer of %r", textbox.text)
        elif clustered:
            stream.stream[start:] = [_actual_text(textbox), *recoded, b"EMC"]
        else:
            stream.stream[start:] = recoded
    return result


def _clean(font: Any, to_unicode: dict[int, str], hinting: Any) -> Any:
    """Subset with real glyph ids only: the extra codes are not glyphs."""
    real = {
        code: text
        for code, text in to_unicode.items()
        if code < font.glyph_count or code in font.missing.values()
    }
    return _weasy_clean(font, real, hinting)


def _vector_font(
    font_dictionary: Any, pdf: Any, font: Any, widths: Any, compress: bool, *args: Any
) -> None:
    """WeasyPrint's font dictionary, with a CIDToGIDMap that sends extra CIDs to glyphs."""
    _weasy_vector_font(font_dictionary, pdf, font, widths, compress, *args)
    codes = getattr(font, "careprint_codes", None)
    if codes is None or not codes.glyph_of:
        return
    cid_font = next(
        obj
        for obj in reversed(pdf.objects)
        if isinstance(obj, dict)
        and obj.get("Subtype") == "/CIDFontType2"
        and obj.get("BaseFont") == font.name
    )
    table = bytearray(2 * (max(codes.glyph_of) + 1))
    for cid in range(len(table) // 2):
        table[2 * cid : 2 * cid + 2] = codes.glyph_of.get(cid, cid).to_bytes(2, "big")
    cid_to_gid = _weasy_fonts.pydyf.Stream([bytes(table)], compress=compress)
    pdf.add_object(cid_to_gid)
    cid_font["CIDToGIDMap"] = cid_to_gid.reference


def _box_tree(box: Any, *args: Any) -> Any:
    """WeasyPrint's structure elements for a box, with /Lang when the box's element has a
    lang attribute of its own. WeasyPrint 70.0 writes the document's language only, so a block
    in another language (a bilingual card's second language) would be read in the first
    language's voice. Structure elements inherit /Lang, so the element's text gets it too."""
    element = (box._box if isinstance(box, AbsolutePlaceholder) else box).element
    lang = None
    if element is not None and element.tag not in ("html", "body"):
        lang = element.get("lang")
    for item in _weasy_box_tree(box, *args):
        if lang and item.get("P") is not None:
            item["Lang"] = _weasy_fonts.pydyf.String(lang)
        yield item


def _install_text_layer() -> None:
    if weasyprint.__version__ != TEXT_LAYER_WEASYPRINT:
        raise SetupError(
            "CP6203",
            f"careprint's text-layer fix was written for WeasyPrint "
            f"{TEXT_LAYER_WEASYPRINT}, found {weasyprint.__version__}; check "
            "Kozea/WeasyPrint#2841 and builder/typeset.py before changing the pin",
        )
    if _weasy_text.draw_first_line is _draw_first_line:
        return
    _weasy_text.draw_first_line = _draw_first_line
    _weasy_fonts.Font.clean = _clean
    _weasy_fonts._build_vector_font_dictionary = _vector_font
    _weasy_tags._build_box_tree = _box_tree
