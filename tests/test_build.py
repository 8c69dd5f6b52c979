from pathlib import Path

import pytest

from builder.build import BuildRequest, build
from builder.errors import InputError

from .conftest import MiniProject
from .pdftext import page_sizes_mm, text_of


def request(mini: MiniProject, **kw: object) -> BuildRequest:
    return BuildRequest(root=mini.root, out=mini.root / "out", **kw)  # type: ignore[arg-type]


def test_builds_handout_and_card_sheet_per_country(mini: MiniProject) -> None:
    result = build(request(mini, countries=["GB", "US"]))
    out = mini.root / "out" / "mini"
    assert sorted(p.relative_to(out).as_posix() for p in result.written) == [
        "GB/en/card-sheet.pdf", "GB/en/handout.pdf", "US/en/card-sheet.pdf", "US/en/handout.pdf"]
    assert set(page_sizes_mm(out / "GB/en/handout.pdf")) == {(210.0, 297.0)}
    assert set(page_sizes_mm(out / "US/en/handout.pdf")) == {(215.9, 279.4)}
    handout = text_of(out / "GB/en/handout.pdf")
    assert "999" in handout and "116 123" in handout and "911" not in handout
    assert "Page 1 of" in handout


def test_card_sheet_is_two_pages_of_one_size(mini: MiniProject) -> None:
    build(request(mini, countries=["GB"], products=["card-sheet"]))
    path = mini.root / "out/mini/GB/en/card-sheet.pdf"
    assert page_sizes_mm(path) == [(210.0, 297.0)] * 2
    text = text_of(path)
    assert text.count("116 123") == 10 and text.count("Remember") == 10


def test_no_partial_output_when_one_document_fails(mini: MiniProject) -> None:
    card = mini.pack / "card.toml"
    card.write_text(card.read_text().replace('"Be patient."', '"' + "Be patient. " * 80 + '"'))
    with pytest.raises(InputError, match="does not fit"):
        build(request(mini, countries=["GB"]))
    assert not (mini.root / "out").exists()


def test_caution_services_stay_off_by_default(mini: MiniProject) -> None:
    path = mini.helplines / "GB.toml"
    path.write_text(path.read_text() + """
[[services]]
id = "doubtful"
kind = "crisis"
name = "Doubtful line"
open_24_7 = true
caution = true
caution_reason = "only one old source"
source_url = "https://example.org/doubt"
checked = 2026-11-01

[[services.contacts]]
type = "phone"
value = "0800 1111"
""")
    result = build(request(mini, countries=["GB"], products=["handout"]))
    assert "Doubtful" not in text_of(result.written[0])
    assert any("doubtful left out" in w.message for w in result.warnings)


def test_strict_turns_warnings_into_failures(mini: MiniProject, tmp_path: Path) -> None:
    (mini.pack / "modules" / "stray.md").write_text((mini.pack / "modules/first.md").read_text())
    with pytest.raises(InputError, match="not listed"):
        build(request(mini, countries=["GB"], strict=True))
