"""Logo and colour checks: what prints badly or reads badly is refused before any layout."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from builder.base.errors import ProblemList
from builder.model.branding import MAX_LOGO_BYTES, check_logo, contrast_on_white, logo_aspect


@pytest.mark.parametrize(
    "colour,ratio", [("#000000", 21.0), ("#ffffff", 1.0), ("#767676", 4.54), ("#0b4f6c", 8.9)]
)
def test_contrast_against_white(colour: str, ratio: float) -> None:
    assert contrast_on_white(colour) == pytest.approx(ratio, abs=0.01 if ratio < 5 else 0.1)


def check(folder: Path, name: str, height_mm: float = 12.0) -> tuple[Path | None, str]:
    problems = ProblemList()
    result = check_logo(folder, name, folder / "careprint.toml", 7, problems, height_mm)
    return result, " ".join(p.message for p in problems.items)


def test_good_png_and_svg_pass(tmp_path: Path) -> None:
    Image.new("RGB", (600, 300), "navy").save(tmp_path / "logo.png")
    (tmp_path / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="5" '
        'height="5"/></svg>'
    )
    assert check(tmp_path, "logo.png") == ((tmp_path / "logo.png").resolve(), "")
    assert check(tmp_path, "logo.svg") == ((tmp_path / "logo.svg").resolve(), "")


@pytest.mark.parametrize(
    "css,target",
    [
        ('<rect width="5" height="5" style="fill: url(\'/etc/passwd#x\')"/>', "/etc/passwd#x"),
        ('<rect width="5" height="5" fill="url(https://example.org/a.svg#g)"/>', "https://"),
        ('<style>@import "https://example.org/x.css";</style>', "https://example.org/x.css"),
        ("<style>rect { fill: url(paint.svg#g) }</style>", "paint.svg#g"),
    ],
)
def test_logos_whose_css_points_outside_the_file_are_refused(
    tmp_path: Path, css: str, target: str
) -> None:
    """A logo filled through url() from another file passed the check and printed as an
    empty space (WeasyPrint draws nothing for such a paint): CSS links are links too."""
    (tmp_path / "logo.svg").write_text(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">{css}</svg>'
    )
    result, message = check(tmp_path, "logo.svg")
    assert result is None and f'links to "{target}' in message


def test_a_logo_s_own_gradient_is_not_a_link(tmp_path: Path) -> None:
    (tmp_path / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><defs><linearGradient '
        'id="g"><stop offset="0" stop-color="navy"/></linearGradient></defs><style>rect '
        '{ stroke: url(#g) }</style><rect width="5" height="5" fill="url(#g)" '
        "style=\"fill: url('#g')\"/></svg>"
    )
    assert check(tmp_path, "logo.svg") == ((tmp_path / "logo.svg").resolve(), "")


@pytest.mark.parametrize(
    "name,content,needle",
    [
        ("logo.jpg", b"\xff\xd8\xff", "must be an SVG or PNG"),
        ("logo.png", b"not an image", "not a readable PNG"),
        ("logo.svg", b"<svg", "not a readable SVG"),
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"/>', "no viewBox"),
        ("logo.svg", b'<html xmlns="http://www.w3.org/1999/xhtml"/>', "not an SVG image"),
        (
            "logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/'
            b'xlink" viewBox="0 0 1 1"><image x:href="https://example.org/a.png"/></svg>',
            'links to "https://example.org/a.png"',
        ),
    ],
)
def test_bad_logos_are_refused(tmp_path: Path, name: str, content: bytes, needle: str) -> None:
    (tmp_path / name).write_bytes(content)
    result, message = check(tmp_path, name)
    assert result is None and needle in message


def test_png_sizes(tmp_path: Path) -> None:
    Image.new("RGB", (120, 60), "navy").save(tmp_path / "small.png")
    assert "would print blurred" in check(tmp_path, "small.png")[1]
    Image.new("RGB", (7000, 100), "navy").save(tmp_path / "huge.png")
    assert "scale it down" in check(tmp_path, "huge.png")[1]
    Image.new("RGB", (400, 200), "navy").save(tmp_path / "fake.png", format="GIF")
    assert "not a PNG" in check(tmp_path, "fake.png")[1]
    (tmp_path / "big.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1">'
        + " " * MAX_LOGO_BYTES
        + "</svg>"
    )
    assert "the limit is" in check(tmp_path, "big.svg")[1]


def test_a_png_logo_needs_its_pixels_at_the_size_it_prints(tmp_path: Path) -> None:
    """A 300 x 100 logo passed (300 pixels on its longer side) and, at logo_height_mm = 30,
    printed 90 mm wide: 85 pixels per inch, blurred on paper and flagged by a print shop's
    preflight. What counts is the resolution at the printed size (150 per inch or more)."""
    Image.new("RGB", (300, 100), "navy").save(tmp_path / "wide.png")
    assert check(tmp_path, "wide.png", 12.0)[1] == ""  # 36 x 12 mm: 212 per inch
    result, message = check(tmp_path, "wide.png", 30.0)  # 90 x 30 mm: 84.7 per inch
    assert result is None
    assert "90 x 30 mm" in message and "84 pixels per inch" in message
    assert "532 x 178 pixels" in message  # what would do at that size
    # Wider than three times its height, a logo is set 3 x height wide (and less tall).
    Image.new("RGB", (400, 100), "navy").save(tmp_path / "banner.png")
    assert "90 x 22.5 mm" in check(tmp_path, "banner.png", 30.0)[1]  # 113 per inch
    assert check(tmp_path, "banner.png", 20.0)[1] == ""  # 60 x 15 mm: 169 per inch
    # An SVG has no pixels: any height.
    (tmp_path / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 3 1"><rect width="3" '
        'height="1"/></svg>'
    )
    assert check(tmp_path, "logo.svg", 30.0)[1] == ""


def test_logo_must_be_inside_the_folder(tmp_path: Path) -> None:
    folder = tmp_path / "clinic"
    folder.mkdir()
    Image.new("RGB", (600, 300), "navy").save(tmp_path / "logo.png")
    assert "outside the overlay folder" in check(folder, "../logo.png")[1]
    assert "outside the overlay folder" in check(folder, str(tmp_path / "logo.png"))[1]


def test_a_png_logo_at_exactly_150_pixels_per_inch_passes(tmp_path: Path) -> None:
    """360 x 120 pixels at logo_height_mm = 20.32 (0.8 inch) prints 60.96 x 20.32 mm at
    exactly 150 per inch: it passes. Worked out in floating point it came to 149.99999999999997
    and failed with "150 pixels per inch, which prints blurred", asking for 361 x 120 pixels.
    Just below, the message never rounds up to the 150 it asks for."""
    Image.new("RGB", (360, 120), "navy").save(tmp_path / "exact.png")
    assert check(tmp_path, "exact.png", 20.32)[1] == ""
    Image.new("RGB", (450, 150), "navy").save(tmp_path / "under.png")
    message = check(tmp_path, "under.png", 25.45)[1]  # 149.7 per inch
    assert "149 pixels per inch" in message and "at least 451 x 151 pixels" in message


@pytest.mark.parametrize(
    "written,fix",
    [
        ("Logo.PNG", 'names must match in capitals too: write logo = "art/logo.png"'),
        # Named as logo = needs them, folder and all: "logo.png" alone would miss again.
        ("logos.png", ": art/logo.png, art/mark.svg; write one of them"),
    ],
)
def test_a_misnamed_logo_says_which_file_is_there(tmp_path: Path, written: str, fix: str) -> None:
    """A clinic that typed logo = "Logo.PNG" for logo.png (one file to a desktop that ignores
    capitals) was told only to put the file in the folder, where it already was."""
    art = tmp_path / "art"
    art.mkdir()
    Image.new("RGB", (600, 200), "white").save(art / "logo.png")
    (art / "mark.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    problems = ProblemList()
    assert (
        check_logo(tmp_path, f"art/{written}", tmp_path / "careprint.toml", 3, problems, 12) is None
    )
    [problem] = problems.errors
    assert problem.code == "CP1502" and problem.line == 3 and problem.fix.endswith(fix)


def test_a_jpeg_saved_as_png_says_how_to_make_a_png(tmp_path: Path) -> None:
    """A clinic that renamed logo.jpg to logo.png was told "is a JPEG image, not a PNG" and
    nothing more: renaming it back would be refused too."""
    Image.new("RGB", (600, 200), "navy").save(tmp_path / "logo.png", format="JPEG")
    said = check(tmp_path, "logo.png")[1]
    assert said.startswith('logo "logo.png" is a JPEG image, not a PNG; renaming a file')
    assert "export the logo as PNG or SVG" in said


def _weasyprint_warnings(path: Path) -> list[str]:
    """What WeasyPrint logs drawing the image (careprint fails a document on any warning)."""
    import logging

    import weasyprint
    from weasyprint.logger import LOGGER

    said: list[str] = []

    class Catch(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            said.append(record.getMessage())

    handler = Catch()
    LOGGER.addHandler(handler)
    try:
        weasyprint.HTML(string=f'<img src="{path.name}">', base_url=str(path.parent)).write_pdf()
    finally:
        LOGGER.removeHandler(handler)
    return said


@pytest.mark.parametrize(
    ("mode", "transparency"),
    [("1", None), ("L", None), ("L", 0), ("LA", None), ("P", None), ("P", 0), ("RGB", None)]
    + [("RGB", (0, 0, 0)), ("RGBA", None), ("I;16", None), ("I;16", 0)],
)
def test_a_png_passes_the_check_exactly_when_weasyprint_can_draw_it(
    tmp_path: Path, mode: str, transparency: object
) -> None:
    extra = {} if transparency is None else {"transparency": transparency}
    Image.new(mode, (600, 300)).save(tmp_path / "logo.png", **extra)  # type: ignore[arg-type]
    drawn = not _weasyprint_warnings(tmp_path / "logo.png")
    found, said = check(tmp_path, "logo.png")
    assert (found is not None) == drawn, (mode, transparency, said)
    if not drawn:
        assert "is a 16-bit greyscale PNG, which cannot be printed" in said
        assert "save it as an 8-bit PNG" in said


@pytest.mark.parametrize(
    "attributes,aspect",
    [
        ('viewBox="0 0 300 100"', 3.0),
        ('viewBox="0,0,50,100"', 0.5),
        ('width="40mm" height="10mm" viewBox="0 0 1 1"', 4.0),  # its size, not its viewBox
        ('width="100%" height="100%" viewBox="0 0 200 100"', 2.0),  # relative: the viewBox
        ('width="96px" height="1in"', 1.0),
    ],
)
def test_an_svg_logo_s_shape_is_what_weasyprint_sizes_it_by(
    tmp_path: Path, attributes: str, aspect: float
) -> None:
    (tmp_path / "logo.svg").write_text(
        f'<svg xmlns="http://www.w3.org/2000/svg" {attributes}><rect width="5" height="5"/></svg>'
    )
    found, said = check(tmp_path, "logo.svg")
    assert found is not None, said
    assert logo_aspect(found) == pytest.approx(aspect)


@pytest.mark.parametrize("box", ["0 0 300", "0 0 -300 100", "0 0 300 0", "a b c d"])
def test_an_svg_logo_whose_viewbox_gives_no_shape_is_refused(tmp_path: Path, box: str) -> None:
    (tmp_path / "logo.svg").write_text(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{box}"><rect width="5"/></svg>'
    )
    found, said = check(tmp_path, "logo.svg")
    assert found is None and "shape is unknown" in said and 'viewBox="0 0 300 100"' in said
