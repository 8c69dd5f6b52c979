"""How a service line prints: its name once, its number once, its hours apart from the number
and in reading order in either direction, its labels spaced as their script is."""

from __future__ import annotations

import re

import pytest

from builder.model.helplines import own_numbers_in, without_own_number
from builder.model.project import Project, translator_for
from builder.plan.jobs import DocumentJob
from builder.plan.paper import paper_for
from builder.render.document import render_document
from builder.render.runs import labelled, ltr_runs
from builder.render.templating import make_environment
from builder.render.views import NumberView, names, number_view, only_notes, service_view


@pytest.fixture(scope="module")
def project(shipped_project: Project) -> Project:
    return shipped_project


def html_of(project: Project, country: str, locale: str, product: str = "handout") -> str:
    job = DocumentJob("partner-support", country, locale, product, paper_for(country))
    return render_document(
        make_environment([project.templates]),
        job,
        project.packs["partner-support"],
        project.helplines[country],
        translator_for(project, locale),
    ).html


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def test_a_name_does_not_repeat_its_own_number(project: Project) -> None:
    """CN's national line has its number in both names; HK's carers' line in its local name."""
    tr = translator_for(project, "en")
    cn = next(s for s in project.helplines["CN"].services if s.id == "12356")
    view = service_view(cn, "Asia/Shanghai", tr, "CN")
    assert (view.name, view.name_local) == (
        "National unified psychological assistance hotline",
        "全国统一心理援助热线",
    )
    assert [n.number for n in view.numbers] == ["12356"]  # the number itself stays
    hk = next(s for s in project.helplines["HK"].services if "182 183" in s.name_local)
    view = service_view(hk, "Asia/Hong_Kong", tr, "HK")
    assert (view.name, view.name_local) == (
        "Designated Hotline for Carer Support",
        "照顧者支援專線",
    )
    assert "182 183" in [n.number for n in view.numbers]
    page = text_of(html_of(project, "CN", "en"))
    assert "hotline 12356" in page and "12356 12356" not in page


def test_only_a_copy_of_the_own_number_is_taken_off(project: Project) -> None:
    cn = next(s for s in project.helplines["CN"].services if s.id == "12356")
    assert without_own_number("Hotline 12356", cn) == "Hotline"
    assert without_own_number("12356 Hotline (Beijing)", cn) == "Hotline (Beijing)"
    assert without_own_number("Hotline 12356 (Beijing)", cn) == "Hotline (Beijing)"
    assert without_own_number("Hotline ١٢٣٥٦", cn) == "Hotline"  # a translation's own digits
    assert without_own_number("Hotline 24", cn) == "Hotline 24"  # part of the name
    assert without_own_number("12356", cn) == ""  # nothing but the number: the other name
    hu = next(s for s in project.helplines["HU"].services if s.id == "emergency")
    assert without_own_number("112-es segélyhívó", hu) == "112-es segélyhívó"  # a word
    dz = next(s for s in project.helplines["DZ"].services if s.id == "emergency")
    pairs = "Protection civile 14 / Police 17 / Gendarmerie 1055"
    assert without_own_number(pairs, dz) == pairs  # each number with what it is for


def test_no_printed_name_repeats_its_own_number(project: Project) -> None:
    """Every service of the 118 files, in every locale that prints it: the names as printed
    hold none of the service's own numbers (TW "1925 ... 1925", NP "... 1166 (...) 1166"),
    except a name pairing several numbers with what each is for."""
    repeats = []
    for locale in project.locales:
        tr = translator_for(project, locale)
        for code, country in project.helplines.items():
            for service in country.services:
                for name in names(service, tr, code):
                    found = {m.group() for m in own_numbers_in(name, service)}
                    if len(found) == 1:
                        repeats.append(f"{code} {locale} {service.id}: {name}")
    assert not repeats, "\n".join(repeats)


def test_taiwan_nepal_and_a_whatsapp_label_print_each_word_once(project: Project) -> None:
    tr = translator_for(project, "zh_Hant")
    tw = next(s for s in project.helplines["TW"].services if s.id == "1925")
    assert names(tw, tr, "TW")[0].startswith("安心專線")
    np_line = next(s for s in project.helplines["NP"].services if s.id == "1166")
    printed = names(np_line, translator_for(project, "ne"), "NP")
    assert "1166" not in " ".join(printed) and printed[0]
    italy = next(s for s in project.helplines["IT"].services if s.id == "telefono-amico")
    whatsapp = next(c for c in italy.contacts if c.type == "whatsapp")
    for locale in ("it", "de", "en"):
        view = number_view(whatsapp, translator_for(project, locale), "IT")
        assert view.text.count("WhatsApp") == 1 and "Amico" in view.text, view
        assert view.number == "324 011 7252" and not view.note


