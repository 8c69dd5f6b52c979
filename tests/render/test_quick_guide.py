"""The quick guide: one sheet, both sides, the three levels with the country's numbers on the
front, five things and where to find more on the back; fitted or failed like a card."""

from __future__ import annotations

import io
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from pypdf import PdfReader

from builder.base.errors import InputError, ProblemList
from builder.i18n.extract import extract_pack_text
from builder.i18n.upkeep import render_po, update_locale, write_templates
from builder.model.project import Project, load_project, translator_for
from builder.plan.jobs import DocumentJob
from builder.plan.paper import paper_for
from builder.plan.request import BuildRequest
from builder.render.document import render_document
from builder.render.scripts import ARABIC_SCRIPT_FLOOR_PT, FLOOR_PT
from builder.render.templating import make_environment

from ..building import Built, build_docs
from ..conftest import REPO, MiniProject
from ..model.test_catalogs import add_locale, request
from ..pdfpixels import chars
from ..pdftext import page_sizes_mm, poppler_text
from .test_cards import samaritans_part_time

GUIDE = REPO / "packs" / "partner-support" / "quick-guide.toml"
THINGS_HEADING = "Five things that help"
EXAMPLE = REPO / "examples" / "clinic"
CLINIC = "Riverside Family Clinic (example only)"
CLINIC_PHONE = "020 7946 0321"


def pages(path: Path) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(path).pages]


@pytest.mark.parametrize(
    "country,size,numbers",
    [("GB", (210.0, 297.0), ["999", "111", "116 123"]), ("US", (215.9, 279.4), ["911", "988"])],
)
def test_shipped_guide_prints_the_levels_and_five_things_on_the_countrys_paper(
    demo: Path, country: str, size: tuple[float, float], numbers: list[str]
) -> None:
    path = demo / "partner-support" / country / "en" / "quick-guide.pdf"
    assert page_sizes_mm(path) == [size, size]
    front, back = pages(path)
    assert "Need help now? Find the row that fits" in front
    assert all(number in front for number in numbers)
    assert "Numbers checked" in front
    assert THINGS_HEADING in back and "Where to find more" in back
    assert "When someone you love self-harms" in back  # the full leaflet, by its title
    for thing in ("Stay calm.", "Any overdose or poisoning", "Look after yourself too."):
        assert thing in back
    assert "Numbers checked" in back and "v0.2.0" in back
    assert "not yet reviewed" not in front + back  # English is the source: no draft notice


def mini_with_guide(mini: MiniProject, guide: str | None = None) -> None:
    shutil.copy(REPO / "packs" / "partner-support" / "levels.toml", mini.pack)
    (mini.pack / "quick-guide.toml").write_text(guide or GUIDE.read_text())
    mini.write_pack(["first", "help"], products=["handout", "quick-guide"])


def test_overlay_puts_the_clinic_on_both_sides(mini: MiniProject) -> None:
    mini_with_guide(mini)
    build_docs(
        BuildRequest(
            root=mini.root, out=mini.root / "out", overlay=EXAMPLE, products=["quick-guide"]
        )
    )
    front, back = pages(mini.root / "out" / "mini" / "GB" / "en" / "quick-guide.pdf")
    assert CLINIC in front and CLINIC_PHONE in front and "Given to you by" in front
    assert "Your clinic" in back and CLINIC in back and CLINIC_PHONE in back


def test_without_an_overlay_the_guide_names_no_clinic(mini: MiniProject) -> None:
    mini_with_guide(mini)
    build_docs(
        BuildRequest(
            root=mini.root, out=mini.root / "out", countries=["US"], products=["quick-guide"]
        )
    )
    front, back = pages(mini.root / "out" / "mini" / "US" / "en" / "quick-guide.pdf")
    assert "Given to you by" not in front and "Your clinic" not in back
    assert "The clinic or doctor that gave you this sheet" in back


def test_a_side_too_long_even_at_the_floor_fails_naming_the_text(mini: MiniProject) -> None:
    long = " ".join(["Stay with them and listen to what they say."] * 400)
    mini_with_guide(
        mini,
        GUIDE.read_text().replace(
            '"Look after yourself too. The crisis lines are for you as well."', f'"{long}"'
        ),
    )
    with pytest.raises(InputError) as caught:
        build_docs(
            BuildRequest(
                root=mini.root, out=mini.root / "out", countries=["GB"], products=["quick-guide"]
            )
        )
    message = "\n".join(p.render() for p in caught.value.problems())
    assert "the quick guide's back does not fit even at 7 pt" in message
    assert "Stay with them and listen" in message
    assert not (mini.root / "out" / "mini").exists()  # nothing half-written


