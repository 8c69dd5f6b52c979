"""The A5 booklet: the handout typeset for A5 (half-Letter where the country uses Letter), padded
to a multiple of four pages, and imposed two-up for saddle stitching.

`handout-a5` is the plain page PDF a print shop imposes itself; `handout-booklet` is the same
pages imposed on A4 (or Letter) sheets, landscape, in saddle-stitch order, to print double-sided
flipping on the short edge, fold along the dashed line and staple. Padding pages are intentional:
ruled pages for notes, then the help page (the three levels with the country's numbers) as the
back cover, where a family looks first.

The pages are laid out and checked exactly as the A4 handout is (every box whole, no empty
page, no heading alone at a page bottom, page x of y in the footer), so the imposed sheets only
move finished pages: they are placed with pypdf, never laid out again.
"""

from __future__ import annotations

import io
from dataclasses import replace

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
)

from .boxspec import BoxCheck
from .handout import handout_page, levels_view
from .imposition import saddle_stitch
from .levels import levels
from .paper import Paper, booklet_page
from .render import DocumentInputs, ProductPage

PT_PER_MM = 72 / 25.4
PAGES_PER_SHEET = 4  # two pages on each side of one folded sheet
FOLD_DASH_PT = 4.0
FOLD_GREY = 0.55
# An A5 page holds half an A4 page: twice the A4 handout's runaway guard (typesetjob.py), and
# about what one saddle stitch still closes flat (20 sheets).
MAX_PAGES = 80
NOTES_LINES = 12  # 9 mm apart under the heading: most of an A5 or half-Letter page


def a5_page(inputs: DocumentInputs) -> ProductPage:
    """The handout at booklet page size, with notes pages and the help page as back cover."""
    page = handout_page(inputs)
    chosen = levels(inputs.card_selection)
    page.template = "handout.html"
    page.stylesheets = (*page.stylesheets, "booklet.css")
    page.context |= {
        "paper": booklet_page(inputs.job.paper),
        "booklet": True,
        "notes_pages": 0,  # set after a first layout, to reach a multiple of four
        "notes_lines": NOTES_LINES,
        "back_levels": levels_view(inputs, chosen),
    }
    page.checks.append(BoxCheck("urgent-back", "urgent-back-end",
                                'the "call now" box (urgent-back)'))
    page.pad_to = PAGES_PER_SHEET
    page.page_limit = MAX_PAGES
    return page


def booklet_sheets_page(inputs: DocumentInputs) -> ProductPage:
    """The same pages, imposed two-up after typesetting (see impose)."""
    return replace(a5_page(inputs), imposed=True)


def _fold_line(width: float, height: float) -> bytes:
    """A thin dashed line down the middle of the sheet, edge to edge: where to fold."""
    x = width / 2
    return (f"q {FOLD_GREY} G 0.5 w [{FOLD_DASH_PT} {FOLD_DASH_PT}] 0 d "
            f"{x:.3f} 0 m {x:.3f} {height:.3f} l S Q").encode()


def _as_form(page: PageObject, writer: PdfWriter) -> IndirectObject:
    """A finished page as a Form XObject: placed on a sheet by reference, so each page's fonts
    and images are written once however the sheets share them."""
    contents = page.get_contents()
    form = DecodedStreamObject()
    form.set_data(contents.get_data() if contents is not None else b"")
    box = page.mediabox
    form.update({
        NameObject("/Type"): NameObject("/XObject"),
        NameObject("/Subtype"): NameObject("/Form"),
        NameObject("/BBox"): ArrayObject(FloatObject(v) for v in
                                         (box.left, box.bottom, box.right, box.top)),
        NameObject("/Resources"): page["/Resources"].clone(writer),
    })
    return writer._add_object(form.flate_encode())


def impose(pdf: bytes, sheet: Paper) -> bytes:
    """Booklet pages (a multiple of four) two-up on landscape sheets, saddle-stitch order:
    each sheet's front, then its back, so a duplex printer flipping on the short edge puts
    every page behind the right one."""
    reader = PdfReader(io.BytesIO(pdf))
    width, height = sheet.height * PT_PER_MM, sheet.width * PT_PER_MM  # landscape
    writer = PdfWriter()
    forms = [_as_form(page, writer) for page in reader.pages]
    for sides in saddle_stitch(len(reader.pages)):
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
        writer.add_metadata({k: v for k, v in reader.metadata.items()
                             if k in ("/Title", "/Subject", "/Creator", "/Producer",
                                      "/CreationDate", "/ModDate")})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
