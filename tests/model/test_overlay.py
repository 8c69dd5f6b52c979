"""A clinic's overlay: its name, number and logo reach the output; bad overlays are refused."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader

from builder.base.errors import InputError, ProblemList
from builder.model.overlay import load_overlay
from builder.plan.request import BuildRequest

from ..building import build_docs
from ..conftest import REPO, MiniProject
from ..pdfpixels import raster
from ..pdftext import structure_elements, text_of
from ..render.test_safety_plan import write_plan

EXAMPLE = REPO / "examples" / "clinic"
NAME = "Riverside Family Clinic (example only)"
PHONE = "020 7946 0321"
LOGO_ALT = "Riverside Family Clinic logo: a blue river under a green hill"
SUN = (0xE0, 0xA5, 0x26)  # the logo's yellow sun, used nowhere else


@pytest.fixture
def clinic(tmp_path: Path) -> Path:
    folder = tmp_path / "clinic"
    shutil.copytree(EXAMPLE, folder)
    return folder


def line_with(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


def edit(folder: Path, old: str, new: str) -> Path:
    path = folder / "careprint.toml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))
    return path


def build_with(mini: MiniProject, overlay: Path, **kw: object) -> Path:
    mini.write_pack(["first", "help"], products=["handout", "card", "card-sheet"])
    build_docs(BuildRequest(root=mini.root, out=mini.root / "out", overlay=overlay, **kw))  # type: ignore[arg-type]
    return mini.root / "out" / "mini" / "GB" / "en"


def structure_alts(path: Path) -> list[str]:
    return [str(node["/Alt"]) for node in structure_elements(path) if "/Alt" in node]


def test_example_overlay_puts_name_phone_and_logo_on_the_output(mini: MiniProject) -> None:
    out = build_with(mini, EXAMPLE)  # no --country: the overlay's own country
    assert sorted(p.name for p in out.iterdir()) == ["card-sheet.pdf", "card.pdf", "handout.pdf"]
    handout = " ".join(text_of(out / "handout.pdf").split())
    assert NAME in handout and PHONE in handout and "Mon–Fri" in handout
    back = " ".join(PdfReader(out / "card.pdf").pages[1].extract_text().split())
    assert NAME in back and PHONE in back
    assert text_of(out / "card-sheet.pdf").count(PHONE) == 10
    assert LOGO_ALT in structure_alts(out / "handout.pdf")
    cover = raster(out / "handout.pdf", 0, 72).image
    assert SUN in {colour for _count, colour in cover.getcolors(1 << 20) or []}


def test_overlay_colour_is_used_for_headings(mini: MiniProject) -> None:
    out = build_with(mini, EXAMPLE, products=["handout"])
    cover = raster(out / "handout.pdf", 0, 72).image
    colours = {colour for _count, colour in cover.getcolors(1 << 20) or []}
    assert (0x1D, 0x5C, 0x3F) in colours and (0x0B, 0x4F, 0x6C) not in colours


def test_logo_outside_the_overlay_folder_is_refused(mini: MiniProject, clinic: Path) -> None:
    shutil.copy(clinic / "logo.svg", clinic.parent / "elsewhere.svg")
    path = edit(clinic, 'logo = "logo.svg"', 'logo = "../elsewhere.svg"')
    with pytest.raises(InputError) as failure:
        build_with(mini, clinic)
    [problem] = failure.value.problems()
    assert problem.file == path and problem.line == line_with(path, "elsewhere.svg")
    assert problem.code == "CP1501"
    assert not (mini.root / "out").exists()


def test_logo_linked_from_outside_the_folder_is_refused(mini: MiniProject, clinic: Path) -> None:
    shutil.move(clinic / "logo.svg", clinic.parent / "elsewhere.svg")
    (clinic / "logo.svg").symlink_to(clinic.parent / "elsewhere.svg")
    with pytest.raises(InputError, match="points outside the overlay folder"):
        build_with(mini, clinic)


@pytest.mark.parametrize(
    "old,new,needle",
    [
        ('accent = "#1d5c3f"', 'accent = "#8fd3ff"', "contrast of 1.6"),
        ('accent = "#1d5c3f"', 'accent = "green"', "accent"),
        ('phone = "020 7946 0321"', 'phone = "020 7946"', "not a valid number for GB"),
        ('name = "', 'nmae = "', 'unknown key "nmae"'),
        ('logo = "logo.svg"', 'logo = "missing.svg"', "does not exist"),
        # A blank name printed the clinic's number on every card with no name above it.
        (f'name = "{NAME}"', 'name = "  "', "name: is empty"),
        # An address pasted into the name was joined onto one line without a word.
        (f'name = "{NAME}"', 'name = "Riverside\\n12 River Road"', "name: holds line breaks"),
        ('phone = "020 7946 0321"', 'phone = "020 7946 0321 ext. 204"', "extension (204)"),
    ],
)
def test_bad_overlay_settings_are_reported_with_their_line(
    mini: MiniProject, clinic: Path, old: str, new: str, needle: str
) -> None:
    path = edit(clinic, old, new)
    with pytest.raises(InputError) as failure:
        build_with(mini, clinic)
    problems = [p for p in failure.value.problems() if needle in p.message]
    assert problems, failure.value
    assert problems[0].file == path and problems[0].line == line_with(path, new)


def test_overlay_is_only_for_its_own_country(mini: MiniProject) -> None:
    with pytest.raises(InputError, match="the overlay is for GB, not US"):
        build_with(mini, EXAMPLE, countries=["GB", "US"])


EXTRA = """
[[services]]
id = "riverside-carers"
kind = "support"
name = "Riverside carers group"
open_24_7 = false
hours_note = "Thursday evenings; call the clinic to join"
source_url = "https://example.org/riverside-carers"
checked = 2026-11-01

