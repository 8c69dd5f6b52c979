from pathlib import Path

from builder.errors import ProblemList
from builder.helplines import CountryHelplines, load_country

from .conftest import GB


def load(tmp_path: Path, text: str) -> tuple[CountryHelplines | None, ProblemList]:
    path = tmp_path / "GB.toml"
    path.write_text(text)
    problems = ProblemList()
    return load_country(path, problems), problems


def test_caution_needs_a_reason_and_what_is_unconfirmed(tmp_path: Path) -> None:
    text = GB.replace('name = "Samaritans"', 'name = "Samaritans"\ncaution = true\n'
                                            'caution_reason = "old source"')
    country, problems = load(tmp_path, text)
    assert country is None
    assert "caution = true needs unconfirmed" in problems.errors[0].render()
    country, problems = load(tmp_path, text.replace(
        'caution_reason = "old source"', 'caution_reason = "old source"\n'
                                         'unconfirmed = ["hours", "cost"]'))
    assert country is not None and country.services[1].unconfirmed == ["hours", "cost"]
    _, problems = load(tmp_path, text.replace(
        'caution_reason = "old source"', 'caution_reason = "old source"\nunconfirmed = ["vibe"]'))
    assert "GB.toml:23" in problems.errors[0].render() and "unconfirmed" in \
        problems.errors[0].message


def test_service_time_zone_is_checked(tmp_path: Path) -> None:
    _, problems = load(tmp_path, GB.replace('name = "Samaritans"',
                                            'name = "Samaritans"\ntimezone = "Europe/Londres"'))
    assert "is not an IANA time zone" in problems.errors[0].message


def test_unneeded_short_code_reason_warns(tmp_path: Path) -> None:
    country, problems = load(tmp_path, GB.replace(
        'value = "116 123"', 'value = "116 123"\nunlisted_short_code = "new line"'))
    assert country is not None
    assert [p.line for p in problems.warnings] == [28]
    assert "no longer needed" in problems.warnings[0].message


def test_rows_remember_their_lines(tmp_path: Path) -> None:
    country, _ = load(tmp_path, GB)
    assert country is not None
    assert country.line("services", 1, "checked") == 23
    assert country.service_line(country.services[1]) == 18
