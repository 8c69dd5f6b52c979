"""The one place that talks to WeasyPrint.

Fetching is locked to the project's own asset folders; WeasyPrint's log is captured per document
and any warning (a missing glyph, a refused fetch, ignored CSS) fails that document. Fixed-size
boxes are checked after layout: each has an id and an empty end marker as its last child, and a
marker that is missing, on another page or below its box means text was lost.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import weasyprint
from weasyprint.formatting_structure import boxes
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
    """A fixed-size box (by id) whose end marker (by id) must lie inside it on one page."""

    box_id: str
    end_id: str
    label: str


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


def find_overflow(pages: Sequence[weasyprint.Page], checks: Sequence[BoxCheck]) -> list[str]:
    """Labels of boxes whose content was dropped, spilled to another page or clipped."""
    lost = []
    for check in checks:
        box_page = end_page = None
        box = end = None
        for number, page in enumerate(pages):
            if check.box_id in page.anchors and box is None:
                box_page, box = number, page.anchors[check.box_id]
            if check.end_id in page.anchors:
                end_page, end = number, page.anchors[check.end_id]
        if box is None:
            raise TypesetError(f"template bug: box #{check.box_id} is missing from the layout")
        if end is None or end_page != box_page or end[3] > box[3] + TOLERANCE_PX:
            lost.append(check.label)
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

    def write(self, document: weasyprint.Document, **options: object) -> bytes:
        with captured_log() as messages:
            pdf = document.write_pdf(**options)
        if messages:
            raise TypesetError("; ".join(messages))
        assert isinstance(pdf, bytes)
        return pdf