[[services.contacts]]
type = "phone"
value = "020 7946 0999"
"""


def test_extra_helplines_and_module_overrides(mini: MiniProject, clinic: Path) -> None:
    (clinic / "careprint.toml").write_text((clinic / "careprint.toml").read_text() + EXTRA)
    (clinic / "modules").mkdir()
    (clinic / "modules" / "first.md").write_text(
        (mini.pack / "modules" / "first.md")
        .read_text()
        .replace("This is a short paragraph", "Our own clinic paragraph")
    )
    out = build_with(mini, clinic, products=["handout"])
    text = " ".join(text_of(out / "handout.pdf").split())
    assert "Riverside carers group" in text and "020 7946 0999" in text
    assert (
        "Our own clinic paragraph" in text and "This is a short paragraph about First" not in text
    )


def test_extra_helpline_with_a_wrong_number_names_its_line(mini: MiniProject, clinic: Path) -> None:
    (clinic / "careprint.toml").write_text(
        (clinic / "careprint.toml").read_text() + EXTRA.replace("020 7946 0999", "020 7946")
    )
    with pytest.raises(InputError) as failure:
        build_with(mini, clinic)
    [problem] = failure.value.problems()
    path = clinic / "careprint.toml"
    assert problem.file == path and problem.line == line_with(path, 'value = "020 7946"')
    assert "riverside-carers: phone" in problem.message


def test_overlay_templates_come_first(mini: MiniProject, clinic: Path) -> None:
    parts = clinic / "templates" / "parts"
    parts.mkdir(parents=True)
    card = (REPO / "templates" / "parts" / "card.html").read_text()
    (parts / "card.html").write_text(
        card.replace("{{ text.back_heading }}", "Our clinic's own back")
    )
    out = build_with(mini, clinic, products=["card"])
    assert "Our clinic's own back" in text_of(out / "card.pdf")


def test_an_overlay_s_own_clinic_band_leaves_the_other_products_working(
    mini: MiniProject, clinic: Path
) -> None:
    """The band (parts/clinic.html) is what a clinic restyles first. Its own copy, written
    before the clinic's hours had a macro of their own, replaces the band only: the card,
    handout and the rest still print the hours (every product once failed with CP6002, the
    band "does not export the requested name 'clinic_hours'")."""
    parts = clinic / "templates" / "parts"
    parts.mkdir(parents=True)
    (parts / "clinic.html").write_text(
        '{% macro clinic_band(clinic) %}<div class="clinic"><p>Our own band: '
        "{{ clinic.name }} {{ clinic.phone }} {{ clinic.hours }}</p></div>{% endmacro %}\n"
    )
    out = build_with(mini, clinic)
    handout = " ".join(text_of(out / "handout.pdf").split())
    assert f"Our own band: {NAME} {PHONE} Mon–Fri" in handout
    for card in ("card.pdf", "card-sheet.pdf"):
        assert PHONE in text_of(out / card) and "Mon–Fri" in text_of(out / card)


def test_an_overlay_part_missing_a_macro_says_to_copy_the_part_again(
    mini: MiniProject, clinic: Path
) -> None:
    """A clinic's copy of a shared part from an older careprint, missing a macro the shipped
    templates now import: the fix names the part to copy again, not "use only the variables
    of the templates shipped", which the clinic already did."""
    parts = clinic / "templates" / "parts"
    parts.mkdir(parents=True)
    (parts / "clinichours.html").write_text("{# an older careprint's part #}\n")
    with pytest.raises(InputError) as failure:
        build_with(mini, clinic, products=["card"])
    message = str(failure.value)
    assert "CP6002" in message and "does not export the requested name 'clinic_hours'" in message
    assert "copy careprint's templates/parts/clinichours.html again" in message


