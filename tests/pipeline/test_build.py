import hashlib
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject, StreamObject

from builder.base.errors import InputError
from builder.plan.request import BuildRequest

from ..building import build_docs
from ..conftest import DEMO, REPO, TIMEOUT, MiniProject
from ..pdftext import page_sizes_mm, structure_elements, text_of


def request(mini: MiniProject, **kw: object) -> BuildRequest:
    return BuildRequest(root=mini.root, out=mini.root / "out", **kw)  # type: ignore[arg-type]


def test_builds_handout_and_card_sheet_per_country(mini: MiniProject) -> None:
    result = build_docs(request(mini, countries=["GB", "US"]))
    out = mini.root / "out" / "mini"
    assert sorted(p.relative_to(out).as_posix() for p in result.written) == [
        "GB/en/card-sheet.pdf",
        "GB/en/handout.pdf",
        "US/en/card-sheet.pdf",
        "US/en/handout.pdf",
    ]
    assert set(page_sizes_mm(out / "GB/en/handout.pdf")) == {(210.0, 297.0)}
    assert set(page_sizes_mm(out / "US/en/handout.pdf")) == {(215.9, 279.4)}
    handout = text_of(out / "GB/en/handout.pdf")
    assert "999" in handout and "116 123" in handout and "911" not in handout
    assert "Page 1 of" in handout


