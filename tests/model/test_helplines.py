from pathlib import Path

import pytest
from pydantic import ValidationError

from builder.base.errors import ProblemList
from builder.model.helplines import CountryHelplines, load_all, load_country

from ..conftest import GB, REPO


def load(tmp_path: Path, text: str) -> tuple[CountryHelplines | None, ProblemList]:
    path = tmp_path / "GB.toml"
    path.write_text(text)
    problems = ProblemList()
    return load_country(path, problems), problems


def test_withhold_needs_a_reason_and_what_is_unconfirmed(tmp_path: Path) -> None:
    text = GB.replace(
        'name = "Samaritans"',
        'name = "Samaritans"\ncaution = "withhold"\ncaution_reason = "old source"',
    ).replace('timezone = "Europe/London"', 'timezone = "Europe/London"\ncrisis_gap = "withheld"')
    country, problems = load(tmp_path, text)
    assert country is None
    assert 'caution = "withhold" needs unconfirmed' in problems.errors[0].render()
    country, problems = load(
        tmp_path,
        text.replace(
            'caution_reason = "old source"',
            'caution_reason = "old source"\nunconfirmed = ["number", "cost"]',
        ),
    )
    assert country is not None and country.services[1].unconfirmed == ["number", "cost"]
    assert country.services[1].withheld
    _, problems = load(
        tmp_path,
        text.replace(
            'caution_reason = "old source"', 'caution_reason = "old source"\nunconfirmed = ["vibe"]'
        ),
    )
    assert (
        "GB.toml:24" in problems.errors[0].render() and "unconfirmed" in problems.errors[0].message
    )


def test_service_time_zone_is_checked(tmp_path: Path) -> None:
    _, problems = load(
        tmp_path,
        GB.replace('name = "Samaritans"', 'name = "Samaritans"\ntimezone = "Europe/Londres"'),
    )
    assert "is not an IANA time zone" in problems.errors[0].message


def test_unneeded_short_code_reason_warns(tmp_path: Path) -> None:
    country, problems = load(
        tmp_path,
        GB.replace('value = "116 123"', 'value = "116 123"\nunlisted_short_code = "new line"'),
    )
    assert country is not None
    assert [p.line for p in problems.warnings] == [28]
    assert problems.warnings[0].code == "CP3005"


def test_rows_remember_their_lines(tmp_path: Path) -> None:
    country, _ = load(tmp_path, GB)
    assert country is not None
    assert country.line("services", 1, "checked") == 23
    assert country.service_line(country.services[1]) == 18


def test_caution_true_is_refused_with_the_two_meanings(tmp_path: Path) -> None:
    _, problems = load(
        tmp_path,
        GB.replace(
            'name = "Samaritans"', 'name = "Samaritans"\ncaution = true\ncaution_reason = "x"'
        ),
    )
    message = problems.errors[0].render()
    assert "GB.toml:" in message and '"withhold"' in message and '"note"' in message


def test_a_note_needs_something_for_the_reader(tmp_path: Path) -> None:
    text = GB.replace(
        'name = "Samaritans"', 'name = "Samaritans"\ncaution = "note"\ncaution_reason = "new line"'
    )
    _, problems = load(tmp_path, text)
    assert (
        'caution = "note" needs unconfirmed = [...] or a reader_note' in problems.errors[0].message
    )
    country, problems = load(
        tmp_path,
        text.replace(
            'caution_reason = "new line"', 'caution_reason = "new line"\nunconfirmed = ["new"]'
        ),
    )
    assert country is not None and not country.services[1].withheld


def test_unconfirmed_without_caution_is_refused(tmp_path: Path) -> None:
    _, problems = load(
        tmp_path, GB.replace('name = "Samaritans"', 'name = "Samaritans"\nunconfirmed = ["hours"]')
    )
    assert "unconfirmed needs caution" in problems.errors[0].message


