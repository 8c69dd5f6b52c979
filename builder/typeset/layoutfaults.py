"""Read a WeasyPrint layout for what a reader would see as broken.

Fixed-size boxes: each has an id and an empty end marker as its last child, and a marker that
is missing, on another page or below its box means text was lost (so does a line of text
outside the box, sideways too). Flowing documents: no empty page, no heading alone at the
bottom of a page. Every document: no text set over other text on a line, and no text running
past the page's margins (a word too long for its line, which a printer cuts off).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import pairwise

import weasyprint
from weasyprint.formatting_structure import boxes
from weasyprint.formatting_structure.boxes import Box

from builder.base.errors import CareprintError
from builder.render.boxspec import BoxCheck, Overflow

TOLERANCE_PX = 0.5


class LayoutBug(CareprintError):
    """A template lost a box the product said it would have."""


def _kids(box: Box) -> list[Box]:
    """Children in layout order, with absolutely positioned boxes taken out of their wrappers."""
    return [getattr(child, "_box", child) for child in getattr(box, "children", ())]


def _walk(box: Box) -> Iterator[Box]:
    yield box
    for child in _kids(box):
        yield from _walk(child)


def _find_boxes(pages: Sequence[weasyprint.Page], wanted: set[str]) -> dict[str, tuple[int, Box]]:
    """The first block box (page number, box) with each wanted id, in one walk of the pages."""
    found: dict[str, tuple[int, Box]] = {}
    for number, page in enumerate(pages):
        for box in _walk(page._page_box):
            element = getattr(box, "element", None)
            if element is None or not isinstance(box, boxes.BlockLevelBox):
                continue
            box_id = element.get("id")
            if box_id in wanted and box_id not in found:
                found[box_id] = (number, box)
                if len(found) == len(wanted):
                    return found
    return found


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
            top, bottom = (
                (line.position_y, line.position_y + line.height)
                if line
                else (node.position_y, node.position_y + node.height)
            )
            if (
                node.position_x < x1 - TOLERANCE_PX
                or top < y1 - TOLERANCE_PX
                or node.position_x + node.width > x2 + TOLERANCE_PX
                or bottom > y2 + TOLERANCE_PX
            ):
                return _text_of(block.element)
            return None
        for child in _kids(node):
            inner = (
                child
                if isinstance(child, boxes.BlockLevelBox) and child.element is not None
                else block
            )
            if (found := walk(child, inner, line)) is not None:
                return found
        return None

    return walk(box, box, None)


def _first_dropped(box: Box) -> str | None:
    """Text of the first element inside box whose text was not all laid out.

    A box at the foot of the document's last page that overflows it (a single card's face,
    as tall as its page) loses its last lines without a trace: no line is set outside the
    box, no end marker is set at all. What is missing is read from the document tree."""
    laid: dict[int, int] = {}  # element -> letters of its own text that were laid out
    for node in _walk(box):
        if isinstance(node, boxes.TextBox):
            laid[id(node.element)] = laid.get(id(node.element), 0) + len("".join(node.text.split()))
    for element in box.element.iter():
        if not isinstance(element.tag, str):  # a comment
            continue
        own = "".join([element.text or "", *(child.tail or "" for child in element)])
        letters = len("".join(own.split()))
        if letters and laid.get(id(element), 0) < letters:
            return _text_of(element)
    return None


def find_overflow(pages: Sequence[weasyprint.Page], checks: Sequence[BoxCheck]) -> list[Overflow]:
    """Boxes whose content was dropped, spilled to another page or clipped (also sideways)."""
    lost = []
    located = _find_boxes(pages, {check.box_id for check in checks})
    for check in checks:
        if check.box_id not in located:
            raise LayoutBug(
                "CP6113", f"template bug: box #{check.box_id} is missing from the layout"
            )
        box_page, box = located[check.box_id]
        end_page = end = None
        for number, page in enumerate(pages):
            if check.end_id in page.anchors:
                end_page, end = number, page.anchors[check.end_id]
        x, y, width, height = (
            box.padding_box_x(),
            box.padding_box_y(),
            box.padding_width(),
            box.padding_height(),
        )
        clip = (x, y, x + width, y + height)
        outside = _first_outside(box, clip)
        if outside is None and end is None:
            outside = _first_dropped(box)
        if (
            end is None
            or end_page != box_page
            or end[3] > clip[3] + TOLERANCE_PX
            or outside is not None
        ):
            lost.append(Overflow(check, outside or ""))
    return lost


HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Paragraphs the templates set as headings of the text after them (the help page's "Sources"
# and "If a number is wrong", the contents list's and the call-now box's headings): alone at
# the bottom of a page they are as lost as an h3. (A booklet's "Notes" heads ruled lines, no
# text: the last line of its page.)
HEADING_CLASSES = frozenset({"box-label", "contents-heading", "urgent-heading"})


def _is_heading(box: boxes.Box) -> bool:
    if getattr(box, "element_tag", None) in HEADING_TAGS:
        return True
    element = getattr(box, "element", None)
    if element is None or not isinstance(box, boxes.BlockLevelBox):
        return False
    return not HEADING_CLASSES.isdisjoint((element.get("class") or "").split())


def _text(box: boxes.Box) -> str:
    if isinstance(box, boxes.TextBox):
        return str(box.text)
    return "".join(_text(child) for child in getattr(box, "children", ()))


def stranded_headings(pages: Sequence[weasyprint.Page]) -> list[tuple[int, str]]:
    """(page number, text) of each heading (or paragraph set as one) that is the last thing on
    a page but the last.

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
            if _is_heading(box):
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
    return any(
        isinstance(box, boxes.TextBox) and box.text.strip()
        for child in flow
        for box in _walk(child)
    )


