"""The one place that lays out and writes with WeasyPrint.

Fetching is locked to the project's own asset folders; WeasyPrint's log is captured per document
and any warning (a missing glyph, a refused fetch, ignored CSS) fails that document. What a
layout is checked for afterwards is in layoutfaults.py.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import unquote, urlparse

import weasyprint
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher

from .errors import CareprintError
from .fonts import use_pinned_fonts


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
                    sheet = weasyprint.CSS(string=text, base_url=base_url.as_uri() + "/",
                                           url_fetcher=self.fetcher,
                                           font_config=self.font_config)
                except RefusedFetch as exc:
                    raise TypesetError(f"stylesheet {key}: {exc}") from None
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
