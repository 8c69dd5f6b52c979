"""Read PDFs as a printer would put them on paper: pages as pixels, characters as boxes in mm."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
from PIL import Image, ImageChops

MM_PER_PT = 25.4 / 72


@dataclass(frozen=True)
class Raster:
    image: Image.Image
    dpi: int

    def px(self, mm: float) -> int:
        return round(mm * self.dpi / 25.4)

    def mm(self, px: float) -> float:
        return px * 25.4 / self.dpi

    def bbox_of_colour(
        self, colour: tuple[int, int, int], area_mm: tuple[float, float, float, float]
    ) -> tuple[float, ...] | None:
        """(x1, y1, x2, y2) in mm of the pixels of exactly this colour inside area_mm."""
        x1, y1, x2, y2 = (self.px(v) for v in area_mm)
        crop = self.image.crop((x1, y1, x2, y2))
        diff = ImageChops.difference(crop, Image.new("RGB", crop.size, colour)).convert("L")
        box = diff.point(lambda v: 255 if v == 0 else 0).getbbox()
        return self._box_mm(x1, y1, box)

    def _box_mm(
        self, x1: int, y1: int, box: tuple[int, int, int, int] | None
    ) -> tuple[float, ...] | None:
        """A getbbox() result inside a crop at (x1, y1) pixels, in mm on the page."""
        if box is None:
            return None
        return (
            self.mm(x1 + box[0]),
            self.mm(y1 + box[1]),
            self.mm(x1 + box[2]),
            self.mm(y1 + box[3]),
        )

    def dark_bbox(self, area_mm: tuple[float, float, float, float]) -> tuple[float, ...] | None:
        """(x1, y1, x2, y2) in mm of the dark pixels (ink, not anti-aliasing) inside area_mm."""
        x1, y1, x2, y2 = (self.px(v) for v in area_mm)
        crop = self.image.crop((x1, y1, x2, y2)).convert("L")
        box = crop.point(lambda v: 255 if v < 128 else 0).getbbox()
        return self._box_mm(x1, y1, box)

    def colour_rows(
        self, colour: tuple[int, int, int], area_mm: tuple[float, float, float, float]
    ) -> list[float]:
        """Centres (mm from the top) of the runs of rows across area_mm that are mostly this
        colour (within anti-aliasing): the horizontal rules drawn in it."""
        x1, y1, x2, y2 = (self.px(v) for v in area_mm)
        strip = self.image.crop((x1, y1, x2, y2))
        width, height = strip.size
        pixels = strip.load()
        assert pixels is not None

        def near(x: int, y: int) -> bool:
            pixel: tuple[int, int, int] = pixels[x, y]  # type: ignore[assignment]
            return max(abs(a - b) for a, b in zip(pixel, colour, strict=True)) < 40

        def ruled(y: int) -> bool:
            near_count = sum(1 for x in range(width) if near(x, y))
            return near_count > width / 2

        centres, start = [], None
        for y in range(height + 1):
            if y < height and ruled(y):
                start = y if start is None else start
            elif start is not None:
                centres.append(self.mm(y1 + (start + y - 1) / 2))
                start = None
        return centres

    def dark_centres(self, area_mm: tuple[float, float, float, float], axis: str) -> list[float]:
        """Centres (mm) of the runs of dark pixels across area_mm along x ("x") or y ("y")."""
        x1, y1, x2, y2 = (self.px(v) for v in area_mm)
        strip = self.image.crop((x1, y1, x2, y2)).convert("L")
        width, height = strip.size
        pixels = strip.load()
        assert pixels is not None
        length, across = (width, height) if axis == "x" else (height, width)

        def dark(i: int) -> bool:
            return any(
                pixels[(i, j) if axis == "x" else (j, i)] < 128  # type: ignore[operator]
                for j in range(across)
            )

        centres, start = [], None
        for i in range(length + 1):
            if i < length and dark(i):
                start = i if start is None else start
            elif start is not None:
                centres.append(self.mm((x1 if axis == "x" else y1) + (start + i) / 2))
                start = None
        return centres


def raster(path: Path, page: int, dpi: int) -> Raster:
    pdf = pdfium.PdfDocument(path)
    image = pdf[page].render(scale=dpi / 72).to_pil().convert("RGB")
    pdf.close()
    return Raster(image, dpi)


@dataclass(frozen=True)
class Char:
    text: str
    box: tuple[float, float, float, float]  # x1, y1, x2, y2 in mm from the trim's top left
    size_pt: float


def chars(path: Path, page: int) -> list[Char]:
    """Visible characters with their boxes measured from the top-left of the TrimBox."""
    pdf = pdfium.PdfDocument(path)
    pdf_page = pdf[page]
    left, _bottom, _right, top = pdf_page.get_trimbox()
    textpage = pdf_page.get_textpage()
    result = []
    for i in range(textpage.count_chars()):
        text = textpage.get_text_range(i, 1)
        if not text.strip():
            continue
        x1, y1, x2, y2 = textpage.get_charbox(i)
        # WeasyPrint's text space is CSS px (0.75 pt), which pdfium reports as the font size.
        size = pdfium_raw.FPDFText_GetFontSize(textpage.raw, i) * 0.75
        result.append(
            Char(
                text,
                (
                    (x1 - left) * MM_PER_PT,
                    (top - y2) * MM_PER_PT,
                    (x2 - left) * MM_PER_PT,
                    (top - y1) * MM_PER_PT,
                ),
                size,
            )
        )
    pdf.close()
    return result
