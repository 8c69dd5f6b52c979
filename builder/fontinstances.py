"""Static Regular and Bold instances of the pinned variable fonts, made once per machine.

WeasyPrint instantiates a variable font again for every document that embeds it, which was
about a fifth of each document's time in batch builds. Cutting the instances once, into a cache
keyed by the font file's contents, removes that work; the glyphs are the same. The files are
written atomically (parallel workers may race) and without a timestamp, so they are identical
on every machine.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from .writer import user_cache

WEIGHTS = {"normal": 400, "bold": 700}


def cache_root() -> Path:
    return user_cache("font-instances")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def static_instance(variable: Path, weight: str) -> Path:
    """The path of variable's instance at weight ("normal" or "bold"), made if missing."""
    folder = cache_root() / _digest(variable)
    target = folder / f"{variable.stem.split('[')[0]}-{WEIGHTS[weight]}.ttf"
    if target.is_file():
        return target
    from fontTools.ttLib import TTFont  # only here: cutting is once per machine
    from fontTools.varLib.instancer import instantiateVariableFont

    font = TTFont(str(variable))
    if "fvar" not in font:
        return variable
    axes = {axis.axisTag: axis.defaultValue for axis in font["fvar"].axes}
    axes["wght"] = WEIGHTS[weight]
    static = instantiateVariableFont(font, axes)
    static.recalcTimestamp = False
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, suffix=".part")
    os.close(handle)
    try:
        static.save(temporary)
        os.replace(temporary, target)
    finally:
        Path(temporary).unlink(missing_ok=True)
    return target
