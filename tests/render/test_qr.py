from urllib.parse import unquote

import segno

from builder.render.qr import qr_image


def test_qr_is_vector_svg_sized_by_css() -> None:
    image = qr_image("https://www.samaritans.org", alt="QR", caption="Scan")
    assert image.src.startswith("data:image/svg+xml")
    svg_tag = unquote(image.src).split(">")[0]
    assert "viewBox" in svg_tag and "width=" not in svg_tag


def test_error_level_is_not_boosted() -> None:
    # segno would raise this short address to level Q; a fixed level keeps codes predictable.
    assert segno.make("https://3114.fr", error="m").error == "Q"
    assert qr_image("https://3114.fr", alt="QR", caption="Scan").error == "M"
