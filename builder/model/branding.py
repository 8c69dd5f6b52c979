"""Checks on a clinic's logo and colour, so branding can never make a handout fail or unreadable.

A logo is read by WeasyPrint, so it must be a file inside the overlay folder, of a type and
size that print well; an accent colour is used for headings, so it must be readable on white.
"""

from __future__ import annotations

import math
import re
import warnings
import xml.etree.ElementTree as ET
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from builder.base.errors import ProblemList

MIN_CONTRAST = 4.5  # WCAG 2 AA for normal text
MAX_LOGO_BYTES = 1_000_000
MIN_LOGO_PX = 300  # longer side: about 25 mm at 300 dpi
# At the size it prints: below about 150 pixels per inch a print shop's preflight flags an
# image as low resolution, and an office printer shows its pixels.
MIN_LOGO_PPI = 150
LOGO_MAX_ASPECT = 3  # templates/parts/clinic.html: at most three times its height wide
MM_PER_INCH = 25.4
MAX_LOGO_PX = 6000
SVG_NS = "{http://www.w3.org/2000/svg}"


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def contrast_on_white(colour: str) -> float:
    """WCAG 2 contrast ratio of "#rrggbb" against white."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    luminance = 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)
    return 1.05 / (luminance + 0.05)


def printed_logo_mm(width: int, height: int, height_mm: float) -> tuple[float, float]:
    """The printed size (mm) of a logo of width x height pixels: logo_height_mm tall, and no
    wider than LOGO_MAX_ASPECT times that (a wider logo is scaled down to fit, keeping its
    shape), as templates/parts/clinic.html sets it."""
    return printed_size_mm(width / height, height_mm)


def printed_size_mm(aspect: float, height_mm: float) -> tuple[float, float]:
    """printed_logo_mm for a logo of this width over height (a PNG's pixels, an SVG's shape)."""
    printed_width = min(height_mm * aspect, LOGO_MAX_ASPECT * height_mm)
    return printed_width, printed_width / aspect


def _resolution_problem(width: int, height: int, height_mm: float) -> str | None:
    printed_width, printed_height = printed_logo_mm(width, height, height_mm)
    # Rounded off to a millionth: in floating point a logo at exactly 150 per inch (360 x 120
    # pixels, 20.32 mm tall) comes to 149.99999999999997 and would be refused.
    ppi = round(width / (printed_width / MM_PER_INCH), 6)
    if ppi >= MIN_LOGO_PPI:
        return None
    need = [
        math.ceil(round(v / MM_PER_INCH * MIN_LOGO_PPI, 6)) for v in (printed_width, printed_height)
    ]
    size = " x ".join(f"{round(v, 1):g}" for v in (printed_width, printed_height))
    return (
        f"is {width} x {height} pixels and prints {size} mm (logo_height_mm = "
        f"{height_mm:g}): {math.floor(ppi)} pixels per inch, which prints blurred. Use at least "
        f"{need[0]} x {need[1]} pixels ({MIN_LOGO_PPI} per inch), an SVG, or a smaller "
        "logo_height_mm"
    )


# What WeasyPrint (images.py) draws a PNG's pixels as: a palette, 1-bit or 32-bit image as RGB,
# one with a transparent colour as RGBA, any other mode as it is. Only these four print; a
# 16-bit greyscale PNG ("I;16") stops the document with "Unknown image mode".
PRINTABLE_MODES = ("RGB", "RGBA", "L", "LA")


def _drawn_as(mode: str, transparent: bool) -> str:
    if transparent:
        return "RGBA"
    return "RGB" if mode in ("1", "P", "I") else mode


def _png_problem(path: Path, height_mm: float) -> str | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                image.verify()
                if image.format != "PNG":
                    return (
                        f"is a {image.format} image, not a PNG; renaming a file does not "
                        "change its format: export the logo as PNG or SVG from an image editor"
                    )
                width, height = image.size
                mode, transparent = image.mode, "transparency" in image.info
    except Image.DecompressionBombError:
        # Pillow refuses to open images this large: a few bytes can claim billions of pixels.
        return (
            f"declares far more pixels than a logo needs (the limit is {MAX_LOGO_PX} on the "
            "longer side); scale it down"
        )
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        return f"is not a readable PNG image ({exc})"
    if _drawn_as(mode, transparent) not in PRINTABLE_MODES:
        kind = "16-bit greyscale" if mode.startswith("I;16") else f"mode {mode}"
        return (
            f"is a {kind} PNG, which cannot be printed (WeasyPrint draws it as noise or "
            "refuses it): save it as an 8-bit PNG (RGB, RGBA or greyscale) from an image "
            "editor, or use an SVG"
        )
    if max(width, height) < MIN_LOGO_PX:
        return (
            f"is {width} x {height} pixels; it would print blurred. Use at least "
            f"{MIN_LOGO_PX} pixels on the longer side, or an SVG"
        )
    if max(width, height) > MAX_LOGO_PX:
        return f"is {width} x {height} pixels; scale it down to at most {MAX_LOGO_PX}"
    return _resolution_problem(width, height, height_mm)


# CSS in an SVG (a style attribute, fill="url(...)", a <style> element) can point elsewhere
# too: an @import, or a url() that is not a "#id" in the file itself. WeasyPrint draws
# nothing for such a paint, so the logo printed as an empty space.
_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]*)|@import\s+['"]([^'"]*)""", re.IGNORECASE)


