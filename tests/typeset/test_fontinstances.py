"""Static instances of the variable fonts: made once, static, and the same on every machine."""

import errno
import os
from pathlib import Path

import pytest
from fontTools import subset
from fontTools.ttLib import TTFont

from builder.base import writer
from builder.base.errors import SetupError
from builder.typeset.fontinstances import cache_root, collection_face, cutter, static_instance
from builder.typeset.fonts import DEBIAN_FONTS, _package_font

from ..conftest import MiniProject
from .test_fonts import fails_plainly


@pytest.mark.parametrize("weight,expected", [("normal", 400), ("bold", 700)])
def test_instance_is_static_at_its_weight(weight: str, expected: int) -> None:
    path = static_instance(_package_font("Noto Sans"), weight)  # cut once for the run
    font = TTFont(str(path))
    assert "fvar" not in font
    assert font["OS/2"].usWeightClass == expected


def small_variable_font(folder: Path) -> Path:
    """Noto Sans cut down to a few letters, still variable: the same code path, in a second."""
    options = subset.Options()
    options.layout_features = ["*"]
    font = TTFont(str(_package_font("Noto Sans")))
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="careprint 116 123")
    subsetter.subset(font)
    assert "fvar" in font
    path = folder / "NotoSans-Small[wdth,wght].ttf"
    font.save(str(path))
    return path


def test_instances_are_byte_identical_wherever_they_are_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    variable = small_variable_font(tmp_path)
    made = []
    for name in ("one", "two"):
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / name))
        path = static_instance(variable, "bold")
        assert path.is_relative_to(tmp_path / name)
        made.append(path.read_bytes())
    assert made[0] == made[1]
    assert list((tmp_path / "one").rglob("*.part")) == []


def test_instances_are_kept_under_what_cut_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new fontTools (or a change to the cutting code) cuts again instead of reusing."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    variable = small_variable_font(tmp_path)
    first = static_instance(variable, "normal")
    assert first.parent.parent == cache_root() and first.parent.name.endswith(cutter())
    cutter.cache_clear()
    monkeypatch.setattr("builder.typeset.fontinstances.metadata.version", lambda name: "999.0")
    try:
        second = static_instance(variable, "normal")
    finally:
        cutter.cache_clear()
    assert second.parent != first.parent and second.read_bytes() == first.read_bytes()


def test_a_collection_face_must_be_the_one_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Faces are taken from the .ttc by position; a collection ordered differently is a setup
    error, never Japanese forms printed under the Chinese name."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    collection = DEBIAN_FONTS / "opentype/noto/NotoSansCJK-Regular.ttc"
    with pytest.raises(SetupError, match="'Noto Sans CJK JP', not 'Noto Sans CJK SC'"):
        collection_face(collection, 0, "Noto Sans CJK SC")
    assert list(tmp_path.rglob("*.otf")) == []
    face = collection_face(collection, 2, "Noto Sans CJK SC")
    assert TTFont(str(face))["name"].getDebugName(1) == "Noto Sans CJK SC"


@pytest.mark.parametrize("command", ["build", "doctor"])
def test_a_cache_that_cannot_be_written_says_what_helps(
    command: str, tmp_path: Path, mini: MiniProject
) -> None:
    """A font cache under a file (which even root cannot write into) fails plainly, naming the
    file in the way and XDG_CACHE_HOME, never --out: no --out moves the cache."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache's parent should be")
    args = {
        "build": ["build", "--root", str(mini.root), "--country", "GB", "--product", "card-sheet"],
        "doctor": ["doctor"],
    }[command]
    out = tmp_path / "out"
    if command == "build":
        args += ["--out", str(out)]
    fails_plainly(
        args,
        {"XDG_CACHE_HOME": str(blocker / "cache")},
        out,
        f"{blocker} is a file",
        "set XDG_CACHE_HOME to a folder you may write to",
    )


@pytest.mark.parametrize("code", sorted(writer._OS_FIXES), ids=errno.errorcode.get)
def test_no_cache_fix_points_to_out(code: int) -> None:
    fix = writer.os_fix(OSError(code, os.strerror(code)), "cache")
    assert "XDG_CACHE_HOME" in fix and "--out" not in fix