def test_overlay_templates_cannot_read_files_elsewhere(
    mini: MiniProject, clinic: Path, tmp_path: Path
) -> None:
    secret = tmp_path / "private.svg"
    shutil.copy(clinic / "logo.svg", secret)
    (clinic / "templates").mkdir()
    handout = (REPO / "templates" / "handout.html").read_text()
    (clinic / "templates" / "handout.html").write_text(
        handout.replace("<h1>", f'<img src="{secret.as_uri()}" alt="x"><h1>')
    )
    with pytest.raises(InputError, match="refused to read"):
        build_with(mini, clinic, products=["handout"])


def test_cli_builds_and_checks_an_overlay(
    mini: MiniProject, run_cli: Callable[..., tuple[int, str]]
) -> None:
    mini.write_pack(["first", "help"], products=["card"])
    code, output = run_cli("check", "--root", str(mini.root), "--overlay", str(EXAMPLE))
    assert code == 0, output
    code, output = run_cli(
        "build",
        "--root",
        str(mini.root),
        "--out",
        str(mini.root / "out"),
        "--overlay",
        str(EXAMPLE),
    )
    assert code == 0, output
    assert (mini.root / "out" / "mini" / "GB" / "en" / "card.pdf").is_file()


def test_clinic_is_first_in_step_5_and_in_the_help_directory(mini: MiniProject) -> None:
    """The plan's step 5 asks which clinic to contact: the overlay answers it before the
    crisis lines; the handout's help directory lists the clinic first, under "Your clinic"."""
    mini.write_pack(["first", "help"], products=["handout", "card-sheet"])
    write_plan(mini)
    build_docs(
        BuildRequest(
            root=mini.root,
            out=mini.root / "out",
            overlay=EXAMPLE,
            products=["handout", "safety-plan"],
        )
    )
    out = mini.root / "out" / "mini" / "GB" / "en"
    plan = " ".join(text_of(out / "safety-plan.pdf").split())
    step = plan[plan.index("Professionals and crisis lines") :]
    assert step.index(NAME) < step.index(PHONE) < step.index("999")
    handout = " ".join(text_of(out / "handout.pdf").split())
    directory = handout[handout.index("Your clinic") :]
    assert directory.startswith(f"Your clinic {NAME} {PHONE} Mon–Fri")
    assert directory.index(PHONE) < directory.index("999")


def logo_height_mm(out: Path) -> float:
    """Height of the logo's yellow sun on the printed cover, in mm."""
    page = raster(out / "handout.pdf", 0, 300)
    box = page.bbox_of_colour(SUN, (0, 0, 210, 60))
    assert box is not None, "logo not printed"
    return box[3] - box[1]


def test_logo_height_follows_the_overlay(mini: MiniProject, clinic: Path) -> None:
    default = logo_height_mm(build_with(mini, clinic, products=["handout"]))
    edit(clinic, 'logo_alt = "', 'logo_height_mm = 24\nlogo_alt = "')
    shutil.rmtree(mini.root / "out")
    larger = logo_height_mm(build_with(mini, clinic, products=["handout"]))
    assert larger / default == pytest.approx(2.0, rel=0.05)