def test_a_name_that_only_lists_its_numbers_notes_is_left_off_the_line(
    project: Project,
) -> None:
    """JP's level 1 printed "Ambulance and fire / Police 119 ambulance and fire · 110 police":
    on a line the notes say it all. The help directory keeps the name as its heading."""
    for locale, name, line in (
        ("en", "Ambulance and fire / Police", "119 ambulance and fire · 110 police"),
        ("ja", "救急・消防 / 警察", "119 救急・消防 · 110 警察"),
    ):
        html = html_of(project, "JP", locale)
        box = text_of(html[html.index('id="urgent-cover"') : html.index('id="urgent-cover-end"')])
        assert line in box and name not in box, box
        assert text_of(html).count(name) == 1  # the directory's heading
        plan = text_of(html_of(project, "JP", locale, "safety-plan"))
        assert line in plan and name not in plan


def test_only_a_name_made_of_the_notes_gives_way() -> None:
    def numbers(*notes: str) -> tuple[NumberView, ...]:
        return tuple(NumberView("", str(i), "", "", note) for i, note in enumerate(notes))

    assert only_notes("Ambulance and fire / Police", numbers("ambulance and fire", "police"))
    assert only_notes("Ambulance", numbers("ambulance", "police"))
    assert only_notes("救急・消防／警察", numbers("救急・消防", "警察"))
    assert not only_notes("Medical emergency / Police", numbers("medical", "police"))
    assert not only_notes("Police / SAMU / fire", numbers("police", "fire"))
    assert not only_notes("Emergency services", numbers())
    assert not only_notes("Police", numbers())


def test_number_runs_are_left_to_right() -> None:
    assert str(ltr_runs("Sun–Thu 16:00–24:00 & Sat <18.00-24.00>")) == (
        'Sun–Thu <span class="run" dir="ltr">16:00–24:00</span> &amp; Sat '
        '&lt;<span class="run" dir="ltr">18.00-24.00</span>&gt;'
    )
    assert str(ltr_runs("Open 24 hours")) == 'Open <span class="run" dir="ltr">24</span> hours'


def test_a_full_width_label_takes_no_space() -> None:
    assert labelled("費用：", "免費") == "費用：免費"
    assert labelled("Cost:", "free") == "Cost: free"


def test_hours_in_the_levels_box_stand_apart_and_read_in_order(project: Project) -> None:
    """Hebrew: "sahar.org.il(" and "24:00–16:00" were printed; Danish "01(Alle"."""
    html = html_of(project, "IL", "he")
    box = html[html.index('id="urgent-cover"') : html.index('id="urgent-cover-end"')]
    assert re.search(r'</a> <span class="hours" dir="rtl">\(', box), box
    assert '<span class="run" dir="ltr">16:00–24:00</span>' in box
    page = text_of(html_of(project, "DK", "da"))
    assert re.search(r"70 201 201 \(", page) and not re.search(r"\d\(", page)


def test_italian_help_page_spaces_the_bracket(project: Project) -> None:
    page = text_of(html_of(project, "IT", "it"))
    assert "WhatsApp Amico 324 011 7252 (" in page and not re.search(r"\w\((?:Tutti|Lun)", page)


def test_japanese_cost_label_takes_no_space(project: Project) -> None:
    page = text_of(html_of(project, "JP", "ja"))
    assert "料金：無料" in page and "料金： " not in page


@pytest.mark.parametrize(
    ("country", "locale", "service"), [("RU", "ru", "childrens-helpline"), ("GR", "el", "10306")]
)
def test_a_line_says_one_thing_about_its_hours(
    project: Project, country: str, locale: str, service: str
) -> None:
    """RU's children's line printed "Open 24 hours, every day, 24 hours in most regions" and
    "The opening hours could not be confirmed"; GR 10306 "24 hours" and "not confirmed"."""
    tr = translator_for(project, locale)
    row = next(s for s in project.helplines[country].services if s.id == service)
    view = service_view(row, project.helplines[country].timezone, tr, country)
    doubt = tr.gettext("The opening hours could not be confirmed.")
    always = tr.gettext("Open 24 hours, every day")
    assert not (always in view.hours and doubt in view.unconfirmed), view
    page = text_of(html_of(project, country, locale))
    assert not (always in page and doubt in page)


@pytest.mark.parametrize("locale", ["th", "en"])
def test_thailand_without_an_abuse_line_prints_no_empty_slot(project: Project, locale: str) -> None:
    """The reference has no domestic-abuse row for TH: the help page has no "Domestic abuse"
    heading over nothing, and the module says where to ask instead."""
    assert not [s for s in project.helplines["TH"].services if s.kind == "abuse"]
    tr = translator_for(project, locale)
    html = html_of(project, "TH", locale)
    levels = project.packs["partner-support"].levels
    assert levels is not None
    assert tr.text("levels", levels.abuse_none) in text_of(html)
    assert f">{tr.gettext('Domestic abuse')}<" not in html
    assert not re.search(r'class="(level|kind)-name">\s*</span>', html)
