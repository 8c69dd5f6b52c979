"""The one place that talks to WeasyPrint.

Fetching is locked to the project's own asset folders; WeasyPrint's log is captured per document
and any warning (a missing glyph, a refused fetch, ignored CSS) fails that document. Fixed-size
boxes are checked after layout: each has an id and an empty end marker as its last child, and a
marker that is missing, on another page or below its box means text was lost.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import weasyprint
from weasyprint.formatting_structure import boxes
from weasyprint.formatting_structure.boxes import Box
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher

from .errors import CareprintError
from .fonts import use_pinned_fonts

PX_PER_MM = 96 / 25.4
TOLERANCE_PX = 0.5


class RefusedFetch(FatalURLFetchingError):  # type: ignore[misc]
    """A template or content asked for something outside the allowed folders."""


class TypesetError(CareprintError):
    """Layout went wrong in a way the reader would see: lost text, tofu, a refused file."""


class LockedFetcher(URLFetcher):  # type: ignore[misc]
    """Reads file: URLs under the allowed folders and data: URLs; refuses everything else."""

    def __init__(self, allowed: Sequence[Path]):
        super().__init__(timeout=5, allowed_protocols={"file", "data"}, allow_redirects=False,
                         fail_on_errors=True)
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


@dataclass(frozen=True)
class BoxCheck:
    """A box (by id) whose end marker (by id) must lie inside it on one page.

    `group` names the font size that can be stepped down to make the box fit ("" = none).
    """

    box_id: str
    end_id: str
    label: str
    group: str = ""


@dataclass(frozen=True)
class Overflow:
    """A box that lost text, and the first string that does not fit (when it can be found)."""

    check: BoxCheck
    text: str


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


def _kids(box: Box) -> list[Box]:
    """Children in layout order, with absolutely positioned boxes taken out of their wrappers."""
    return [getattr(child, "_box", child) for child in getattr(box, "children", ())]


def _walk(box: Box) -> Iterator[Box]:
    yield box
    for child in _kids(box):
        yield from _walk(child)


def _find_box(pages: Sequence[weasyprint.Page], box_id: str) -> tuple[int, Box] | None:
    for number, page in enumerate(pages):
        for box in _walk(page._page_box):
            element = getattr(box, "element", None)
            if element is not None and element.get("id") == box_id \
                    and isinstance(box, boxes.BlockLevelBox):
                return number, box
    return None


def _text_of(element: object) -> str:
    return " ".join("".join(element.itertext()).split())  # type: ignore[attr-defined]


def _first_outside(box: Box, clip: tuple[float, float, float, float]) -> str | None:
    """Text of the first block inside box with a line outside clip (x1, y1, x2, y2).

    Sideways a text run counts; up and down its line box does (a run's own height is the
    font's full ascent and descent, taller than a tight line).
    """
    x1, y1, x2, y2 = clip

    def walk(node: Box, block: Box, line: Box | None) -> str | None:
        if isinstance(node, boxes.LineBox):
            line = node
        if isinstance(node, boxes.TextBox) and node.text.strip():
            top, bottom = (line.position_y, line.position_y + line.height) if line else \
                (node.position_y, node.position_y + node.height)
            if (node.position_x < x1 - TOLERANCE_PX or top < y1 - TOLERANCE_PX
                    or node.position_x + node.width > x2 + TOLERANCE_PX
                    or bottom > y2 + TOLERANCE_PX):
                return _text_of(block.element)
            return None
        for child in _kids(node):
            inner = child if isinstance(child, boxes.BlockLevelBox) \
                and child.element is not None else block
            if (found := walk(child, inner, line)) is not None:
                return found
        return None

    return walk(box, box, None)


class _TextOf(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "script"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def printed_text(html: str) -> str:
    """The text a document will print (what the font coverage check must cover)."""
    parser = _TextOf()
    parser.feed(html)
    return "".join(parser.parts)


def find_overflow(pages: Sequence[weasyprint.Page], checks: Sequence[BoxCheck]) -> list[Overflow]:
    """Boxes whose content was dropped, spilled to another page or clipped (also sideways)."""
    lost = []
    for check in checks:
        found = _find_box(pages, check.box_id)
        if found is None:
            raise TypesetError(f"template bug: box #{check.box_id} is missing from the layout")
        box_page, box = found
        end_page = end = None
        for number, page in enumerate(pages):
            if check.end_id in page.anchors:
                end_page, end = number, page.anchors[check.end_id]
        x, y, width, height = box.padding_box_x(), box.padding_box_y(), \
            box.padding_width(), box.padding_height()
        clip = (x, y, x + width, y + height)
        outside = _first_outside(box, clip)
        if end is None or end_page != box_page or end[3] > clip[3] + TOLERANCE_PX \
                or outside is not None:
            lost.append(Overflow(check, outside or ""))
    return lost


HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


def _text(box: boxes.Box) -> str:
    if isinstance(box, boxes.TextBox):
        return str(box.text)
    return "".join(_text(child) for child in getattr(box, "children", ()))


def stranded_headings(pages: Sequence[weasyprint.Page]) -> list[tuple[int, str]]:
    """(page number, text) of each heading that is the last thing on a page but the last.

    CSS asks for `break-after: avoid`, but that is a request the layout may drop, so the
    result is checked: a heading whose text follows on the next page is a visible defect.
    """
    stranded = []
    for number, page in enumerate(pages[:-1], 1):
        last: boxes.Box | None = None

        def walk(box: boxes.Box, heading: boxes.Box | None) -> None:
            nonlocal last
            if isinstance(box, boxes.MarginBox):
                return
            if getattr(box, "element_tag", None) in HEADING_TAGS:
                heading = box
            if isinstance(box, boxes.LineBox):
                last = heading
            for child in getattr(box, "children", ()):
                walk(child, heading)

        walk(page._page_box, None)
        if last is not None:
            stranded.append((number, " ".join(_text(last).split())))
    return stranded


def _has_text(page: weasyprint.Page) -> bool:
    """Whether any line of text lies in the page's flow (running headers and footers aside)."""
    flow = [c for c in page._page_box.children if not isinstance(c, boxes.MarginBox)]
    return any(isinstance(box, boxes.TextBox) and box.text.strip()
               for child in flow for box in _walk(child))


def page_faults(pages: Sequence[weasyprint.Page]) -> list[str]:
    """Flowing documents: no empty page (at the end or anywhere), no heading left alone."""
    faults = [f"page {number} of {len(pages)} is empty"
              for number, page in enumerate(pages, start=1) if not _has_text(page)]
    faults += [f'heading "{text}" sits alone at the bottom of page {number}'
               for number, text in stranded_headings(pages)]
    return faults


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
        self.fetcher = LockedFetcher(allowed)
        self.font_config = FontConfiguration()
        self._css: dict[str, weasyprint.CSS] = {}

    def stylesheet(self, key: str, text: str, base_url: Path) -> weasyprint.CSS:
        if key not in self._css:
            with captured_log() as messages:
                sheet = weasyprint.CSS(string=text, base_url=base_url.as_uri() + "/",
                                       url_fetcher=self.fetcher, font_config=self.font_config)
            if messages:
                raise TypesetError(f"stylesheet {key}: " + "; ".join(messages))
            self._css[key] = sheet
        return self._css[key]

    def layout(self, html: str, base_url: Path,
               stylesheets: Sequence[weasyprint.CSS]) -> tuple[weasyprint.Document, list[str]]:
        """Lay a document out; return it with every warning WeasyPrint logged."""
        with captured_log() as messages:
            try:
                document = weasyprint.HTML(string=html, base_url=base_url.as_uri() + "/",
                                           url_fetcher=self.fetcher).render(
                    stylesheets=list(stylesheets), font_config=self.font_config)
            except RefusedFetch as exc:
                raise TypesetError(str(exc)) from None
        return document, list(messages)

    def write(self, document: weasyprint.Document, day: date, **options: object) -> bytes:
        """The PDF bytes; `day` (from the inputs) stands in for the clock, so builds repeat."""
        with captured_log() as messages, source_date(day):
            pdf = document.write_pdf(**options)
        if messages:
            raise TypesetError("; ".join(messages))
        assert isinstance(pdf, bytes)
        return pdf