@pytest.mark.parametrize(
    "value,needle",
    [
        ("45", "less than or equal to 30"),
        ("2", "greater than or equal to 8"),
        ('"20"', "valid number"),  # in quotes: text, not a number
        ("nan", "finite number"),
    ],
)
def test_a_logo_height_not_a_number_within_its_limits_is_refused_with_its_line(
    mini: MiniProject, clinic: Path, value: str, needle: str
) -> None:
    path = edit(clinic, 'logo_alt = "', f'logo_height_mm = {value}\nlogo_alt = "')
    with pytest.raises(InputError) as failure:
        build_with(mini, clinic)
    problems = [p for p in failure.value.problems() if "logo_height_mm" in p.message]
    assert problems, failure.value
    assert needle in problems[0].message
    assert problems[0].file == path and problems[0].line == line_with(path, "logo_height_mm")


def test_a_clinic_name_without_spaces_wraps_whole_on_the_handout_and_cards(
    mini: MiniProject, clinic: Path
) -> None:
    """A clinic name written as one word ran past the handout band's right edge and off the
    paper ("...StMarysHospitalNor"), and a card's back could not fit it at any size. It now
    breaks where it must: every letter is printed, on the band, the help page and each card."""
    word = "KinderUndJugendpsychiatrischeInstitutsambulanzStMarysHospitalNordOst"
    edit(clinic, f'name = "{NAME}"', f'name = "{word}"')
    out = build_with(mini, clinic)
    unspaced = {pdf.name: "".join(text_of(pdf).split()) for pdf in out.iterdir()}
    assert unspaced["handout.pdf"].count(word) == 2  # the band and "Your clinic"
    assert unspaced["card.pdf"].count(word) == 1
    assert unspaced["card-sheet.pdf"].count(word) == 10


def test_clinic_hours_too_long_for_a_card_name_careprint_toml_and_their_line(
    clinic: Path, tmp_path: Path
) -> None:
    """Hours too long for a card's back failed the build, but sent the clinic to card.toml,
    a translation or a helpline's name: never to its own careprint.toml and the line to
    shorten. On the single card (its face as tall as its page) the last lines were dropped
    without a trace, and the problem named no text at all."""
    hours = (
        "Monday to Friday 9am to 5pm, Saturday 10am to 2pm. Out of hours, weekends and bank "
        "holidays please ring the hospital switchboard and ask for the duty worker of the "
        "crisis resolution and home treatment team, who will call you back within the hour. "
        "If you cannot get through, call NHS 111 and choose the mental health option."
    )
    name = (
        "Community Mental Health Team and Home Treatment Service – North and East Locality, "
        "St Mary's Hospital NHS Foundation Trust, Paddington"
    )
    path = edit(clinic, f'name = "{NAME}"', f'name = "{name}"')
    text = path.read_text()
    path.write_text(text[: text.index("[[contact.opening]]")] + f'hours_note = "{hours}"\n')
    request = BuildRequest(
        root=REPO, out=tmp_path / "out", overlay=clinic, products=["card", "card-sheet"]
    )
    with pytest.raises(InputError) as failed:
        build_docs(request)
    cards = failed.value.problems()
    assert sorted(p.message.split(":")[0] for p in cards) == [
        "partner-support/GB/en/card",
        "partner-support/GB/en/card-sheet",
    ], failed.value
    assert all(p.code == "CP6101" and hours in p.message for p in cards), failed.value
    assert {(p.file, p.line) for p in cards} == {(path, line_with(path, "hours_note"))}
    assert all("contact.hours_note in careprint.toml" in p.fix for p in cards)


def test_an_emoji_in_the_clinic_s_name_is_reported_against_its_line(
    mini: MiniProject, clinic: Path
) -> None:
    """A rainbow in the clinic's name failed every document with "add a font ... to
    builder/fonts.py", naming no file: a clinic has no way to act on that, and `check
    --overlay` passed it. It is now one problem naming careprint.toml, the name's line and
    the character to remove, found before anything is built."""
    path = edit(clinic, f'name = "{NAME}"', f'name = "{NAME} \U0001f308"')
    with pytest.raises(InputError) as failed:
        build_with(mini, clinic)
    (problem,) = failed.value.problems()
    assert (problem.code, problem.file, problem.line) == ("CP6104", path, line_with(path, "name ="))
    assert "U+1F308" in problem.message and "remove them from name" in problem.fix
    assert not (mini.root / "out").exists()


