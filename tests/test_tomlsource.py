from pathlib import Path

from builder.base.errors import ProblemList
from builder.base.tomlsource import index_lines, line_of, parse_toml, validate
from builder.model.helplines import CountryHelplines

TEXT = """\
country = "GB"
timezone = "Europe/London"

[[services]]
id = "a"

[[services.contacts]]
value = "1"

[[services]]
id = "b"

[[services.contacts]]
value = "2"

[[services.contacts]]
type = "phone"
valeu = "3"
"""


def test_index_finds_nested_array_items() -> None:
    positions = index_lines(TEXT)
    assert positions[("country",)] == 1
    assert positions[("services", 1, "id")] == 11
    assert positions[("services", 1, "contacts", 1)] == 16
    assert line_of(positions, ("services", 1, "contacts", 1, "valeu")) == 18
    assert line_of(positions, ("services", 0, "contacts", 0, "type")) == 7


def test_syntax_error_has_line(tmp_path: Path) -> None:
    path = tmp_path / "x.toml"
    problems = ProblemList()
    assert parse_toml(path, problems, 'a = "ok"\nb = "unclosed\n') is None
    assert problems.errors[0].line == 2
    assert "x.toml:2" in problems.errors[0].render()


def test_unknown_key_suggests_the_right_one(tmp_path: Path) -> None:
    text = TEXT.replace('id = "a"', 'id = "a"\nkind = "emergency"\nname = "E"\nopen_24_7 = true'
                        '\nsource_url = "https://e.org"\nchecked = 2026-01-01')
    problems = ProblemList()
    data = parse_toml(tmp_path / "GB.toml", problems, text)
    assert data is not None
    validate(CountryHelplines, data, tmp_path / "GB.toml", problems, index_lines(text))
    messages = [p.render() for p in problems.errors]
    typo = [m for m in messages if "valeu" in m]
    assert typo and 'did you mean "value"?' in typo[0] and "GB.toml:23" in typo[0]
    assert "dial" not in typo[0]
