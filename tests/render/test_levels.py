"""The three levels of urgency take their services from the country's data, with fallbacks."""

from pathlib import Path

from builder.base.errors import ProblemList
from builder.model.helplines import CountryHelplines, Service, load_country
from builder.render.levels import ABUSE_KINDS, CARERS_KINDS, levels, of_kinds
from builder.render.selection import Selection, select

from .test_selection import HEAD, ids, load, service


def load_gap(tmp_path: Path, *services: str) -> CountryHelplines:
    """A country with no crisis line: the data must say why (crisis_gap)."""
    path = tmp_path / "GB.toml"
    path.write_text(
        HEAD + 'crisis_gap = "none found in a source good enough to print"\n' + "".join(services)
    )
    problems = ProblemList()
    country = load_country(path, problems)
    assert country is not None, [p.render() for p in problems.items]
    return country


def as_kind(country: CountryHelplines, sid: str, kind: str) -> CountryHelplines:
    """A row of a kind the data files may not carry yet (urgent, carers, abuse): the levels
    code matches kinds by name, so a copied row with that kind is what a data file will give."""
    rows: list[Service] = [
        s.model_copy(update={"kind": kind}) if s.id == sid else s for s in country.services
    ]
    return country.model_copy(update={"services": rows})


def chosen(country: CountryHelplines) -> Selection:
    return select(country, include_withheld=False)


def test_level_2_is_the_urgent_line_when_the_country_has_one(tmp_path: Path) -> None:
    country = load(
        tmp_path,
        service("emergency", "emergency", "999"),
        service("samaritans", "crisis", "116 123"),
        service("shout", "text", "85258"),
        service("nhs111", "support", "111"),
    )
    country = as_kind(country, "nhs111", "urgent")
    result = levels(chosen(country))
    assert ids(result.danger) == ["emergency"]
    assert ids(result.urgent) == ["nhs111"] and not result.urgent_is_crisis_line
    assert ids(result.talk) == ["samaritans", "shout"]


def test_without_an_urgent_line_level_2_is_the_24_7_crisis_line(tmp_path: Path) -> None:
    country = load(
        tmp_path,
        service("emergency", "emergency", "999"),
        service("daytime", "crisis", "0800 123 4563", always=False),
        service("lifeline", "crisis", "116 123"),
        service("textline", "text", "85258"),
    )
    result = levels(chosen(country))
    assert ids(result.urgent) == ["lifeline"] and result.urgent_is_crisis_line
    # The handout repeats it at level 3 (it is for either of you); 24/7 lines come first.
    assert ids(result.talk) == ["lifeline", "daytime"]
    # The card has no room to print it twice.
    assert ids(levels(chosen(country), 2, skip_repeats=True).talk) == ["daytime", "textline"]


def test_no_urgent_and_no_24_7_line_leaves_level_2_empty(tmp_path: Path) -> None:
    country = load(
        tmp_path,
        service("emergency", "emergency", "112"),
        service("daytime", "crisis", "0800 123 4563", always=False),
    )
    result = levels(chosen(country))
    assert result.urgent == () and result.urgent_is_crisis_line
    assert ids(result.talk) == ["daytime"]


def test_a_repeat_is_kept_when_it_is_the_only_line(tmp_path: Path) -> None:
    country = load(
        tmp_path, service("emergency", "emergency", "112"), service("lifeline", "crisis", "116 123")
    )
    assert ids(levels(chosen(country), 2, skip_repeats=True).talk) == ["lifeline"]


def test_a_group_is_never_split_at_level_3(tmp_path: Path) -> None:
    country = load(
        tmp_path,
        service("emergency", "emergency", "112"),
        service("lifeline", "crisis", "116 123"),
        service("adult", "crisis", "0800 123 4561", group="pair"),
        service("youth", "crisis", "0800 123 4562", group="pair"),
    )
    assert ids(levels(chosen(country), 2).talk) == ["lifeline"]


def test_carers_and_abuse_lines_come_from_their_kinds(tmp_path: Path) -> None:
    country = load_gap(
        tmp_path,
        service("emergency", "emergency", "999"),
        service("carers", "support", "0800 123 4561"),
        service("abuse", "support", "0800 123 4562"),
    )
    assert of_kinds(chosen(country), CARERS_KINDS) == ()
    country = as_kind(as_kind(country, "carers", "carers"), "abuse", "abuse")
    assert ids(of_kinds(chosen(country), CARERS_KINDS)) == ["carers"]
    assert ids(of_kinds(chosen(country), ABUSE_KINDS)) == ["abuse"]


def test_without_crisis_text_or_chat_lines_level_3_is_the_listening_line(tmp_path: Path) -> None:
    country = load_gap(
        tmp_path,
        service("emergency", "emergency", "112"),
        service("friend", "support", "0800 123 4561"),
    )
    country = country.model_copy(
        update={
            "services": [
                s.model_copy(update={"listening": True}) if s.id == "friend" else s
                for s in country.services
            ]
        }
    )
    result = levels(chosen(country))
    assert result.urgent == () and ids(result.talk) == ["friend"]


def for_young_people(country: CountryHelplines, *sids: str) -> CountryHelplines:
    return country.model_copy(
        update={
            "services": [
                s.model_copy(update={"audience": "young-people"}) if s.id in sids else s
                for s in country.services
            ]
        }
    )


def test_a_teen_line_never_stands_as_the_general_line(tmp_path: Path) -> None:
    """Romania: the adult line is withheld, so only the teen line is left. It must not fill
    the rows an adult partner reads (urgent, talk); the rows say what to do without a line."""
    country = load(
        tmp_path,
        service("emergency", "emergency", "112"),
        service("adults", "crisis", "0800 123 4561", caution=True),
        service("teens", "crisis", "0800 123 4562"),
    )
    country = for_young_people(country, "teens")
    for result in (levels(chosen(country)), levels(chosen(country), 2, skip_repeats=True)):
        assert result.urgent == () and result.talk == ()
    # With the adult line printable, it is the line of both rows.
    country = load(
        tmp_path,
        service("emergency", "emergency", "112"),
        service("adults", "crisis", "0800 123 4561"),
        service("teens", "crisis", "0800 123 4562"),
    )
    result = levels(chosen(for_young_people(country, "teens")))
    assert ids(result.urgent) == ["adults"] and ids(result.talk) == ["adults"]


def test_a_teen_line_comes_with_the_general_line_of_its_group(tmp_path: Path) -> None:
    country = load(
        tmp_path,
        service("emergency", "emergency", "112"),
        service("youth", "crisis", "0800 123 4562", group="pair"),
        service("adult", "crisis", "0800 123 4561", group="pair"),
    )
    result = levels(chosen(for_young_people(country, "youth")))
    assert ids(result.urgent) == ["adult"] and ids(result.talk) == ["youth", "adult"]


def test_without_a_general_talk_line_level_3_is_the_listening_line(tmp_path: Path) -> None:
    country = load_gap(
        tmp_path,
        service("emergency", "emergency", "112"),
        service("teens", "text", "85258"),
        service("friend", "support", "0800 123 4561"),
    )
    country = for_young_people(country, "teens").model_copy(
        update={
            "services": [
                s.model_copy(update={"listening": True}) if s.id == "friend" else s
                for s in for_young_people(country, "teens").services
            ]
        }
    )
    assert ids(levels(chosen(country)).talk) == ["friend"]
