"""The one place that lays out and writes with WeasyPrint.

Fetching is locked to the project's own asset folders; WeasyPrint's log is captured per document
and any warning (a missing glyph, a refused fetch, ignored CSS) fails that document. What a
layout is checked for afterwards is in layoutfaults.py.
"""

from __future__ import annotations

import functools
import logging
import os
import re
import shutil
import struct
import sys
import unicodedata
from array import array
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
from builder.typeset.pageboxes import bleed_box

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

    def refusal(self, url: str) -> str | None:
        """Why url may not be read, or None: what `fetch` refuses, and what `check` reports."""
        parsed = urlparse(url)
        if parsed.scheme == "file":
            path = Path(unquote(parsed.path)).resolve()
            if not any(path.is_relative_to(root) for root in self.allowed):
                return f"refused to read {path}: outside the project's asset folders"
        elif parsed.scheme != "data":
            return f"refused to fetch {url}: only local assets are allowed"
        return None

    def fetch(self, url: str, headers: object = None) -> object:
        refusal = self.refusal(url)
        if refusal is not None:
            raise RefusedFetch(refusal)
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


def parse_stylesheet(
    text: str,
    base_url: Path,
    fetcher: LockedFetcher,
    font_config: FontConfiguration | None = None,
) -> tuple[weasyprint.CSS, list[str]]:
    """A stylesheet as WeasyPrint reads it, with everything it logged (each of which fails the
    build): the one parse both `build` and `check --overlay` run. Raises RefusedFetch."""
    with captured_log() as messages:
        sheet = weasyprint.CSS(
            string=text,
            base_url=base_url.as_uri() + "/",
            url_fetcher=fetcher,
            font_config=font_config,
        )
    return sheet, list(messages)


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

    def stylesheet(
        self, key: str, text: str, base_url: Path, shown: str | None = None
    ) -> weasyprint.CSS:
        """Parsed once per key; a problem names the sheet as `shown` (its file), else key."""
        shown = shown or key
        if key not in self._css:
            try:
                sheet, messages = parse_stylesheet(text, base_url, self.fetcher, self.font_config)
            except RefusedFetch as exc:
                raise TypesetError("CP6003", f"stylesheet {shown}: {exc}") from None
            if messages:
                raise TypesetError("CP6112", f"stylesheet {shown}: " + "; ".join(messages))
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

    def write(
        self,
        document: weasyprint.Document,
        day: date,
        bleed_mm: float | None = None,
        **options: object,
    ) -> bytes:
        """The PDF bytes; `day` (from the inputs) stands in for the clock, so builds repeat.
        With `bleed_mm` (a print shop's page), each BleedBox is that far outside the trim."""
        if bleed_mm is not None:
            options["finisher"] = bleed_box(bleed_mm)
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
_EMPTY = pango.PANGO_GLYPH_EMPTY
_UNKNOWN = pango.PANGO_GLYPH_UNKNOWN_FLAG
# A PangoGlyphInfo as 32-bit words (the glyph id, its geometry, its attributes): a run's glyphs
# are read in one go, not field by field through cffi, which cost more than the rest together.
_INFO_WORDS = ffi.sizeof("PangoGlyphInfo") // 4
_GLYPH_WORD = ffi.offsetof("PangoGlyphInfo", "glyph") // 4
_WIDTH_WORD = (
    ffi.offsetof("PangoGlyphInfo", "geometry") + ffi.offsetof("PangoGlyphGeometry", "width")
) // 4


