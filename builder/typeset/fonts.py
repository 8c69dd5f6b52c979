"""The only fonts careprint typesets with, so two machines produce the same PDF.

Latin, Arabic and Devanagari come from pinned Python packages (fontpkg-*). No such packages
exist for CJK, Hebrew, Bengali, Armenian and Thai, so those come from Debian's fonts-noto-cjk
and fonts-noto-core, installed by the Makefile (fixed versions within a Debian release).
Fontconfig is pointed at a configuration that lists nothing else, so a system font can never
slip in as a silent fallback, and every character a document will print is checked against
these fonts before typesetting.

Han characters are drawn differently in Japan, Korea, mainland China, Taiwan and Hong Kong
(骨, 直), and a reader sees the foreign forms at once. Noto Sans CJK has a face for each, with
the same coverage, so a document gets exactly one of them, chosen from its language (and, for
a language written without Han characters, from its country: a Taiwanese helpline's Chinese
name in an English handout is in Traditional forms).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path

import fontpkg
from babel import Locale, UnknownLocaleError

from builder.base.errors import SetupError
from builder.base.scratch import system_tmp
from builder.base.writer import read_cache, user_cache, write_atomic, write_cache
from builder.typeset.fontinstances import (
    WEIGHTS,
    cache_root,
    collection_face,
    instance_path,
    static_instance,
)

DEBIAN_FONTS = Path("/usr/share/fonts")


@dataclass(frozen=True)
class FontFace:
    family: str
    path: Path
    weight: str = "normal"
    scripts: str = ""


def _package_font(family: str) -> Path:
    try:
        return Path(fontpkg.path(family)).resolve()
    except fontpkg.FontpkgError as exc:
        raise SetupError(
            "CP6201",
            f"font {family!r} is not installed ({exc}); run `make demo` "
            "or `pip install -e .` in the project's .venv",
        ) from exc


# careprint's own fonts (Python packages): family and scripts; Regular and Bold are cut from each.
PACKAGE_STACK = (
    ("Noto Sans", "Latin, Greek, Cyrillic"),
    ("Noto Sans Arabic", "Arabic"),
    ("Noto Sans Devanagari", "Devanagari"),
)
# Issue #12 measured 26-32 s of silence on a first run; a busy shared two-core machine took 88 s.
CUTTING_SECONDS = 30


def instances_to_cut() -> int:
    """How many font instances the first build on this machine still has to cut (0 after)."""
    return sum(
        not instance_path(_package_font(family), weight).is_file()
        for family, _ in PACKAGE_STACK
        for weight in WEIGHTS
    )


def _fontpkg(family: str, scripts: str) -> tuple[FontFace, FontFace]:
    """Regular and Bold, cut from the package's variable font once (see fontinstances)."""
    variable = _package_font(family)
    return tuple(
        FontFace(family, static_instance(variable, weight), weight, scripts)
        for weight in ("normal", "bold")
    )  # type: ignore[return-value]


def _debian(family: str, relative: str, weight: str, scripts: str, package: str) -> FontFace:
    path = DEBIAN_FONTS / relative
    if not path.is_file():
        raise SetupError(
            "CP6202",
            f"font file {path} is missing; install the Debian package {package} "
            f"(`make demo` does this as root)",
        )
    return FontFace(family, path, weight, scripts)


# (family, file stem under /usr/share/fonts, suffix, scripts, Debian package): Regular and Bold.
DEBIAN_STACK = (
    ("Noto Sans Hebrew", "truetype/noto/NotoSansHebrew", ".ttf", "Hebrew", "fonts-noto-core"),
    ("Noto Sans Bengali", "truetype/noto/NotoSansBengali", ".ttf", "Bengali", "fonts-noto-core"),
    ("Noto Sans Armenian", "truetype/noto/NotoSansArmenian", ".ttf", "Armenian", "fonts-noto-core"),
    ("Noto Sans Thai", "truetype/noto/NotoSansThai", ".ttf", "Thai", "fonts-noto-core"),
    (
        "Noto Sans CJK",
        "opentype/noto/NotoSansCJK",
        ".ttc",
        "Chinese, Japanese, Korean",
        "fonts-noto-cjk",
    ),
)