def _css_link(css: str) -> str | None:
    """The first target CSS links to outside the file (not "#id", not data:), if any."""
    for match in _CSS_URL.finditer(css):
        target = match.group(1) if match.group(1) is not None else match.group(2)
        if match.group(2) is not None or not target.startswith(("#", "data:")):
            return target
    return None


# An SVG length in a unit WeasyPrint sizes absolutely, in CSS pixels per unit.
_SVG_UNITS = {"": 1.0, "px": 1.0, "pt": 4 / 3, "pc": 16.0, "mm": 96 / 25.4, "cm": 96 / 2.54}
_SVG_UNITS["in"] = 96.0
_SVG_LENGTH = re.compile(r"\s*([0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?)\s*([a-z]*)\s*")


def _svg_length(value: str | None) -> float | None:
    """An absolute SVG width or height in CSS pixels; None for a percentage, em or none."""
    match = _SVG_LENGTH.fullmatch(value or "")
    if match is None or match.group(2) not in _SVG_UNITS:
        return None
    return float(match.group(1)) * _SVG_UNITS[match.group(2)]


def _view_box(root: ET.Element) -> tuple[float, float] | None:
    """The width and height of an SVG's viewBox, if it has a usable one."""
    try:
        numbers = [float(n) for n in re.split(r"[\s,]+", root.attrib["viewBox"].strip())]
    except (KeyError, ValueError):
        return None
    return (numbers[2], numbers[3]) if len(numbers) == 4 and min(numbers[2:]) > 0 else None


def _svg_shape(root: ET.Element) -> float | None:
    """An SVG's width over its height as WeasyPrint sizes it: from its width and height where
    both are absolute, else from its viewBox; None when neither gives one."""
    width, height = _svg_length(root.get("width")), _svg_length(root.get("height"))
    if width and height:
        return width / height
    box = _view_box(root)
    return box[0] / box[1] if box else None


def logo_aspect(path: Path) -> float:
    """A logo's width over its height, for a logo check_logo accepted. The template gives the
    logo its printed width and height from this (printed_logo_mm): an SVG with only a viewBox
    has no width of its own, and a max-width alone did not keep it within three times its
    height (a 20:1 logo printed 95 mm wide, or pushed the clinic's name off the page)."""
    if path.suffix.lower() == ".svg":
        return _svg_shape(ET.parse(path).getroot()) or 1.0
    with Image.open(path) as image:
        width, height = image.size
    return width / height


