"""Static instances of the variable fonts: made once, static, and the same on every machine."""

from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from builder.fontinstances import static_instance
from builder.fonts import _package_font


@pytest.mark.parametrize("weight,expected", [("normal", 400), ("bold", 700)])
def test_instance_is_static_at_its_weight(weight: str, expected: int) -> None:
    path = static_instance(_package_font("Noto Sans"), weight)
    font = TTFont(str(path))
    assert "fvar" not in font
    assert font["OS/2"].usWeightClass == expected


def test_instances_are_byte_identical_wherever_they_are_made(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    variable = _package_font("Noto Sans")
    made = []
    for name in ("one", "two"):
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / name))
        made.append(static_instance(variable, "bold").read_bytes())
    assert made[0] == made[1]
    assert list((tmp_path / "one").rglob("*.part")) == []