# The faces of the Noto Sans CJK collection, in file order, each named for the forms it draws.
CJK_FORMS = ("JP", "KR", "SC", "TC", "HK")
# Documents with no Han characters of their own keep the forms the stack has always used.
DEFAULT_CJK_FORMS = "JP"


def cjk_forms(lang: str, country: str) -> str:
    """The Noto Sans CJK face (one of CJK_FORMS) for a document in lang ("zh-Hant") printed
    for country ("HK"). The country decides only for Traditional Chinese in Hong Kong, whose
    forms follow Hong Kong's own standard rather than Taiwan's, and for languages written
    without Han characters, where CLDR's likely language of the country (und_TW: zh_Hant)
    stands in."""
    try:
        locale = Locale.parse(lang, sep="-")
        if locale.language not in ("zh", "ja", "ko"):
            locale = Locale.parse(f"und_{country}")
    except (UnknownLocaleError, ValueError):
        return DEFAULT_CJK_FORMS
    if locale.language == "ja":
        return "JP"
    if locale.language == "ko":
        return "KR"
    if locale.language != "zh":
        return DEFAULT_CJK_FORMS
    script = locale.script or Locale.parse(f"zh_{country}").script
    if script == "Hant":
        return "HK" if country == "HK" else "TC"
    return "SC"


@cache
def font_faces() -> tuple[FontFace, ...]:
    """The font stack, in fallback order, as installed (Noto Sans CJK as its collection)."""
    return (
        *(face for family, scripts in PACKAGE_STACK for face in _fontpkg(family, scripts)),
        *(
            _debian(family, f"{stem}-{style}{suffix}", weight, scripts, package)
            for family, stem, suffix, scripts, package in DEBIAN_STACK
            for weight, style in (("normal", "Regular"), ("bold", "Bold"))
        ),
    )


@cache
def typeset_faces(forms: str = DEFAULT_CJK_FORMS) -> tuple[FontFace, ...]:
    """The stack a document is typeset with: the collection replaced by its face for forms,
    cut into the font cache once, under its own family name ("Noto Sans CJK TC")."""
    index = CJK_FORMS.index(forms)
    faces = []
    for face in font_faces():
        if face.path.suffix == ".ttc":
            family = f"{face.family} {forms}"
            face = FontFace(
                family, collection_face(face.path, index, family), face.weight, face.scripts
            )
        faces.append(face)
    return tuple(faces)


def font_dirs() -> tuple[Path, ...]:
    """Folders WeasyPrint may read fonts from (the cut faces are in the font cache)."""
    return tuple(sorted({face.path.parent for face in font_faces()} | {cache_root()}))


def families(forms: str = DEFAULT_CJK_FORMS) -> list[str]:
    return list(dict.fromkeys(face.family for face in typeset_faces(forms)))


@cache
def font_face_css(forms: str = DEFAULT_CJK_FORMS) -> str:
    """@font-face rules for the stack, and the family list, for documents whose Han
    characters take the forms `forms` (see cjk_forms)."""
    rules = [
        f"@font-face {{ font-family: '{face.family}'; src: url('{face.path.as_uri()}'); "
        f"font-weight: {face.weight}; }}"
        for face in typeset_faces(forms)
    ]
    stack = ", ".join(f"'{family}'" for family in families(forms))
    rules.append(f"html {{ font-family: {stack}; }}")
    return "\n".join(rules)


