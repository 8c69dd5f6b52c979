"""Fonts come from pinned Python packages (fontpkg-*), so two machines typeset alike.

The font stack is declared here once; templates name the family "careprint" and WeasyPrint falls
through the stack per character, so Latin, Arabic and Devanagari each get a font that has them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import fontpkg

from .errors import SetupError

# (family in fontpkg, scripts it is here for)
STACK = (
    ("Noto Sans", "Latin, Greek, Cyrillic"),
    ("Noto Sans Arabic", "Arabic"),
    ("Noto Sans Devanagari", "Devanagari"),
)


@dataclass(frozen=True)
class FontFace:
    family: str
    path: Path


@cache
def font_faces() -> tuple[FontFace, ...]:
    faces = []
    for family, _scripts in STACK:
        try:
            faces.append(FontFace(family, Path(fontpkg.path(family)).resolve()))
        except fontpkg.FontpkgError as exc:
            raise SetupError(f"font {family!r} is not installed ({exc}); "
                             "run `make demo` or `pip install -e .` again") from exc
    return tuple(faces)


def font_dirs() -> tuple[Path, ...]:
    return tuple(sorted({face.path.parent for face in font_faces()}))


def font_face_css() -> str:
    """@font-face rules for the stack, and the family list templates use."""
    rules = []
    for face in font_faces():
        rules.append(f"@font-face {{ font-family: '{face.family}'; "
                     f"src: url('{face.path.as_uri()}'); }}")
    families = ", ".join(f"'{face.family}'" for face in font_faces())
    rules.append(f":root {{ --careprint-fonts: {families}; }}")
    rules.append(f"html {{ font-family: {families}; }}")
    return "\n".join(rules)
