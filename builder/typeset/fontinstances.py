"""Static Regular and Bold instances of the pinned variable fonts, made once per machine.

WeasyPrint instantiates a variable font again for every document that embeds it, which was
about a fifth of each document's time in batch builds. Cutting the instances once, into a cache
keyed by the font file's contents and by what cut it (this module and the fontTools version: a
new fontTools may cut different bytes), removes that work; the glyphs are the same. The files are
written atomically and without a timestamp, so they are identical on every machine; a lock lets
one process cut while parallel workers wait for it instead of cutting the same font again.
"""

from __future__ import annotations

import fcntl
import hashlib
import io
from functools import cache
from importlib import metadata
from pathlib import Path

from builder.base.writer import user_cache, write_atomic

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
    folder = cache_root() / f"{_digest(variable)}-{cutter()}"
    return folder / f"{variable.stem.split('[')[0]}-{WEIGHTS[weight]}.ttf"


def static_instance(variable: Path, weight: str) -> Path:
    """The path of variable's instance at weight ("normal" or "bold"), made if missing."""
    target = instance_path(variable, weight)
    folder = target.parent
    if target.is_file():
        return target
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / f".{target.name}.lock").open("wb") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another process may be cutting it: wait, then reuse
        if not target.is_file():
            return _cut(variable, weight, target)
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
    cut = io.BytesIO()
    static.save(cut)
    write_atomic(target, cut.getvalue())
    return target
