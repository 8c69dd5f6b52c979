"""`careprint doctor`: what this machine has, one line per requirement."""

from builder.typeset.doctor import diagnose


def test_fonts_are_listed_once_per_family_with_their_weights() -> None:
    [fonts] = [f for f in diagnose() if f.name == "Fonts"]
    assert fonts.ok
    families = fonts.detail.split(", ")
    assert "Noto Sans (normal and bold)" in families
    assert "Noto Sans CJK (normal and bold)" in families
    assert len(families) == len({f.split(" (")[0] for f in families})
