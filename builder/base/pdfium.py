"""One lock for every call into PDFium (pypdfium2) in a process.

PDFium is not thread-safe: two threads calling it at once, even on different documents, can
corrupt or hang the process (pypdfium2's documentation, "Incompatibility with Threading").
Workers are single-threaded, but the preview reads page texts in its build thread while its
HTTP threads render page images, so every use takes this lock.
"""

from __future__ import annotations

import threading

PDFIUM_LOCK = threading.Lock()
