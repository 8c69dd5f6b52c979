"""The BleedBox a print shop trims from, set exactly.

WeasyPrint makes the CSS bleed the MediaBox and puts the PDF BleedBox at most 10 pt outside the
TrimBox. The print shop's card needs more page than its 3 mm bleed (its crop marks sit beyond
the bleed), so the CSS bleed is larger and the BleedBox is set here, after WeasyPrint has
written the page boxes and before the PDF is closed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

PT_PER_MM = 72 / 25.4

# WeasyPrint calls it with its Document and the pydyf.PDF it is writing.
Finisher = Callable[[Any, Any], None]


def bleed_box(bleed_mm: float) -> Finisher:
    """A WeasyPrint finisher giving every page a BleedBox bleed_mm outside its TrimBox."""
    bleed = bleed_mm * PT_PER_MM

    def finish(_document: Any, pdf: Any) -> None:
        for number in pdf.pages["Kids"][::3]:  # flattened "n 0 R" references
            page = pdf.objects[number]
            x1, y1, x2, y2 = page["TrimBox"]
            mx1, my1, mx2, my2 = page["MediaBox"]
            box = [x1 - bleed, y1 - bleed, x2 + bleed, y2 + bleed]
            # A BleedBox beyond the MediaBox would be clipped to it: a page too small is a bug.
            assert mx1 <= box[0] and my1 <= box[1] and box[2] <= mx2 and box[3] <= my2, box
            page["BleedBox"][:] = box  # WeasyPrint's own box, moved

    return finish
