"""What the machine has and lacks for fast, correct builds (`careprint doctor`)."""

from __future__ import annotations

import ctypes.util
from dataclasses import dataclass

from builder.base.errors import SetupError
from builder.base.writer import WriteError
from builder.typeset.fonts import font_faces


@dataclass(frozen=True)
class Finding:
    name: str
    ok: bool
    detail: str
    fix: str = ""


def _pango() -> Finding:
    try:
        from weasyprint.text.ffi import pango

        version = pango.pango_version()
        text = f"{version // 10000}.{version // 100 % 100}.{version % 100}"
        return Finding(
            "Pango",
            version >= 14400,
            text,
            "" if version >= 14400 else "WeasyPrint needs Pango 1.44 or newer",
        )
    except (OSError, ImportError) as exc:
        return Finding(
            "Pango",
            False,
            f"not loadable ({exc})",
            "apt-get install libpango-1.0-0 libpangoft2-1.0-0",
        )


def _subsetter() -> Finding:
    found = ctypes.util.find_library("harfbuzz-subset")
    return Finding(
        "HarfBuzz subsetter",
        found is not None,
        found or "missing",
        ""
        if found
        else "apt-get install libharfbuzz-subset0 (without it fonts are "
        "subset by fontTools: slow, and PDFs differ between runs)",
    )


def _fonts() -> Finding:
    try:
        faces = font_faces()
    except SetupError as exc:
        return Finding("Fonts", False, str(exc), "pip install -e . in the project's .venv")
    except WriteError as exc:  # the font cache cannot be written: its fix says what helps
        problem = exc.problem
        return Finding("Fonts", False, f"{problem.where()}: {problem.message}", problem.fix)
    weights: dict[str, list[str]] = {}
    for face in faces:
        weights.setdefault(face.family, []).append(face.weight)
    return Finding(
        "Fonts",
        True,
        ", ".join(f"{family} ({' and '.join(found)})" for family, found in weights.items()),
    )


def diagnose() -> list[Finding]:
    return [_pango(), _subsetter(), _fonts()]