@cache
def fontconfig_file() -> Path:
    """A fontconfig configuration that knows only the pinned fonts' folders.

    The file is named by a digest of its text and written whole (write_atomic), never
    rewritten in place: builds running at once read it while it is being made, and two
    installations on one machine (two checkouts, two venvs) point at different font folders,
    so each gets a file of its own instead of taking turns overwriting one.
    """
    folder = system_tmp() / f"careprint-fontconfig-{os.getuid()}"
    pinned = {f.path.parent for f in font_faces() if not f.path.is_relative_to(DEBIAN_FONTS)}
    dirs = "\n".join(f"  <dir>{d}</dir>" for d in sorted(pinned))
    text = (
        f'<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        f"<fontconfig>\n{dirs}\n  <cachedir>{folder / 'cache'}</cachedir>\n</fontconfig>\n"
    )
    conf = folder / f"fonts-{hashlib.sha256(text.encode()).hexdigest()[:16]}.conf"
    if not conf.is_file():  # in the temporary folder, which TMPDIR moves and --out does not
        write_atomic(conf, text.encode(), "temp")
    return conf


def use_pinned_fonts() -> None:
    """Point fontconfig at the pinned fonts only; call before WeasyPrint loads any font."""
    os.environ["FONTCONFIG_FILE"] = str(fontconfig_file())


@cache
def covered_characters() -> frozenset[int]:
    """Every code point some font of the stack has a glyph for.

    Reading the character maps (the CJK collection's above all) takes ~0.3 s, which every
    worker process would pay again, so the result is kept in the user's cache under the
    fonts' paths, sizes and modification times (what installing or updating a font changes)
    and the code that reads them (this module and the fontTools version).
    """
    code = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
    stamp = "\n".join(
        [
            code,
            f"fontTools {metadata.version('fonttools')}",
            *(
                f"{face.path}:{face.path.stat().st_size}:{face.path.stat().st_mtime_ns}"
                for face in font_faces()
            ),
        ]
    )
    path = user_cache("coverage") / f"{hashlib.sha256(stamp.encode()).hexdigest()[:24]}.txt"
    try:
        return frozenset(_from_ranges((read_cache(path) or b"").decode("ascii")))
    except ValueError:
        pass  # first run with these fonts, or a damaged file: read the fonts
    points = _read_cmaps()
    write_cache(path, _to_ranges(points).encode("ascii"))
    return points


def _read_cmaps() -> frozenset[int]:
    from fontTools.ttLib import TTCollection, TTFont  # typesetting only: keep planning light

    points: set[int] = set()
    for face in font_faces():
        if face.path.suffix == ".ttc":
            font = TTCollection(str(face.path), lazy=True).fonts[0]
        else:
            font = TTFont(str(face.path), lazy=True)
        points.update(font.getBestCmap() or {})
    return frozenset(points)


def _to_ranges(points: frozenset[int]) -> str:
    """ "first-last" per line for each run of consecutive code points."""
    lines, ordered = [], sorted(points)
    start = previous = ordered[0] if ordered else 0
    for point in ordered[1:]:
        if point != previous + 1:
            lines.append(f"{start:x}-{previous:x}")
            start = point
        previous = point
    if ordered:
        lines.append(f"{start:x}-{previous:x}")
    return "\n".join(lines) + "\n"


def _from_ranges(text: str) -> set[int]:
    points: set[int] = set()
    for line in text.split():
        first, last = line.split("-")
        points.update(range(int(first, 16), int(last, 16) + 1))
    if not points:
        raise ValueError("empty coverage file")
    return points


def missing_characters(text: str) -> list[str]:
    """Characters of text that no font covers (whitespace and format controls ignored)."""
    covered = covered_characters()
    seen: dict[str, None] = {}
    for char in text:
        if ord(char) not in covered and not char.isspace() and ord(char) not in _IGNORABLE:
            seen.setdefault(char, None)
    return list(seen)


# Joiners and direction marks shape text but need no glyph of their own.
_IGNORABLE = frozenset(
    {0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2066, 0x2067, 0x2068, 0x2069, 0xFE0F, 0x00AD}
)