def test_a_long_side_is_set_smaller_rather_than_cut(mini: MiniProject) -> None:
    longer = " ".join(["Stay with them and listen to what they say."] * 12)
    mini_with_guide(
        mini,
        GUIDE.read_text().replace(
            '"Look after yourself too. The crisis lines are for you as well."', f'"{longer}"'
        ),
    )
    build_docs(
        BuildRequest(
            root=mini.root, out=mini.root / "out", countries=["GB"], products=["quick-guide"]
        )
    )
    path = mini.root / "out" / "mini" / "GB" / "en" / "quick-guide.pdf"
    back = pages(path)[1]
    assert back.count("Stay with them and listen") == 12  # every word printed
    assert "Numbers checked" in back  # and what comes after it


def test_untranslated_guide_builds_in_english_with_a_warning_and_the_draft_notice(
    mini: MiniProject,
) -> None:
    """New strings print in English until translators catch up, as every untranslated string
    does: the build warns (and --strict fails), and a draft locale says it is a draft. The
    guide's own strings do not count against the catalog's completeness threshold."""
    mini_with_guide(mini)
    project = load_project(mini.root, ProblemList())
    write_templates(project)
    update_locale(project, "fr")  # the catalog before the guide: all but its strings translated
    for domain in ("ui", "content"):
        path = mini.root / "locales" / "fr" / "LC_MESSAGES" / f"{domain}.po"
        catalog = read_po(path.open("rb"))
        for message in catalog:
            if message.id and message.context != "quick-guide":
                message.string = "FR " + str(message.id)
        path.write_bytes(render_po(catalog))
    request = BuildRequest(
        root=mini.root,
        out=mini.root / "out",
        countries=["GB"],
        locales=["fr"],
        products=["quick-guide"],
    )
    result = build_docs(request)
    front, back = pages(mini.root / "out" / "mini" / "GB" / "fr" / "quick-guide.pdf")
    assert "Need help now? Find the row that fits" in front and "999" in front
    assert THINGS_HEADING in back
    assert "Translation not yet reviewed by a native speaker" in back
    # The front (the levels, the side copied or pinned up alone) says so too.
    assert "Translation not yet reviewed by a native speaker" in front
    assert any("not translated and will print in English" in w.render() for w in result.warnings)
    with pytest.raises(InputError, match="not translated"):
        build_docs(replace(request, out=mini.root / "strict", strict=True))


def test_every_guide_string_is_extracted_with_its_context() -> None:
    data = GUIDE.read_bytes()
    fileobj = io.BytesIO(data)
    fileobj.name = str(GUIDE)  # type: ignore[misc]
    found = [
        (line, context) for line, _f, context, _n in extract_pack_text(fileobj, None, None, {})
    ]
    contexts = {context[0] for _line, context in found}
    messages = {context[1] for _line, context in found}
    assert contexts == {"quick-guide"}
    assert THINGS_HEADING in messages and len(messages) == 12
    lines = data.decode().splitlines()
    for line, (_context, message) in found:  # each names the line it is written on
        assert message[:15].replace('"', '\\"') in lines[line - 1]


def guide_html(project: Project, country: str, locale: str) -> str:
    job = DocumentJob("partner-support", country, locale, "quick-guide", paper_for(country))
    html = render_document(
        make_environment([project.templates]),
        job,
        project.packs["partner-support"],
        project.helplines[country],
        translator_for(project, locale),
    ).html
    return re.sub(r"\s+", " ", html)


PROMISE = "Look after yourself too. The crisis lines are for you as well."


@pytest.mark.parametrize(
    ("country", "locale", "has_lines"),
    [("RO", "ro", False), ("RU", "ru", False), ("GB", "en", True), ("DE", "de", True)],
)
def test_crisis_lines_are_promised_to_carers_only_where_the_sheet_gives_some(
    shipped_project: Project, country: str, locale: str, has_lines: bool
) -> None:
    """RO and RU have no line at level 3: their sheet told carers "the crisis lines are for
    you as well". There it says the card's "Look after yourself too." instead; still five
    things, and no new sentence to translate."""
    guide = shipped_project.packs["partner-support"].quick_guide
    assert guide is not None and PROMISE in guide.things  # the linked thing still exists
    tr = translator_for(shipped_project, locale)
    promise, alone = tr.text("quick-guide", PROMISE), tr.text("card", "Look after yourself too.")
    assert promise != alone
    html = guide_html(shipped_project, country, locale)
    things = html[html.index('class="guide-things"') :]
    things = things[: things.index("</ol>")]
    assert things.count("<li>") == 5
    assert (promise in html) is has_lines
    assert (f"<li>{alone}</li>" in things) is not has_lines


