from datetime import date
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
    card.write_text(card.read_text().replace('"Be patient."', '"' + "Be patient. " * 40 + '"'))
    with pytest.raises(InputError, match="does not fit"):
        build(request(mini, countries=["GB"]))
    assert not (mini.root / "out").exists()


DOUBTFUL = """
[[services]]
id = "doubtful"
kind = "crisis"
name = "Doubtful line"
open_24_7 = true
caution = true
caution_reason = "only one old source"
unconfirmed = ["number"]
source_url = "https://example.org/doubt"
checked = 2026-11-01

[[services.contacts]]
type = "phone"
value = "0800 1111"
"""


def test_caution_services_stay_off_cards_but_are_marked_on_the_handout(
        mini: MiniProject) -> None:
    path = mini.helplines / "GB.toml"
    path.write_text(path.read_text() + DOUBTFUL)
    result = build(request(mini, countries=["GB"]))
    out = mini.root / "out/mini/GB/en"
    assert "Doubtful" not in text_of(out / "card-sheet.pdf")
    handout = " ".join(text_of(out / "handout.pdf").split())
    assert "Doubtful line" in handout and "0800 1111" in handout
    assert ("Check before relying on this service: The number could not be confirmed in a "
            "current source.") in handout
    # Not in the "call now" box either: the box comes before the help directory.
    assert handout.index("Doubtful line") > handout.index("Crisis lines")
    assert any("doubtful left off the card" in w.message for w in result.warnings)


def test_pack_can_put_caution_services_on_cards(mini: MiniProject) -> None:
    path = mini.helplines / "GB.toml"
    path.write_text(path.read_text() + DOUBTFUL)
    pack = mini.pack / "pack.toml"
    pack.write_text(pack.read_text() + "\n[helplines]\ncaution_on_cards = true\n")
    build(request(mini, countries=["GB"], products=["card-sheet"]))
    assert text_of(mini.root / "out/mini/GB/en/card-sheet.pdf").count("0800 1111") == 10


def test_strict_turns_warnings_into_failures(mini: MiniProject, tmp_path: Path) -> None:
    (mini.pack / "modules" / "stray.md").write_text((mini.pack / "modules/first.md").read_text())
    with pytest.raises(InputError, match="not listed"):
        build(request(mini, countries=["GB"], strict=True))


def make_stale(mini: MiniProject) -> None:
    path = mini.helplines / "GB.toml"
    path.write_text(path.read_text().replace("checked = 2026-11-01", "checked = 2024-06-01"))


def test_stale_numbers_stop_the_build(mini: MiniProject) -> None:
    make_stale(mini)
    with pytest.raises(InputError, match=r"29 months before") as info:
        build(request(mini, countries=["GB"]))
    assert all(p.line for p in info.value.problems())
    assert not (mini.root / "out").exists()


def test_allow_stale_builds_and_says_so_on_every_pdf(mini: MiniProject) -> None:
    make_stale(mini)
    result = build(request(mini, countries=["GB", "US"], allow_stale=True))
    out = mini.root / "out/mini"
    card = text_of(out / "GB/en/card-sheet.pdf")
    assert card.count("Numbers may be out of date.") == 10
    assert card.count("Numbers checked June 1, 2024") == 10
    handout = " ".join(text_of(out / "GB/en/handout.pdf").split())
    pages = handout.count("Page ")
    assert handout.count("Numbers may be out of date.") >= pages  # every footer, and the help page
    assert "Some of the numbers below were last checked a long time ago" in handout
    assert any("--allow-stale" in w.message for w in result.warnings)
    assert "out of date" not in text_of(out / "US/en/card-sheet.pdf")


def test_old_but_not_stale_warns_without_marking_pdfs(mini: MiniProject) -> None:
    path = mini.helplines / "GB.toml"
    path.write_text(path.read_text().replace("checked = 2026-11-01", "checked = 2025-10-01", 1))
    result = build(request(mini, countries=["GB"], products=["card-sheet"]))
    assert [w.line for w in result.warnings if "13 months" in w.message] == [11]
    assert "out of date" not in text_of(result.written[0])


def test_build_date_can_be_given(mini: MiniProject) -> None:
    with pytest.raises(InputError, match="after the build date 2026-01-01"):
        build(request(mini, countries=["GB"], today=date(2026, 1, 1)))
