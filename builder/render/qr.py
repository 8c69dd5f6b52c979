"""QR codes for web addresses in the data, as vector SVG that stays sharp at any print size.

segno is used because it writes SVG without a raster step and lets us fix the error level
(`boost_error=False`), so the same address always gives the same code.
"""

from __future__ import annotations

from dataclasses import dataclass

import segno


@dataclass(frozen=True)
class QrImage:
    src: str  # data: URI of an SVG with a viewBox and no fixed size (CSS sets the size)
    url: str  # the address encoded
    alt: str  # text alternative for screen readers and tagged PDF
    caption: str  # printed under the code for people who cannot scan it
    error: str  # error-correction level actually used ("M")


def qr_image(url: str, alt: str, caption: str) -> QrImage:
    """A QR code for url at error level M with the standard 4-module quiet zone."""
    code = segno.make(url, error="m", boost_error=False, micro=False)
    src = code.svg_data_uri(border=4, omitsize=True, dark="#000", light="#fff")
    return QrImage(src, url, alt, caption, code.error)