def _line_items(box: Box) -> Iterator[tuple[float, float, Box]]:
    """(left, right, box) of what a line sets side by side: its runs of text, and each atomic
    box (an inline-block, an image) as a whole, with whatever is inside it."""
    for child in _kids(box):
        if isinstance(child, boxes.TextBox):
            if child.text.strip() and child.width > 0:
                yield child.position_x, child.position_x + child.width, child
        elif isinstance(child, boxes.AtomicInlineLevelBox):
            yield child.position_x, child.position_x + child.margin_width(), child
        elif isinstance(child, boxes.InlineBox):
            yield from _line_items(child)


def overlapping_text(pages: Sequence[weasyprint.Page]) -> list[tuple[int, str]]:
    """(page number, line's text) of each line on which one run of text is set over another.

    WeasyPrint breaks a line before it knows a generated page number (a contents entry's
    `leader() target-counter()`): when the title fills the line, the leader gets a negative
    width and the number is drawn over the title's last letters. Read from the layout, the
    text is all there; on paper it is not. Running headers and footers are left out (their
    parts are margin boxes, checked by the footer tests)."""
    found = []
    for number, page in enumerate(pages, 1):
        for top in page._page_box.children:
            if isinstance(top, boxes.MarginBox):
                continue
            for line in _walk(top):
                if not isinstance(line, boxes.LineBox):
                    continue
                items = sorted(_line_items(line), key=lambda item: item[0])
                if any(b[0] < a[1] - TOLERANCE_PX for a, b in pairwise(items)):
                    found.append((number, " ".join(_text(line).split())))
    return found


def text_off_the_page(pages: Sequence[weasyprint.Page]) -> list[tuple[int, str]]:
    """(page number, paragraph's text) of each paragraph with a run of text sideways outside
    the page's content area (inside its margins).

    A word wider than its line (a clinic's name written without spaces, a long web address)
    is set on one line past the box it belongs to; in a flex row or at the page's edge it runs
    into the margin or off the paper, and the PDF holds the whole word while the sheet shows
    half of it. Running headers and footers are left out (they live in the margins)."""
    found = []
    for number, page in enumerate(pages, 1):
        page_box = page._page_box
        left = page_box.content_box_x()
        # Only sideways: a line below the content area moves to the next page, and a fixed
        # box's own checks (find_overflow) see text lost at its bottom.
        clip = (left, float("-inf"), left + page_box.width, float("inf"))
        for top in page_box.children:
            if isinstance(top, boxes.MarginBox):
                continue
            if (text := _first_outside(top, clip)) is not None:
                found.append((number, text))
    return found


def page_faults(pages: Sequence[weasyprint.Page]) -> list[str]:
    """Flowing documents: no empty page (at the end or anywhere), no heading left alone."""
    faults = [
        f"page {number} of {len(pages)} is empty"
        for number, page in enumerate(pages, start=1)
        if not _has_text(page)
    ]
    faults += [
        f'heading "{text}" sits alone at the bottom of page {number}'
        for number, text in stranded_headings(pages)
    ]
    return faults