class _Codes:
    """Per WeasyPrint font object: the text a glyph id stands for, and the extra codes."""

    def __init__(self) -> None:
        self.own_text: dict[int, str] = {}
        self.extra: dict[tuple[int, str], int] = {}
        self.glyph_of: dict[int, int] = {}
        # Each run coded so far (its glyphs, clusters, text and direction): its codes, and
        # whether it has a cluster of several drawn glyphs. A run drawn again (a card on a
        # sheet, a running footer) gets the same codes: its pairs all have their codes.
        self.runs: dict[tuple[bytes, bytes, bytes, int], tuple[list[int], bool]] = {}
        self.warnings = 0

    def code(self, font: Any, glyph: int, text: str) -> int:
        if self.own_text.setdefault(glyph, text) == text:
            font.to_unicode[glyph] = text
            return glyph
        if (glyph, text) not in self.extra:
            cid = font.glyph_count + _EXTRA_CID_GAP + len(self.extra)
            if cid > 0xFFFF:
                # Logged, so the document fails rather than carry a wrong text layer.
                LOGGER.warning("careprint ran out of character codes for %s", font.name)
                self.warnings += 1
                return glyph
            self.extra[glyph, text] = cid
            self.glyph_of[cid] = glyph
            font.to_unicode[cid] = text
            font.widths[cid] = font.widths[glyph]
        return self.extra[glyph, text]


# Drawn as nothing, but part of the words: ZWNJ (U+200C) and ZWJ (U+200D).
_JOINERS = frozenset("\u200c\u200d")
_JOINED, _MARKS = 1, 2  # what a cluster holds alone (_kind)
# Characters seen so far that are neither a mark nor a joiner (see _plain).
_PLAIN_CHARS: set[str] = set()


def _codes(font: Any) -> _Codes:
    codes = getattr(font, "careprint_codes", None)
    if codes is None:
        codes = font.careprint_codes = _Codes()
    return codes


def _plain(text: str) -> bool:
    """Whether text holds no combining mark and no joiner: no cluster of it can join another."""
    if text.isascii() or _PLAIN_CHARS.issuperset(text):
        return True
    for char in set(text) - _PLAIN_CHARS:
        if char in _JOINERS or unicodedata.category(char)[0] == "M":
            return False
        _PLAIN_CHARS.add(char)
    return True


def _glyphs(info: bytes, log: bytes) -> tuple[list[int], list[int], list[int]]:
    """The glyph ids, widths and log clusters of a shaped run, from the bytes of its
    PangoGlyphInfo array and of its log clusters."""
    if not info:
        return [], [], []
    words = memoryview(info)
    ids: list[int] = words.cast("I")[_GLYPH_WORD::_INFO_WORDS].tolist()
    widths: list[int] = words.cast("i")[_WIDTH_WORD::_INFO_WORDS].tolist()
    clusters: list[int] = memoryview(log).cast("i").tolist()
    return ids, widths, clusters


@functools.lru_cache(maxsize=8192)
def _kind(text: str) -> int:
    """_JOINED for text of joiners alone, _MARKS for combining marks alone, else 0."""
    if text and not text.strip("\u200c\u200d"):
        return _JOINED
    if text and all(unicodedata.category(c)[0] == "M" for c in text):
        return _MARKS
    return 0


