"""Impose a finished A5 (half-Letter) booklet two-up on A4 (Letter) sheets for saddle stitching.

The pages come finished and checked from the layout (render/products/booklet.py); here they are
only moved: each page becomes a Form XObject placed by reference, so its fonts are written once,
and pypdf writes the same bytes on every run (pypdfium2 would add the clock's date and a random
/ID). The sheets are not tagged: a page's structure does not survive being placed as a form, and
a tagged booklet is the plain pages in reading order (handout-a5).
"""

from __future__ import annotations

import io

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
)

from builder.plan.imposition import saddle_stitch
from builder.plan.paper import Paper

PT_PER_MM = 72 / 25.4
FOLD_DASH_PT = 4.0
FOLD_GREY = 0.55


def _fold_line(width: float, height: float) -> bytes:
    """A thin dashed line down the middle of the sheet, edge to edge: where to fold."""
    x = width / 2
    return (
        f"q {FOLD_GREY} G 0.5 w [{FOLD_DASH_PT} {FOLD_DASH_PT}] 0 d "
        f"{x:.3f} 0 m {x:.3f} {height:.3f} l S Q"
    ).encode()


def _as_form(page: PageObject, writer: PdfWriter) -> IndirectObject:
    """A finished page as a Form XObject: placed on a sheet by reference, so each page's fonts
    and images are written once however the sheets share them."""
    contents = page.get_contents()
    form = DecodedStreamObject()
    form.set_data(contents.get_data() if contents is not None else b"")
    box = page.mediabox
    form.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject(
                FloatObject(v) for v in (box.left, box.bottom, box.right, box.top)
            ),
            NameObject("/Resources"): page["/Resources"].clone(writer),
        }
    )
    return writer._add_object(form.flate_encode())


def impose(pdf: bytes, sheet: Paper, right_to_left: bool = False) -> bytes:
    """Booklet pages (a multiple of four) two-up on landscape sheets, saddle-stitch order:
    each sheet's front, then its back, so a duplex printer flipping on the short edge puts
    every page behind the right one. A right-to-left booklet is bound on its right."""
    reader = PdfReader(io.BytesIO(pdf))
    width, height = sheet.height * PT_PER_MM, sheet.width * PT_PER_MM  # landscape
    writer = PdfWriter()
    # The pages keep what WeasyPrint wrote them with (constant alpha, PDF 1.4; OpenType fonts,
    # 1.6), so the sheets say the pages' version, not pypdf's default 1.3.
    writer.pdf_header = reader.pdf_header
    forms = [_as_form(page, writer) for page in reader.pages]
    for sides in saddle_stitch(len(reader.pages), right_to_left):
        for left, right in sides:
            out = writer.add_blank_page(width, height)
            names, drawn = DictionaryObject(), []
            for number, at_left in ((left, True), (right, False)):
                box = reader.pages[number - 1].mediabox
                w, h = float(box.width), float(box.height)
                x = width / 2 - w if at_left else width / 2
                name = f"/P{number}"
                names[NameObject(name)] = forms[number - 1]
                drawn.append(f"q 1 0 0 1 {x:.3f} {(height - h) / 2:.3f} cm {name} Do Q")
            stream = DecodedStreamObject()
            stream.set_data("\n".join(drawn).encode() + b"\n" + _fold_line(width, height))
            out[NameObject("/Resources")] = DictionaryObject({NameObject("/XObject"): names})
            out[NameObject("/Contents")] = writer._add_object(stream.flate_encode())
    if reader.metadata:
        writer.add_metadata(
            {
                k: v
                for k, v in reader.metadata.items()
                if k in ("/Title", "/Subject", "/Creator", "/Producer", "/CreationDate", "/ModDate")
            }
        )
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