def test_a_layout_check_s_text_is_traced_to_the_clinic_s_own_key() -> None:
    """Text a fit check names is sent to careprint.toml only when it is the clinic's: a card
    heading that happens to be a word of the clinic's name is not."""
    overlay = load_overlay(EXAMPLE, ProblemList())
    assert overlay is not None
    line = line_with(EXAMPLE / "careprint.toml", "name =")
    assert overlay.printed_in(NAME) == ("name", line)
    assert overlay.printed_in(f"Given to you by {NAME} {PHONE}") == ("name", line)
    assert overlay.printed_in("Riverside") is None
    assert overlay.printed_in("") is None


def test_an_overlay_template_importing_a_moved_macro_names_itself_to_copy_again(
    mini: MiniProject, clinic: Path
) -> None:
    """A clinic's own parts/card.html from a careprint that kept clinic_hours in
    parts/clinic.html: the fix once told the clinic to copy parts/clinic.html again, a file
    it never had. It names the clinic's card.html, the file that is out of date."""
    parts = clinic / "templates" / "parts"
    parts.mkdir(parents=True)
    card = (REPO / "templates" / "parts" / "card.html").read_text()
    older = card.replace('"parts/clinichours.html" import', '"parts/clinic.html" import')
    assert older != card
    (parts / "card.html").write_text(older)
    with pytest.raises(InputError) as failure:
        build_with(mini, clinic, products=["card"])
    [problem] = failure.value.problems()
    assert problem.code == "CP6002" and problem.file == parts / "card.html"
    assert problem.fix == (
        "your overlay's templates/parts/card.html comes from an older careprint, which kept "
        "this in parts/clinic.html: copy careprint's templates/parts/card.html again and make "
        "your changes to the new copy"
    )


@pytest.mark.parametrize(
    "to,warned",
    [("08:00", True), ("05:00", True), ("17:00", False), ("24:00", False)],
)
def test_hours_that_close_the_next_morning_are_questioned_on_their_line(
    clinic: Path, to: str, warned: bool
) -> None:
    """A clinic open 09:00 to 17:00 that typed "08:00" or "05:00" for its closing time printed
    "Mon–Fri 09:00–08:00" on every card: open all night, to a family calling at 3 am. Said as
    a warning on its line (an overnight clinic may keep it; --strict stops the build)."""
    path = edit(clinic, 'to = "17:00"', f'to = "{to}"')
    problems = ProblemList()
    assert load_overlay(clinic, problems) is not None
    found = [p for p in problems.items if p.code == "CP1510"]
    assert bool(found) == warned and not problems.errors
    if warned:
        [problem] = found
        assert problem.file == path and problem.line == line_with(path, f'to = "{to}"')
        assert f"opens at 09:00 and closes at {to} the next morning" in problem.message


def test_hours_that_close_at_00_00_are_asked_for_24_00_not_told_all_night(clinic: Path) -> None:
    """A clinic open 09:00 to midnight that wrote to = "00:00" was told it "closes at 00:00
    the next morning, so every document says the clinic answers all night", with a fix (the
    24-hour clock) it had followed. Midnight ends the same day; "00:00" only reads as the
    start of one, so the warning says that, with "24:00", on the same line."""
    path = edit(clinic, 'to = "17:00"', 'to = "00:00"')
    problems = ProblemList()
    assert load_overlay(clinic, problems) is not None and not problems.errors
    [problem] = problems.items
    assert problem.code == "CP1511" and problem.file == path
    assert problem.line == line_with(path, 'to = "00:00"')
    assert problem.fix == 'for a closing at midnight write to = "24:00"'


def test_an_evening_range_past_midnight_is_an_out_of_hours_line(clinic: Path) -> None:
    edit(clinic, 'from = "09:00"\nto = "17:00"', 'from = "18:30"\nto = "08:00"')
    problems = ProblemList()
    assert load_overlay(clinic, problems) is not None and not problems.items