def _cluster_texts(
    ids: list[int], widths: list[int], clusters: list[int], utf8: bytes, item: Any
) -> list[str]:
    """The text each glyph of a shaped run (its ids, widths and log clusters, item its Pango
    item) stands for.

    A cluster's text goes to its widest drawn glyph (the letter, not a dot or vowel sign drawn
    over it) and the others stand for nothing, so extractors that place words by glyph
    position see one letter per advance. A cluster of combining marks alone (Arabic tanween,
    shadda, kasra: Pango shapes them as clusters of their own) joins the letter it sits on,
    or its text would be placed where the mark is drawn, above or below the line. A zero-width
    non-joiner or joiner (Persian "می‌زند") is drawn as no glyph at all, so its text joins the
    letter before it: extracted text keeps it where the source has it."""
    count = len(ids)
    if not count:
        return []
    offset, length = item.offset, item.length
    rtl = item.analysis.level % 2
    # Right to left, a cluster ends where the one drawn before it (to its left) starts.
    ends = [length, *clusters[:-1]] if rtl else [*clusters[1:], length]
    if (
        _EMPTY not in ids
        and len(set(clusters)) == count
        and _plain(utf8[offset : offset + length].decode())
    ):
        # Every glyph drawn, each a cluster of its own, and none of marks or joiners alone:
        # each glyph stands for its own cluster's text (what the general case below gives).
        return [
            utf8[offset + start : offset + end].decode()
            for start, end in zip(clusters, ends, strict=True)
        ]
    # Clusters in drawing order, each as [first glyph, last glyph, text]: a cluster is a
    # run of glyphs with the same log cluster.
    firsts = [0, *(k for k in range(1, count) if clusters[k] != clusters[k - 1])]
    lasts = [k - 1 for k in firsts[1:]] + [count - 1]
    groups: list[list[Any]] = [
        [i, j, utf8[offset + clusters[i] : offset + (ends[i] if rtl else ends[j])].decode()]
        for i, j in zip(firsts, lasts, strict=True)
    ]
    merged: list[list[Any]] = []
    pending = ""  # joiners read before any letter of the run: they go to the next cluster
    for group in reversed(groups) if rtl else groups:  # in reading order
        text = group[2]
        kind = _kind(text)
        if merged and kind:
            last = merged[-1]
            last[0], last[1] = min(last[0], group[0]), max(last[1], group[1])
            # Poppler and pdfium reverse a right-to-left line character by character, the
            # text of each glyph included: a joiner stored before its letter reads after it.
            last[2] = text + last[2] if kind == _JOINED and rtl else last[2] + text
        elif kind == _JOINED:
            pending += text
        else:
            merged.append([group[0], group[1], pending + text])
            pending = ""
    texts = [""] * count
    for first, last, text in merged:
        if first == last:
            if ids[first] != _EMPTY:
                texts[first] = text
            continue
        drawn = [k for k in range(first, last + 1) if ids[k] != _EMPTY]
        if drawn:
            texts[max(drawn, key=widths.__getitem__)] = text
    return texts


def _line_codes(stream: Any, line: Any, utf8: bytes) -> tuple[list[int], bool] | None:
    """The code of every glyph WeasyPrint drew for line (the first line of a text box whose
    text is utf8), in drawing order, and whether the line is left-to-right with a cluster of
    several drawn glyphs (a Devanagari vowel sign drawn before its consonant); None for lines
    in bitmap (emoji) fonts, which keep WeasyPrint's mapping."""
    codes: list[int] = []
    ltr, clustered = True, False
    previous_font = None
    font: Any = None
    run = line.runs[0]
    while run != ffi.NULL:
        glyph_item = run.data
        run = run.next
        item = glyph_item.item
        pango_font = item.analysis.font
        if pango_font != previous_font:  # as WeasyPrint draws it: same font, same PDF font
            previous_font = pango_font
            font, _size = stream.add_font(pango_font)
            if font.bitmap:
                return None
        string = glyph_item.glyphs
        count = max(string.num_glyphs, 0)
        rtl = item.analysis.level % 2
        key = (
            ffi.buffer(string.glyphs, 4 * _INFO_WORDS * count)[:] if count else b"",
            ffi.buffer(string.log_clusters, 4 * count)[:] if count else b"",
            utf8[item.offset : item.offset + item.length],
            rtl,
        )
        known = _codes(font).runs.get(key)
        run_codes, several = known or _run_codes(font, key, utf8, item)
        codes += run_codes
        ltr = ltr and not rtl
        clustered = clustered or several
    return codes, ltr and clustered


def _run_codes(
    font: Any, key: tuple[bytes, bytes, bytes, int], utf8: bytes, item: Any
) -> tuple[list[int], bool]:
    """The codes of a run's drawn glyphs (key as in _Codes.runs), and whether it has a
    cluster of several drawn glyphs; kept for the next time the run is drawn in this font."""
    ids, widths, clusters = _glyphs(key[0], key[1])
    texts = _cluster_texts(ids, widths, clusters, utf8, item)
    several = len(ids) - ids.count(_EMPTY) > len(texts) - texts.count("")
    codes = _codes(font)
    own = codes.own_text if font.type == "ttf" else None
    warnings, unknown = codes.warnings, False
    found: list[int] = []
    for glyph, text in zip(ids, texts, strict=True):
        if glyph == _EMPTY:
            continue
        if glyph & _UNKNOWN:
            unknown = True  # WeasyPrint logs it (and a logged run is not kept)
            glyph = font.get_unused_glyph_id(glyph - _UNKNOWN)
        if own is None or own.get(glyph) == text:
            # Not remapped (CFF), or the glyph's own text: _Codes.code would give glyph (and
            # font.to_unicode already holds text).
            found.append(glyph)
        else:
            found.append(codes.code(font, glyph, text))
    if not unknown and codes.warnings == warnings:
        codes.runs[key] = (found, several)
    return found, several