def test_a_project_folder_given_relative_builds_from_the_working_directory(
    mini: MiniProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The library takes a relative root as the CLI's --root does (it crashed, CP7203)."""
    monkeypatch.chdir(mini.root.parent)
    result = build_docs(BuildRequest(root=Path(mini.root.name), out=Path("out"), countries=["GB"]))
    assert sorted(p.as_posix() for p in result.written) == [
        "out/mini/GB/en/card-sheet.pdf",
        "out/mini/GB/en/handout.pdf",
    ]
    assert "999" in text_of(mini.root.parent / "out/mini/GB/en/card-sheet.pdf")


def test_card_sheet_is_two_pages_of_one_size(mini: MiniProject) -> None:
    build_docs(request(mini, countries=["GB"], products=["card-sheet"]))
    path = mini.root / "out/mini/GB/en/card-sheet.pdf"
    assert page_sizes_mm(path) == [(210.0, 297.0)] * 2
    text = text_of(path)
    assert text.count("116 123") == 10 and text.count("Remember") == 10


def test_a_document_that_fails_is_not_written_and_the_others_are(mini: MiniProject) -> None:
    card = mini.pack / "card.toml"
    card.write_text(card.read_text().replace('"Be patient."', '"' + "Be patient. " * 80 + '"'))
    with pytest.raises(InputError, match="does not fit"):
        build_docs(request(mini, countries=["GB"]))
    out = mini.root / "out" / "mini" / "GB" / "en"
    assert not (out / "card-sheet.pdf").exists() and not list(out.glob(".*.part"))
    assert (out / "handout.pdf").is_file()


DOUBTFUL = """
[[services]]
id = "doubtful"
kind = "crisis"
name = "Doubtful line"
open_24_7 = true
caution = "withhold"
caution_reason = "only one old source"
unconfirmed = ["number"]
source_url = "https://example.org/doubt"
checked = 2026-11-01

[[services.contacts]]
type = "phone"
value = "0800 1111"
"""


def test_withheld_services_stay_off_cards_but_are_marked_on_the_handout(mini: MiniProject) -> None:
    path = mini.helplines / "GB.toml"
    path.write_text(path.read_text() + DOUBTFUL)
    result = build_docs(request(mini, countries=["GB"]))
    out = mini.root / "out/mini/GB/en"
    assert "Doubtful" not in text_of(out / "card-sheet.pdf")
    handout = " ".join(text_of(out / "handout.pdf").split())
    assert "Doubtful line" in handout and "0800 1111" in handout
    assert (
        "Check before relying on this service: The number could not be confirmed in a "
        "current source."
    ) in handout
    # Not in the "call now" box either: the box comes before the help directory.
    assert handout.index("Doubtful line") > handout.index("Crisis lines")
    assert any("doubtful left off the card (withheld" in w.message for w in result.warnings)


def test_a_noted_line_prints_everywhere_with_its_note(mini: MiniProject) -> None:
    """A new line, or one whose hours or cost are uncertain, keeps its place on the card."""
    path = mini.helplines / "GB.toml"
    path.write_text(
        path.read_text().replace(
            'name = "Samaritans"',
            'name = "Samaritans"\ncaution = "note"\n'
            'caution_reason = "launched last month"\nunconfirmed = ["new"]\n'
            'reader_note = "Landlines only"',
        )
    )
    build_docs(request(mini, countries=["GB"]))
    out = mini.root / "out/mini/GB/en"
    card = text_of(out / "card-sheet.pdf")
    assert card.count("116 123") == 10 and card.count("Landlines only") == 10
    assert "No crisis line" not in card
    handout = " ".join(text_of(out / "handout.pdf").split())
    assert "Landlines only This service is new, so its details may still change." in handout
    assert "Check before relying" not in handout


def test_a_withheld_only_crisis_line_leaves_a_card_that_says_so(mini: MiniProject) -> None:
    path = mini.helplines / "GB.toml"
    path.write_text(
        path.read_text()
        .replace(
            'name = "Samaritans"',
            'name = "Samaritans"\ncaution = "withhold"\n'
            'caution_reason = "number disputed"\nunconfirmed = ["number"]',
        )
        .replace(
            'timezone = "Europe/London"',
            'timezone = "Europe/London"\ncrisis_gap = "the only crisis line is withheld"',
        )
    )
    result = build_docs(request(mini, countries=["GB"], products=["card-sheet"]))
    card = text_of(mini.root / "out/mini/GB/en/card-sheet.pdf")
    assert "116 123" not in card
    assert card.count("No crisis line was found for this country.") == 10
    assert any("GB has no crisis line to print on the card" in w.message for w in result.warnings)


def test_caution_on_cards_is_refused_with_the_reason(mini: MiniProject) -> None:
    pack = mini.pack / "pack.toml"
    pack.write_text(pack.read_text() + "\n[helplines]\ncaution_on_cards = true\n")
    with pytest.raises(InputError, match="caution_on_cards is no longer a setting"):
        build_docs(request(mini, countries=["GB"], products=["card-sheet"]))


def test_strict_turns_warnings_into_failures(mini: MiniProject, tmp_path: Path) -> None:
    (mini.pack / "modules" / "stray.md").write_text((mini.pack / "modules/first.md").read_text())
    with pytest.raises(InputError, match="not listed"):
        build_docs(request(mini, countries=["GB"], strict=True))


def sha256s(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*.pdf"))
    }


def test_two_builds_of_the_demo_are_byte_identical(demo: Path, tmp_path: Path) -> None:
    """The run's demo build, and one in a fresh process with another hash seed and the real
    clock (no SOURCE_DATE_EPOCH; only the day that judges the numbers' age is fixed)."""
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env["PYTHONHASHSEED"] = "12345"
    subprocess.run(
        [
            str(Path(sys.executable).parent / "careprint"),
            "build",
            "--root",
            str(REPO),
            *DEMO.args,  # the demo's own command, into another folder
            "--out",
            str(tmp_path / "second"),
        ],
        check=True,
        env=env,
        capture_output=True,
        cwd=REPO,
        timeout=TIMEOUT,
    )
    first, second = sha256s(demo), sha256s(tmp_path / "second")
    assert len(first) >= 8 and first.keys() == second.keys()
    assert first == second


def test_build_borrows_source_date_epoch_and_puts_it_back(mini: MiniProject) -> None:
    before = os.environ.get("SOURCE_DATE_EPOCH")
    build_docs(request(mini, countries=["GB"], products=["card-sheet"]))
    assert os.environ.get("SOURCE_DATE_EPOCH") == before  # borrowed while writing, then put back


def test_handout_is_tagged_with_metadata_from_the_inputs(mini: MiniProject) -> None:
    build_docs(request(mini, countries=["GB"], products=["handout"]))
    path = mini.root / "out/mini/GB/en/handout.pdf"
    reader = PdfReader(path)
    info = reader.metadata
    assert info is not None
    assert info.title == "A small test pack" and info.subject == "A small test pack"
    assert info.creator == "careprint 0.1.0" and info.producer == "WeasyPrint 70.0"
    assert str(info["/CreationDate"]).startswith("D:20261101")  # pack.toml date, not the clock
    root = reader.trailer["/Root"].get_object()
    assert isinstance(root, DictionaryObject)
    mark_info, metadata = root["/MarkInfo"].get_object(), root["/Metadata"].get_object()
    assert isinstance(mark_info, DictionaryObject) and isinstance(metadata, StreamObject)
    assert str(root["/Lang"]) == "en" and mark_info["/Marked"]
    xmp = metadata.get_data()
    assert b'pdfuaid:part="1"' in xmp or b"<pdfuaid:part>1</pdfuaid:part>" in xmp
    roles = {str(node["/S"]) for node in structure_elements(path) if "/S" in node}
    assert {"/H1", "/H2", "/H3", "/P", "/L"} <= roles
    footer = " ".join(text_of(path).split())
    pages = len(reader.pages)
    assert f"Page 1 of {pages}" in footer and f"Page {pages} of {pages}" in footer
    # Each footer part on a line of its own (title · language · version, then the date).
    assert "A small test pack · English · v1.2.3 Numbers checked 1 November 2026" in footer


def test_heading_left_at_a_page_bottom_fails_the_build(mini: MiniProject) -> None:
    css = mini.root / "templates" / "css" / "handout.css"
    css.write_text(css.read_text() + "\n.module h2 { break-after: page; }\n")
    with pytest.raises(InputError, match='First things" sits alone at the bottom of page'):
        build_docs(request(mini, countries=["GB"], products=["handout"]))


def test_call_now_box_split_over_two_pages_fails_the_build(mini: MiniProject) -> None:
    css = mini.root / "templates" / "css" / "handout.css"
    css.write_text(css.read_text() + "\n.cover .urgent { break-inside: auto; margin-top: 200mm }\n")
    with pytest.raises(InputError, match=r'text does not fit in the "call now" box'):
        build_docs(request(mini, countries=["GB"], products=["handout"]))


def make_stale(mini: MiniProject) -> None:
    path = mini.helplines / "GB.toml"
    path.write_text(path.read_text().replace("checked = 2026-11-01", "checked = 2024-06-01"))


def test_stale_numbers_stop_the_build(mini: MiniProject) -> None:
    make_stale(mini)
    with pytest.raises(InputError, match=r"29 months before") as info:
        build_docs(request(mini, countries=["GB"]))
    assert all(p.line for p in info.value.problems())
    assert not (mini.root / "out").exists()


def test_allow_stale_builds_and_says_so_on_every_pdf(mini: MiniProject) -> None:
    make_stale(mini)
    result = build_docs(request(mini, countries=["GB", "US"], allow_stale=True))
    out = mini.root / "out/mini"
    card = text_of(out / "GB/en/card-sheet.pdf")
    assert card.count("Numbers may be out of date.") == 10
    assert card.count("Numbers checked 1 June 2024") == 10
    handout = " ".join(text_of(out / "GB/en/handout.pdf").split())
    pages = handout.count("Page ")
    assert handout.count("Numbers may be out of date.") >= pages  # every footer, and the help page
    assert "Some of the numbers below were last checked a long time ago" in handout
    assert any("--allow-stale" in w.message for w in result.warnings)
    assert "out of date" not in text_of(out / "US/en/card-sheet.pdf")


def test_old_but_not_stale_warns_without_marking_pdfs(mini: MiniProject) -> None:
    path = mini.helplines / "GB.toml"
    path.write_text(path.read_text().replace("checked = 2026-11-01", "checked = 2025-10-01", 1))
    result = build_docs(request(mini, countries=["GB"], products=["card-sheet"]))
    assert [w.line for w in result.warnings if "13 months" in w.message] == [11]
    assert "out of date" not in text_of(result.written[0])


def test_build_date_can_be_given(mini: MiniProject) -> None:
    with pytest.raises(InputError, match="after the build date 2026-01-01"):
        build_docs(request(mini, countries=["GB"], today=date(2026, 1, 1)))


def test_a_broken_catalog_fails_its_own_language_not_a_build_in_another(
    mini: MiniProject,
) -> None:
    """A volunteer's half-finished catalog with a missing quote stopped every build, a clinic's
    English one too. It now fails only its own language's documents (said once as an advisory
    warning, which --strict keeps a warning), and a build naming that language stops on it."""
    from builder import pipeline
    from builder.run.batch import BatchOptions

    from ..model.test_catalogs import add_locale

    path = add_locale(mini, "de") / "ui.po"
    lines = path.read_text(encoding="utf-8").splitlines()
    broken = next(i for i, line in enumerate(lines) if line.startswith('msgstr "FR '))
    lines[broken] = lines[broken][:-1]  # the closing quote left out
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    english = BuildRequest(root=mini.root, out=mini.root / "out", locales=[], strict=True)
    report = pipeline.build(english, BatchOptions(jobs=1, catalogue=False))
    assert report.ok and {f.path.split("/")[2] for f in report.built} == {"en"}
    said = [w for w in report.warnings if w.code == "CP4001"]
    assert (
        len(said) == 1
        and said[0].line == broken + 1
        and "locales/de has 1 error" in said[0].message
    )
    with pytest.raises(InputError, match="CP4001"):
        build_docs(BuildRequest(root=mini.root, out=mini.root / "de", locales=["de"]))