@pytest.mark.parametrize(
    "case,message,fix",
    [
        (
            "notepad",
            "no careprint.toml in the overlay folder",
            "rename careprint.toml.txt to careprint.toml",
        ),
        ("no-folder", "the overlay folder", "give the folder that holds the clinic's"),
        ("the-file", "--overlay names this file", "give the folder that holds it: --overlay "),
    ],
)
def test_an_overlay_without_its_careprint_toml_says_what_was_given(
    clinic: Path, case: str, message: str, fix: str
) -> None:
    """A clinic whose careprint.toml was saved by Notepad as careprint.toml.txt, who gave a
    folder that is not there, or the file itself, was told each time "no careprint.toml in
    the overlay folder", and to look at the example."""
    given = clinic
    if case == "notepad":
        (clinic / "careprint.toml").rename(clinic / "careprint.toml.txt")
    elif case == "no-folder":
        given = clinic.with_name("clinc")
    else:
        given = clinic / "careprint.toml"
    problems = ProblemList()
    assert load_overlay(given, problems) is None
    [problem] = problems.errors
    assert problem.code == "CP1106" and message in problem.message and fix in problem.fix
    if case == "the-file":
        assert problem.fix.endswith(f"--overlay {clinic}")
    # Named against the file given, or the careprint.toml the folder lacks: never a path
    # under a file (clinic/careprint.toml/careprint.toml), which no one can open.
    assert problem.file == (given if case == "the-file" else given / "careprint.toml")


PLUM = (0x7A, 0x1F, 0x5C)


@pytest.mark.parametrize(
    "svg,shape",
    [
        ('viewBox="0 0 1000 100"', 10.0),  # no width of its own: once printed 95 mm wide
        ('width="1000" height="100"', 10.0),
        ('viewBox="0 0 200 100"', 2.0),
        ('viewBox="0 0 100 100"', 1.0),
    ],
)
def test_a_logo_prints_its_own_shape_at_most_three_times_as_wide_as_tall(
    mini: MiniProject, clinic: Path, svg: str, shape: float
) -> None:
    (clinic / "wide.svg").write_text(
        f'<svg xmlns="http://www.w3.org/2000/svg" {svg}>'
        f'<rect width="{100 * shape:g}" height="100" fill="#7a1f5c"/></svg>'
    )
    edit(clinic, 'logo = "logo.svg"', 'logo = "wide.svg"')
    page = raster(build_with(mini, clinic, products=["handout"]) / "handout.pdf", 0, 300)
    box = page.bbox_of_colour(PLUM, (0, 0, 210, 60))
    assert box is not None, "logo not printed"
    width, height = box[2] - box[0], box[3] - box[1]
    assert width == pytest.approx(min(12 * shape, 36), abs=0.5)  # 12 mm tall by default
    assert width / height == pytest.approx(shape, rel=0.05)


def test_a_card_side_the_clinic_s_hours_overfill_names_them_before_the_translation(
    mini: MiniProject, clinic: Path, run_cli: Callable[..., tuple[int, str]]
) -> None:
    """The text a fit check names is only the first that spilled over (here the translated
    draft notice, last on the back); the clinic's long hours note on the same side is what a
    clinic can shorten, and the message must send it there, not only to the PO file."""
    from .test_catalogs import add_locale

    mini.write_pack(["first", "help"], products=["card-sheet"])
    add_locale(mini, "de")
    note = "Appointments also by e-mail and through our website, any day of the week. " * 5
    path = edit(
        clinic, 'phone = "020 7946 0321"', f'phone = "020 7946 0321"\nhours_note = "{note}"'
    )
    code, said = run_cli(
        "build", "--root", str(mini.root), "--overlay", str(clinic), "-l", "de",
        "-p", "card-sheet", "--out", str(mini.root / "out"),
    )  # fmt: skip
    assert code == 1, said
    said = " ".join(said.split())
    line = line_with(path, "hours_note")
    # Five times the sentence: the note itself fits at 7 pt and the draft notice after it
    # does not (seven times, the note is what spills over, and careprint.toml is named first).
    assert "error CP6101 locales/de/LC_MESSAGES/ui.po:" in said, said
    assert '"FR Translation not yet reviewed by a native speaker"' in said, said
    assert (
        f"shorten the clinic's name (line 5) or contact.hours_note (line {line}) in {path}, "
        "which print on the same side, or this translation" in said
    ), said