def _actual_text(text: str) -> bytes:
    """Opens a span whose /ActualText is a line's text. Poppler and pdfium place words by
    glyph position, so a glyph that stands for nothing (a vowel sign drawn before its
    consonant) leaves a gap they read as a space; /ActualText gives them the words. Only for
    left-to-right lines: both reverse an /ActualText found on a right-to-left line."""
    return b"/Span <</ActualText <feff" + text.encode("utf-16-be").hex().encode() + b">>> BDC"


def _hex_codes(codes: list[int]) -> bytes:
    """Each code as four hex digits (more for a code past 0xFFFF, as b"%04x" writes it)."""
    try:
        return struct.pack(f">{len(codes)}H", *codes).hex().encode()
    except struct.error:
        return b"".join(b"%04x" % code for code in codes)


def _recode(entries: list[Any], codes: list[int]) -> list[Any] | None:
    """entries (content stream operators) with the glyph ids of their TJ arrays replaced by
    codes, in order; None if the glyph count does not match the codes. A run of n hex digits
    holds ceil(n / 4) glyphs; entries whose glyph ids are their codes already are kept."""
    arrays = [
        (k, _GLYPH_RUN.findall(entry))
        for k, entry in enumerate(entries)
        if isinstance(entry, bytes) and entry.endswith(b" TJ")
    ]
    if sum((len(hexes) + 3) // 4 for _, runs in arrays for hexes in runs) != len(codes):
        return None
    new = _hex_codes(codes)
    recoded = list(entries)
    start = 0
    for k, runs in arrays:
        old = b"".join(runs)
        size = 4 * sum((len(hexes) + 3) // 4 for hexes in runs)
        if len(old) != size or new[start : start + size] != old:
            recoded[k] = _GLYPH_RUN.sub(_Replace(new, start), entries[k])
        start += size
    return recoded


class _Replace:
    """Replaces each run of glyph ids in turn with as many codes of new, from start on."""

    def __init__(self, new: bytes, start: int) -> None:
        self.new, self.start = new, start

    def __call__(self, match: re.Match[bytes]) -> bytes:
        size = 4 * ((len(match.group(1)) + 3) // 4)
        self.start += size
        return b"<" + self.new[self.start - size : self.start] + b">"


def _draw_first_line(stream: Any, textbox: Any, *args: Any) -> Any:
    start = len(stream.stream)
    result = _weasy_draw_first_line(stream, textbox, *args)
    if not textbox.text.strip() or textbox.style["font_size"] < 1e-6:
        return result  # WeasyPrint draws nothing for these
    # The line WeasyPrint just drew (its get_first_line, without the look at the second line).
    line = pango.pango_layout_get_line_readonly(textbox.pango_layout.layout, 0)
    utf8 = textbox.pango_layout.text.encode()
    found = _line_codes(stream, line, utf8)
    if found is not None:
        codes, clustered = found
        recoded = _recode(stream.stream[start:], codes)
        if recoded is None:
            # Logged as a warning, so the document fails instead of carrying a wrong text layer.
            LOGGER.warning("careprint could not map the text layer of %r", textbox.text)
        elif clustered:
            text = utf8[line.start_index : line.start_index + line.length].decode()
            stream.stream[start:] = [_actual_text(text), *recoded, b"EMC"]
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
    # Every CID to itself but the extra ones, as big-endian 16-bit glyph ids.
    table = array("H", range(max(codes.glyph_of) + 1))
    for cid, glyph in codes.glyph_of.items():
        table[cid] = glyph
    if sys.byteorder == "little":
        table.byteswap()
    cid_to_gid = _weasy_fonts.pydyf.Stream([table.tobytes()], compress=compress)
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