def _svg_problem(path: Path) -> str | None:
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        return f"is not a readable SVG file ({exc})"
    if root.tag != f"{SVG_NS}svg":
        return "is not an SVG image (its root element is not <svg> in the SVG namespace)"
    if "viewBox" not in root.attrib and not {"width", "height"} <= set(root.attrib):
        return "has no viewBox (or width and height), so its size is unknown"
    if _svg_shape(root) is None:
        return (
            f'has a viewBox ("{root.get("viewBox", "")}") that is not four numbers with a '
            "positive width and height, and no width and height in absolute units, so its "
            'shape is unknown: write e.g. viewBox="0 0 300 100"'
        )
    for element in root.iter():
        for name, value in element.attrib.items():
            if name.endswith("href") and not value.startswith(("#", "data:")):
                return f'links to "{value}"; embed everything the logo needs in the file'
            if (target := _css_link(value)) is not None:
                return f'links to "{target}"; embed everything the logo needs in the file'
        if element.tag == f"{SVG_NS}style" and (target := _css_link(element.text or "")):
            return f'links to "{target}"; embed everything the logo needs in the file'
        if element.tag in (f"{SVG_NS}script", f"{SVG_NS}foreignObject"):
            return f"contains <{element.tag.removeprefix(SVG_NS)}>, which cannot be printed"
    return None


def _logo_named(path: Path, relative: str) -> str:
    """The file the clinic most likely meant: the same name in other capitals ("Logo.PNG"
    for logo.png, which a case-insensitive desktop shows as one), else the images beside it,
    each as logo = would name it (with the folder written, "art/logo.png", not "logo.png")."""
    if not path.parent.is_dir():
        return ""
    near = sorted(p.name for p in path.parent.iterdir() if p.is_file())
    same = [name for name in near if name.lower() == path.name.lower()]
    if same:
        meant = (Path(relative).parent / same[0]).as_posix()
        return f'names must match in capitals too: write logo = "{meant}"'
    images = [
        (Path(relative).parent / name).as_posix()
        for name in near
        if name.lower().endswith((".svg", ".png"))
    ]
    return f"images in {path.parent}: {', '.join(images)}; write one of them" if images else ""


def check_logo(
    folder: Path,
    relative: str,
    toml: Path,
    line: int | None,
    problems: ProblemList,
    height_mm: float,
) -> Path | None:
    """The logo's resolved path, or None with a problem recorded against careprint.toml.
    height_mm is the logo's printed height (logo_height_mm): a PNG needs its pixels at the
    size it prints."""
    folder = folder.resolve()
    path = (folder / relative).resolve()
    if not path.is_relative_to(folder):
        problems.error(
            "CP1501",
            f'logo "{relative}" points outside the overlay folder',
            toml,
            line,
            fix=f"copy the logo into {folder} and give its name relative to it",
        )
        return None
    if not path.is_file():
        problems.error(
            "CP1502",
            f'logo "{relative}" does not exist',
            toml,
            line,
            fix=_logo_named(path, relative)
            or "put the file in the overlay folder or correct the name",
        )
        return None
    suffix = path.suffix.lower()
    if suffix not in (".svg", ".png"):
        problems.error(
            "CP1503",
            f'logo "{relative}" must be an SVG or PNG file',
            toml,
            line,
            fix="export the logo as SVG (best) or PNG",
        )
        return None
    size = path.stat().st_size
    if size > MAX_LOGO_BYTES:
        problems.error(
            "CP1504",
            f'logo "{relative}" is {size // 1000} kB; the limit is {MAX_LOGO_BYTES // 1000} kB',
            toml,
            line,
            fix="simplify or compress the image",
        )
        return None
    problem = _svg_problem(path) if suffix == ".svg" else _png_problem(path, height_mm)
    if problem:
        problems.error("CP1505", f'logo "{relative}" {problem}', toml, line)
        return None
    return path
