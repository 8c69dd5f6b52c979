"""Fonts cut once per machine: static Regular and Bold instances of the pinned variable fonts,
and single faces taken out of a font collection (Noto Sans CJK's .ttc).

WeasyPrint instantiates a variable font again for every document that embeds it, which was
about a fifth of each document's time in batch builds. Cutting the instances once, into a cache
keyed by the font file's contents and by what cut it (this module and the fontTools version: a
new fontTools may cut different bytes), removes that work; the glyphs are the same. A collection
holds the Japanese, Korean, Simplified and Traditional Chinese faces in one file, and
WeasyPrint's @font-face only ever uses its first face, so each face a document needs is saved
as a font of its own. The files are
written atomically and without a timestamp, so they are identical on every machine; a lock lets
one process cut while parallel workers wait for it instead of cutting the same font again.
"""

from __future__ import annotations

import fcntl
import hashlib
import io
from collections.abc import Callable
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from builder.base.errors import SetupError
from builder.base.writer import WriteError, user_cache, write_atomic

WEIGHTS = {"normal": 400, "bold": 700}


def cache_root() -> Path:
    return user_cache("font-instances")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


@cache
def cutter() -> str:
    """What cuts the instances: this module's code and the installed fontTools version."""
    made_by = Path(__file__).read_bytes() + metadata.version("fonttools").encode()
    return hashlib.sha256(made_by).hexdigest()[:12]


def instance_path(variable: Path, weight: str) -> Path:
    """Where variable's instance at weight ("normal" or "bold") is kept, made or not."""
    return _kept(variable, f"{variable.stem.split('[')[0]}-{WEIGHTS[weight]}.ttf")


def _kept(source: Path, name: str) -> Path:
    """Where the file `name` cut from source is kept, made or not."""
    return cache_root() / f"{_digest(source)}-{cutter()}" / name


def _made_once(target: Path, make: Callable[[Path], Path]) -> Path:
    """target, made by make(target) if missing. Unlike the other caches, a build cannot go on
    without it: a cache the machine refuses is a WriteError whose fix names XDG_CACHE_HOME."""
    folder = target.parent
    if target.is_file():
        return target
    lock_path = folder / f".{target.name}.lock"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        lock = lock_path.open("wb")
    except OSError as exc:
        raise WriteError(Path(exc.filename or lock_path), exc, "cache") from None
    with lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another process may be cutting it: wait, then reuse
        if not target.is_file():
            return make(target)
    return target


def static_instance(variable: Path, weight: str) -> Path:
    """The path of variable's instance at weight ("normal" or "bold"), made if missing."""
    target = instance_path(variable, weight)
    return _made_once(target, lambda target: _cut(variable, weight, target))


def collection_face(collection: Path, index: int, family: str) -> Path:
    """Face `index` of a .ttc saved as a font of its own, made if missing. `family` is the
    name the face must carry (a different Debian build could order its faces differently)."""
    target = _kept(collection, f"{collection.stem}-{index}.otf")
    return _made_once(target, lambda target: _take(collection, index, family, target))


def _take(collection: Path, index: int, family: str, target: Path) -> Path:
    from fontTools.ttLib import TTCollection  # only here: cutting is once per machine

    font = TTCollection(str(collection), lazy=True).fonts[index]
    found = font["name"].getDebugName(1)
    if found != family:
        raise SetupError(
            "CP6204",
            f"face {index} of {collection} is {found!r}, not {family!r}; "
            "builder/typeset/fonts.py lists the faces of the collection it expects",
        )
    font.recalcTimestamp = False
    _save(font, target)
    return target


def _cut(variable: Path, weight: str, target: Path) -> Path:
    from fontTools.ttLib import TTFont  # only here: cutting is once per machine
    from fontTools.varLib.instancer import instantiateVariableFont

    font = TTFont(str(variable))
    if "fvar" not in font:
        return variable  # already static: nothing to cut
    axes = {axis.axisTag: axis.defaultValue for axis in font["fvar"].axes}
    axes["wght"] = WEIGHTS[weight]
    static = instantiateVariableFont(font, axes)
    static.recalcTimestamp = False
    _save(static, target)
    return target


def _save(font: Any, target: Path) -> None:
    """Written atomically: a reader never sees half a font."""
    cut = io.BytesIO()
    font.save(cut)
    write_atomic(target, cut.getvalue(), "cache")