def test_a_country_without_a_printable_crisis_line_says_why(tmp_path: Path) -> None:
    text = GB.replace('kind = "crisis"', 'kind = "support"')
    _, problems = load(tmp_path, text)
    assert "say why in crisis_gap" in problems.errors[0].message
    assert "GB.toml" in problems.errors[0].render()
    country, problems = load(
        tmp_path,
        text.replace(
            'timezone = "Europe/London"', 'timezone = "Europe/London"\ncrisis_gap = "none found"'
        ),
    )
    assert country is not None and country.crisis_gap == "none found"
    _, problems = load(
        tmp_path,
        GB.replace(
            'timezone = "Europe/London"', 'timezone = "Europe/London"\ncrisis_gap = "none found"'
        ),
    )
    assert (
        "crisis_gap is only for a country with no printable crisis line"
        in problems.errors[0].message
    )


def test_listening_is_only_for_adult_support_lines(tmp_path: Path) -> None:
    _, problems = load(
        tmp_path, GB.replace('name = "Samaritans"', 'name = "Samaritans"\nlistening = true')
    )
    assert "listening = true is for a national listening line" in problems.errors[0].message


def test_printed_form_with_other_digits_is_refused_with_its_line(tmp_path: Path) -> None:
    text = GB.replace('value = "116 123"', 'value = "116 123"\nprinted = "116 124"')
    _, problems = load(tmp_path, text)
    message = problems.errors[0].render()
    assert 'printed "116 124" does not dial the same number as "116 123"' in message
    assert "GB.toml:28" in message
    country, _ = load(
        tmp_path, GB.replace('value = "116 123"', 'value = "116 123"\nprinted = "116-123"')
    )
    assert country is not None
    assert country.services[1].contacts[0].dial is not None
    assert country.services[1].contacts[0].dial.display == "116-123"


def test_a_printed_form_that_repeats_how_value_prints_is_a_warning(tmp_path: Path) -> None:
    """A national value already prints as written, so printed = value only adds a second
    place to keep in step."""
    country, problems = load(
        tmp_path, GB.replace('value = "116 123"', 'value = "116 123"\nprinted = "116 123"')
    )
    assert country is not None and not problems.errors
    assert [p.line for p in problems.warnings] == [28]
    assert problems.warnings[0].code == "CP3008"
    assert "remove printed" in problems.warnings[0].fix


def test_whatsapp_needs_a_full_number(tmp_path: Path) -> None:
    _, problems = load(
        tmp_path,
        GB.replace('type = "phone"\nvalue = "116 123"', 'type = "whatsapp"\nvalue = "116 123"'),
    )
    assert problems.errors[0].code == "CP3006"


def test_open_24_7_with_unconfirmed_hours_is_refused_at_its_line(tmp_path: Path) -> None:
    """A page would print "Open 24 hours, every day" and "The opening hours could not be
    confirmed" for one line (RU's children's line, GR 10306 did): the data must say one."""
    doubted = 'open_24_7 = true\ncaution = "note"\ncaution_reason = "old source"\n'
    text = GB.replace(
        'name = "Samaritans"\nopen_24_7 = true\n',
        f'name = "Samaritans"\n{doubted}unconfirmed = ["hours"]\n',
    )
    country, problems = load(tmp_path, text)
    assert country is None
    assert [(p.code, p.line) for p in problems.errors] == [("CP3012", 24)]
    assert "open_24_7 = false" in problems.errors[0].fix
    # The same doubt about something else (the source) is printed with 24/7: no contradiction.
    fine = text.replace('unconfirmed = ["hours"]', 'unconfirmed = ["source"]')
    country, problems = load(tmp_path, fine)
    assert country is not None and not problems.errors


def test_no_shipped_line_says_24_7_and_unconfirmed_hours() -> None:
    """The scan of the 118 files: every helpline file loads without CP3012."""
    problems = ProblemList()
    countries = load_all(REPO / "packs" / "helplines", problems)
    assert len(countries) == 118
    assert not [p for p in problems.errors if p.code == "CP3012"]
    for country in countries.values():
        for service in country.services:
            assert not (service.open_24_7 and "hours" in service.unconfirmed), service.id


def test_an_opening_cannot_start_at_the_end_of_a_day() -> None:
    """ "24:00" ends a day (to = "24:00"); as a start it printed "Mon 24:00–17:00"."""
    from builder.model.helplines import Opening

    with pytest.raises(ValidationError, match='for opening at midnight write "00:00"'):
        Opening.model_validate({"days": ["mon"], "from": "24:00", "to": "17:00"})
    assert Opening.model_validate({"days": ["mon"], "from": "00:00", "to": "24:00"}).end == "24:00"