@pytest.mark.parametrize(
    ("country", "locale", "number"), [("IT", "it", "112"), ("NP", "ne", "100"), ("IR", "fa", "115")]
)
def test_row_2_names_the_emergency_number_where_there_is_no_24_7_line(
    shipped_project: Project, country: str, locale: str, number: str
) -> None:
    """Row 2 said "... call the emergency number" with no number under it (IT, NP, IR): it
    now names the one level 1 leads with, and only that one."""
    html = guide_html(shipped_project, country, locale)
    row = html[html.index('class="level level-2"') : html.index('class="level level-3"')]
    assert re.findall(r'class="number big"[^>]*>([^<]+)<', row) == [number]


def persian_guide(mini: MiniProject, repeats: int) -> Built:
    """A quick guide in Persian whose last thing is one sentence `repeats` times over."""
    longer = " ".join(["Stay with them and listen to what they say."] * repeats)
    mini_with_guide(
        mini,
        GUIDE.read_text().replace(
            '"Look after yourself too. The crisis lines are for you as well."', f'"{longer}"'
        ),
    )
    add_locale(mini, "fa")  # filled with "FR ..." text: the floor follows the language
    return build_docs(request(mini, locales=["fa"], products=["quick-guide"]))


def test_a_persian_guide_set_small_keeps_every_line_at_arabic_scripts_floor(
    mini: MiniProject,
) -> None:
    """Cards in Arabic script stop at 7.5 pt; the quick guide had no such floor, and a long
    Persian back set at 8.75 pt printed its dates and footer (0.85 of it) at 7.44 pt. Near
    the floor those lines are set at the side's own size, and the side stops at 7.5 pt."""
    result = persian_guide(mini, 120)
    path = mini.root / "out/mini/GB/fa/quick-guide.pdf"
    assert min(c.size_pt for c in chars(path, 1)) >= ARABIC_SCRIPT_FLOOR_PT - 0.01
    assert min(c.size_pt for c in chars(path, 0)) >= ARABIC_SCRIPT_FLOOR_PT - 0.01
    assert poppler_text(path).count("listen") == 120  # every word printed
    assert poppler_text(path).count("FR Numbers checked") == 2  # and the dates after them
    assert not [w for w in result.warnings if w.code == "CP6115"]


def test_a_persian_guide_that_fits_only_below_its_floor_prints_and_says_so(
    mini: MiniProject,
) -> None:
    """As a card does: no layout fits at 7.5 pt, so the guide is laid out down to 7 pt,
    every word printed, and the build warns (CP6115, which --strict refuses)."""
    result = persian_guide(mini, 210)
    path = mini.root / "out/mini/GB/fa/quick-guide.pdf"
    assert poppler_text(path).count("listen") == 210
    below = [w for w in result.warnings if w.code == "CP6115"]
    assert len(below) == 1, [w.message for w in result.warnings]
    assert "below the 7.5 pt floor for Arabic script, so the quick guide prints" in (
        below[0].message
    )
    assert "quick-guide.toml" in below[0].fix
    assert ProblemList(below).failing(strict=True)
    assert min(c.size_pt for c in chars(path, 1)) >= FLOOR_PT - 0.01


def test_a_part_time_lines_hours_are_set_smaller_with_their_side(mini: MiniProject) -> None:
    """handout.css sets .hours at a fixed 12 pt. On a front stepped down for a long intro, a
    part-time line's hours stayed at 12 pt, larger than the side's own text (and taking the
    room the step down was for); they now follow the side, 12 pt of its 14 as before."""
    intro = "Keep this sheet where you can find it fast. The numbers on it are for you too."
    mini_with_guide(mini, GUIDE.read_text().replace(intro, " ".join([intro] * 24)))
    samaritans_part_time(mini)
    build_docs(request(mini, products=["quick-guide"]))
    front = chars(mini.root / "out/mini/GB/en/quick-guide.pdf", 0)
    text = "".join(c.text for c in front)
    hours = "Mon–Fri09:00–17:00"
    start = text.index(hours)
    # The side's own size: the levels' rows are set at it.
    side_pt = front[text.index("Thingsfeeltoomuch")].size_pt
    assert side_pt < 12  # the front was stepped down below 12 pt
    assert {round(c.size_pt, 2) for c in front[start : start + len(hours)]} == {
        round(side_pt * 12 / 14, 2)
    }
