from builder.build import BuildRequest, build

from .conftest import MiniProject
from .pdftext import flat_text

ONLY_EMERGENCY = """\
country = "TR"
timezone = "Europe/Istanbul"

[[services]]
id = "emergency"
kind = "emergency"
name = "Acil Çağrı Merkezi"
open_24_7 = true
source_url = "https://example.org/tr-emergency"
checked = 2026-11-01

[[services.contacts]]
type = "phone"
value = "112"
"""


def card_build(mini: MiniProject, country: str) -> tuple[str, list[str]]:
    result = build(BuildRequest(root=mini.root, out=mini.root / "out", countries=[country],
                                products=["card-sheet"]))
    return (flat_text(mini.root / f"out/mini/{country}/en/card-sheet.pdf"),
            [w.message for w in result.warnings])


def test_country_without_crisis_line_points_to_the_help_page(mini: MiniProject) -> None:
    mini.write_helplines("TR", ONLY_EMERGENCY)
    text, warnings = card_build(mini, "TR")
    assert text.count("Emergency 112") == 10
    assert text.count("More help: see “Where to find help” in the handout.") == 10
    assert "http" not in text and "www" not in text
    assert any("TR has no crisis line to print on the card" in w for w in warnings)


def test_pointer_without_a_help_page_names_no_address(mini: MiniProject) -> None:
    mini.write_helplines("TR", ONLY_EMERGENCY)
    mini.write_pack(["first"])
    text, _ = card_build(mini, "TR")
    assert text.count("More help: ask the clinic that gave you this card.") == 10


def test_card_prints_instructions_next_to_numbers(mini: MiniProject) -> None:
    path = mini.helplines / "GB.toml"
    path.write_text(path.read_text().replace('value = "116 123"',
                                             'value = "116 123"\ninstruction = "then press 2"'))
    text, warnings = card_build(mini, "GB")
    assert text.count("116 123 then press 2") == 10
    assert not any("no crisis line" in w for w in warnings)


def test_part_time_line_on_a_card_shows_its_hours_and_zone(mini: MiniProject) -> None:
    path = mini.helplines / "GB.toml"
    path.write_text(path.read_text().replace(
        'open_24_7 = true\nsource_url = "https://example.org/samaritans"',
        'open_24_7 = false\nsource_url = "https://example.org/samaritans"').replace(
        'value = "116 123"', 'value = "116 123"\n\n[[services.opening]]\n'
                             'days = ["mon", "tue", "wed", "thu", "fri"]\nfrom = "09:00"\n'
                             'to = "17:00"'))
    text, _ = card_build(mini, "GB")
    assert text.count("Mon–Fri 9:00 AM–5:00 PM (United Kingdom Time)") == 10
