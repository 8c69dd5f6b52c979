from pathlib import Path

from builder.base.errors import ProblemList
from builder.model.helplines import CountryHelplines, load_country
from builder.render.selection import card_lines, select

HEAD = 'country = "GB"\ntimezone = "Europe/London"\n'


def service(
    sid: str, kind: str, number: str, *, always: bool = True, group: str = "", caution: bool = False
) -> str:
    extra = (
        "" if always else ('\n[[services.opening]]\ndays = ["mon"]\nfrom = "09:00"\nto = "17:00"\n')
    )
    flags = f'group = "{group}"\n' if group else ""
    if caution:
        flags += (
            'caution = "withhold"\ncaution_reason = "one old source"\nunconfirmed = ["source"]\n'
        )
    return (
        f'\n[[services]]\nid = "{sid}"\nkind = "{kind}"\nname = "{sid}"\n'
        f"open_24_7 = {'true' if always else 'false'}\n{flags}"
        f'source_url = "https://example.org/{sid}"\nchecked = 2026-11-01\n'
        f'{extra}\n[[services.contacts]]\ntype = "phone"\nvalue = "{number}"\n'
    )


def load(tmp_path: Path, *services: str, gap: str = "") -> CountryHelplines:
    path = tmp_path / "GB.toml"
    path.write_text(HEAD + (f'crisis_gap = "{gap}"\n' if gap else "") + "".join(services))
    problems = ProblemList()
    country = load_country(path, problems)
    assert country is not None, [p.render() for p in problems.items]
    return country


def ids(services: tuple[object, ...]) -> list[str]:
    return [s.id for s in services]  # type: ignore[attr-defined]


def test_order_is_emergency_24_7_part_time_text_support(tmp_path: Path) -> None:
    country = load(
        tmp_path,
        service("support", "support", "0800 123 4561"),
        service("text", "text", "0800 123 4562"),
        service("daytime", "crisis", "0800 123 4563", always=False),
        service("allday", "crisis", "116 123"),
        service("emergency", "emergency", "999"),
    )
    assert ids(select(country, False).services) == [
        "emergency",
        "allday",
        "daytime",
        "text",
        "support",
    ]


def test_group_members_sit_together_at_the_first_members_place(tmp_path: Path) -> None:
    country = load(
        tmp_path,
        service("emergency", "emergency", "999"),
        service("parents", "support", "0800 123 4561", group="pair"),
        service("text", "text", "0800 123 4562"),
        service("youth", "crisis", "116 123", group="pair"),
        service("other", "crisis", "0800 123 4563", always=False),
    )
    assert ids(select(country, False).services) == [
        "emergency",
        "youth",
        "parents",
        "other",
        "text",
    ]


def test_a_doubtful_member_takes_its_group_off_cards(tmp_path: Path) -> None:
    country = load(
        tmp_path,
        service("emergency", "emergency", "999"),
        service("adult", "crisis", "116 123", group="pair"),
        service("youth", "crisis", "0800 123 4561", group="pair", caution=True),
    )
    cards = select(country, include_withheld=False)
    assert ids(cards.services) == ["emergency"]
    assert ids(cards.left_out) == ["adult", "youth"]
    assert ids(select(country, include_withheld=True).services) == ["emergency", "adult", "youth"]


def test_card_lines_keep_groups_whole_and_fill_with_text(tmp_path: Path) -> None:
    country = load(
        tmp_path,
        service("emergency", "emergency", "999"),
        service("first", "crisis", "116 123"),
        service("adult", "crisis", "0800 123 4561", group="pair"),
        service("youth", "crisis", "0800 123 4562", group="pair"),
        service("text", "text", "0800 123 4563"),
        service("support", "support", "0800 123 4564"),
    )
    assert ids(card_lines(select(country, False))) == ["first", "text"]


def test_card_lines_fall_back_to_part_time_before_text(tmp_path: Path) -> None:
    country = load(
        tmp_path,
        service("emergency", "emergency", "999"),
        service("text", "text", "0800 123 4563"),
        service("daytime", "crisis", "0800 123 4561", always=False),
    )
    assert ids(card_lines(select(country, False))) == ["daytime", "text"]


def test_no_crisis_line_leaves_card_lines_empty_of_crisis(tmp_path: Path) -> None:
    country = load(
        tmp_path,
        service("emergency", "emergency", "999"),
        service("support", "support", "0800 123 4564"),
        gap="none found",
    )
    assert card_lines(select(country, False)) == ()


def test_urgent_comes_before_crisis_lines_and_carers_and_abuse_last(tmp_path: Path) -> None:
    country = load(
        tmp_path,
        service("abuse", "abuse", "0800 123 4565"),
        service("carers", "carers", "0800 123 4564"),
        service("support", "support", "0800 123 4563"),
        service("allday", "crisis", "116 123"),
        service("urgent", "urgent", "111"),
        service("emergency", "emergency", "999"),
    )
    selection = select(country, False)
    assert ids(selection.services) == [
        "emergency",
        "urgent",
        "allday",
        "support",
        "carers",
        "abuse",
    ]
    assert ids(card_lines(selection)) == ["urgent", "allday"]


def test_a_crisis_line_always_reaches_the_card_past_urgent_lines(tmp_path: Path) -> None:
    country = load(
        tmp_path,
        service("emergency", "emergency", "999"),
        service("urgent-a", "urgent", "111"),
        service("urgent-b", "urgent", "0800 123 4561"),
        service("text", "text", "0800 123 4563"),
        service("daytime", "crisis", "0800 123 4562", always=False),
    )
    assert ids(card_lines(select(country, False))) == ["urgent-a", "daytime"]


def test_listening_line_fills_the_card_only_without_other_lines(tmp_path: Path) -> None:
    listening = service("friend", "support", "0800 123 4564").replace(
        'kind = "support"', 'kind = "support"\nlistening = true'
    )
    alone = load(tmp_path, service("emergency", "emergency", "999"), listening, gap="none")
    assert ids(card_lines(select(alone, False))) == ["friend"]
    crowded = load(
        tmp_path,
        service("emergency", "emergency", "999"),
        listening,
        service("allday", "crisis", "116 123"),
        service("text", "text", "0800 123 4563"),
    )
    assert ids(card_lines(select(crowded, False))) == ["allday", "text"]
