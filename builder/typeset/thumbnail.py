"""First-page previews for the catalogue, taken from the PDF bytes that were written.

pypdfium2 renders the finished PDF, so the preview shows what will print, not what the HTML
looked like; it also gives the page count without a second parser.
"""

from __future__ import annotations

import io

from builder.base.pdfium import PDFIUM_LOCK

THUMBNAIL_WIDTH_PX = 240


def first_page_png(pdf: bytes, width_px: int = THUMBNAIL_WIDTH_PX) -> tuple[int, bytes]:
    """(page count, PNG of page 1 scaled to width_px)."""
    import pypdfium2  # imported late: workers load it after the fork, never the planner

    with PDFIUM_LOCK:
        document = pypdfium2.PdfDocument(pdf)
        try:
            pages = len(document)
            page = document[0]
            bitmap = page.render(scale=width_px / page.get_width())
            buffer = io.BytesIO()
            bitmap.to_pil().save(buffer, "PNG")
            page.close()
            return pages, buffer.getvalue()
        finally:
            document.close()
