from pathlib import Path

from builder.base.errors import ProblemList
from builder.base.tomlsource import index_lines, line_of, parse_toml, validate
from builder.model.helplines import CountryHelplines, Opening

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


Q3, A3 = '"' * 3, "'" * 3
TRICKY = (
    "\n".join(
        [
            'country = "GB"',
            f"notes = {Q3}",
            "[[services]]",
            'id = "inside a multi-line string, not a key"',
            Q3,
            f"words = {A3}",
            f'name = "also inside"{A3}',
            "list = [",
            '  "[not a header]",',
            '  "x = 1",',
            "]",
            'hours.note = "a dotted key"',
            '"site"."url" = "quoted parts"',
            "",
            "[[services]]",
            'id = "a"',
            'contacts.0 = "dotted under an array item"',
        ]
    )
    + "\n"
)


def test_index_skips_multi_line_values_and_knows_dotted_keys() -> None:
    positions = index_lines(TRICKY)
    assert ("services", 0) in positions and positions[("services", 0)] == 15
    assert ("services", 1) not in positions  # the header inside the string is text
    assert positions[("services", 0, "id")] == 16
    assert ("name",) not in positions and ("x",) not in positions
    assert positions[("list",)] == 8
    assert positions[("hours",)] == 12 and positions[("hours", "note")] == 12
    assert positions[("site", "url")] == 13
    assert positions[("services", 0, "contacts", "0")] == 17


def test_problem_after_a_multi_line_string_points_at_its_line(tmp_path: Path) -> None:
    text = TEXT.replace(
        'timezone = "Europe/London"',
        f'timezone = "Europe/London"\nnote = {Q3}\nline one\n[[services]]\nline two\n{Q3}',
    )
    problems = ProblemList()
    data = parse_toml(tmp_path / "GB.toml", problems, text)
    assert data is not None
    validate(CountryHelplines, data, tmp_path / "GB.toml", problems, index_lines(text))
    assert {p.line for p in problems.errors if "valeu" in p.render()} == {18 + 5}


def test_syntax_error_has_line(tmp_path: Path) -> None:
    path = tmp_path / "x.toml"
    problems = ProblemList()
    assert parse_toml(path, problems, 'a = "ok"\nb = "unclosed\n') is None
    assert problems.errors[0].line == 2
    assert "x.toml:2" in problems.errors[0].render()


def test_a_key_given_twice_says_so(tmp_path: Path) -> None:
    """A clinic that pasted its name twice was told "Cannot overwrite a value (check quotes,
    brackets and commas on that line)": nothing wrong with those; the key is repeated."""
    problems = ProblemList()
    assert parse_toml(tmp_path / "x.toml", problems, 'name = "A"\nname = "B"\n') is None
    assert problems.errors[0].line == 2
    assert "already given above" in problems.errors[0].fix


def test_a_number_where_text_belongs_says_to_quote_it(tmp_path: Path) -> None:
    """phone = 2079460321 was reported as "Input should be a valid string", with no fix."""
    text = TEXT.replace('value = "1"', "value = 2079460321")
    problems = ProblemList()
    data = parse_toml(tmp_path / "GB.toml", problems, text)
    assert data is not None
    validate(CountryHelplines, data, tmp_path / "GB.toml", problems, index_lines(text))
    quoted = [p for p in problems.errors if "valid string" in p.message]
    assert (
        quoted
        and quoted[0].line == 8
        and quoted[0].fix == 'write it in double quotes: value = "..."'
    )


def test_unknown_key_suggests_the_right_one(tmp_path: Path) -> None:
    text = TEXT.replace(
        'id = "a"',
        'id = "a"\nkind = "emergency"\nname = "E"\nopen_24_7 = true'
        '\nsource_url = "https://e.org"\nchecked = 2026-01-01',
    )
    problems = ProblemList()
    data = parse_toml(tmp_path / "GB.toml", problems, text)
    assert data is not None
    validate(CountryHelplines, data, tmp_path / "GB.toml", problems, index_lines(text))
    messages = [p.render() for p in problems.errors]
    typo = [m for m in messages if "valeu" in m]
    assert typo and 'did you mean "value"?' in typo[0] and "GB.toml:23" in typo[0]
    assert "dial" not in typo[0]


def test_problems_give_other_programs_their_parts(tmp_path: Path) -> None:
    problems = ProblemList()
    data = parse_toml(tmp_path / "GB.toml", problems, TEXT)
    assert data is not None
    validate(CountryHelplines, data, tmp_path / "GB.toml", problems, index_lines(TEXT))
    typo = next(p for p in problems.errors if "valeu" in p.message)
    record = typo.as_json(tmp_path)
    assert (record["file"], record["line"], record["severity"]) == ("GB.toml", 18, "error")
    assert record["message"] == 'unknown key "services[2].contacts[2].valeu"'
    assert record["text"] == typo.render(tmp_path) and "value" in str(record["fix"])


def test_a_value_not_among_the_choices_is_named_with_the_one_meant(tmp_path: Path) -> None:
    """days = ["Monday"] in a clinic's hours read "Input should be 'mon', 'tue', ...":
    neither the value written nor the one meant."""
    text = 'days = ["Monday", "tues"]\nfrom = "09:00"\nto = "17:00"\n'
    problems = ProblemList()
    data = parse_toml(tmp_path / "x.toml", problems, text)
    assert data is not None
    validate(Opening, data, tmp_path / "x.toml", problems, index_lines(text))
    said = [(p.message, p.fix) for p in problems.errors]
    allowed = "allowed: mon, tue, wed, thu, fri, sat, sun"
    assert said == [
        ('days[1]: "Monday" is not allowed here', f'write "mon"; {allowed}'),
        ('days[2]: "tues" is not allowed here', f'write "tue"; {allowed}'),
    ]
