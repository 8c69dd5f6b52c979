"""The handout's help page: sources, how to report, QR code, hours with zones, tel: links."""

from pathlib import Path

from pypdf import PdfReader

from builder.base.errors import ProblemList
from builder.model.helplines import load_country
from builder.model.translations import source_translator
from builder.plan.request import BuildRequest
from builder.render.products.handout import main_crisis_qr
from builder.render.selection import select

from ..building import build_docs
from ..conftest import MiniProject
from ..pdftext import flat_text


def handout(mini: MiniProject, country: str = "GB") -> str:
    build_docs(
        BuildRequest(
            root=mini.root, out=mini.root / "out", countries=[country], products=["handout"]
        )
    )
    return flat_text(mini.root / f"out/mini/{country}/en/handout.pdf")


def add_website(mini: MiniProject) -> None:
    path = mini.helplines / "GB.toml"
    path.write_text(
        path.read_text().replace(
            'name = "Samaritans"', 'name = "Samaritans"\nwebsite = "https://www.samaritans.org"'
        )
    )


def test_help_page_numbers_its_sources_at_the_end_not_under_each_entry(mini: MiniProject) -> None:
    text = handout(mini)
    directory = text[text.index("In an emergency") : text.index("Sources")]
    assert "https://" not in directory and "example.org" not in directory
    # A UK handout: dates as the UK writes them.
    assert "Checked against source 1 on 1 November 2026" in directory
    assert "Checked against source 2 on 1 November 2026" in directory
    notes = text[text.index("Sources") :]
    assert "1. example.org, checked 1 November 2026: https://example.org/gb-emergency" in notes
    assert "2. example.org, checked 1 November 2026: https://example.org/samaritans" in notes


def test_a_shared_source_is_one_note(mini: MiniProject) -> None:
    path = mini.helplines / "GB.toml"
    path.write_text(
        path.read_text().replace(
            "https://example.org/samaritans", "https://example.org/gb-emergency"
        )
    )
    text = handout(mini)
    assert text.count("Checked against source 1 on") == 2
    assert "2. example.org" not in text


def test_help_page_says_how_to_report(mini: MiniProject) -> None:
    text = handout(mini)
    assert "If a number is wrong" in text
    assert "please tell the clinic or group that gave you this leaflet" in text


def test_report_contact_from_the_pack(mini: MiniProject) -> None:
    pack = mini.pack / "pack.toml"
    pack.write_text(
        pack.read_text() + '\n[helplines]\nreport_to = "the front desk, 01632 960 000"\n'
    )
    assert "please tell us so it can be corrected: the front desk, 01632 960 000" in handout(mini)


def test_qr_code_only_when_the_main_crisis_line_has_a_website(mini: MiniProject) -> None:
    assert "Scan to open" not in handout(mini)
    add_website(mini)
    text = handout(mini)
    assert "Scan to open the website of Samaritans: www.samaritans.org" in text
    html_alt = "QR code linking to www.samaritans.org, the website of Samaritans"
    country = load_country(mini.helplines / "GB.toml", ProblemList())
    assert country is not None
    qr = main_crisis_qr(select(country, False), source_translator("en"))
    assert qr is not None and qr.alt == html_alt and qr.url == "https://www.samaritans.org"


def test_part_time_hours_print_with_their_time_zone(mini: MiniProject) -> None:
    path = mini.helplines / "US.toml"
    path.write_text(
        path.read_text().replace(
            'open_24_7 = true\nsource_url = "https://example.org/988"',
            'open_24_7 = false\ntimezone = "America/Los_Angeles"\n'
            'source_url = "https://example.org/988"',
        )
        + "\n[[services.opening]]\n"
        'days = ["sat", "sun"]\nfrom = "10:00"\nto = "16:00"\n'
    )
    assert "Sat–Sun 10:00 AM–4:00 PM (Pacific Time)" in handout(mini, "US")


def link_targets(path: Path) -> list[str]:
    targets = []
    for page in PdfReader(path).pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action and "/URI" in action:
                targets.append(str(action["/URI"]))
    return targets


def test_numbers_print_nationally_and_link_as_e164(mini: MiniProject) -> None:
    path = mini.helplines / "GB.toml"
    path.write_text(path.read_text() + CHILDLINE)
    text = handout(mini)
    assert "0800 1111" in text and "Numbers checked 1 November 2026" in text
    links = link_targets(mini.root / "out/mini/GB/en/handout.pdf")
    assert "tel:+448001111" in links  # full number: E.164
    assert "tel:116123" in links  # short code: dialled as printed
    assert "tel:999" in links


CHILDLINE = """
[[services]]
id = "childline"
kind = "support"
name = "Childline"
audience = "young-people"
open_24_7 = false
hours_note = "Hours not stated in the source."
source_url = "https://example.org/childline"
checked = 2026-11-01

[[services.contacts]]
type = "phone"
value = "0800 1111"
"""


KINDS = "".join(
    f"""
[[services]]
id = "{kind}-line"
kind = "{kind}"
name = "A {kind} line"
open_24_7 = true
source_url = "https://example.org/{kind}"
checked = 2026-11-01

[[services.contacts]]
type = "phone"
value = "{number}"
"""
    for kind, number in (("abuse", "0808 2000 247"), ("carers", "0300 304 7000"), ("urgent", "111"))
)


def test_urgent_carers_and_abuse_lines_have_their_own_groups(mini: MiniProject) -> None:
    path = mini.helplines / "GB.toml"
    path.write_text(path.read_text() + KINDS)
    text = handout(mini)
    order = [
        "In an emergency",
        "Urgent mental-health help",
        "A urgent line",
        "Crisis lines",
        "For families and carers",
        "A carers line",
        "Domestic abuse",
        "A abuse line",
    ]
    places = [text.rfind(heading) for heading in order]
    assert -1 not in places and places == sorted(places), dict(zip(order, places, strict=True))


WHATSAPP_AND_KEYWORD = """
[[services]]
id = "textline"
kind = "text"
name = "Text line"
open_24_7 = true
source_url = "https://example.org/text"
checked = 2026-11-01

[[services.contacts]]
type = "sms"
value = "85258"
keyword = "SHOUT"

[[services.contacts]]
type = "whatsapp"
value = "07860 077333"
"""


def test_contacts_link_to_what_they_do(mini: MiniProject) -> None:
    """SMS links carry the keyword in the body; WhatsApp opens a chat, never a voice call;
    text-only services are never shown as something to call."""
    path = mini.helplines / "GB.toml"
    path.write_text(path.read_text() + WHATSAPP_AND_KEYWORD)
    text = handout(mini)
    assert "Text SHOUT to 85258" in text and "WhatsApp 07860 077333" in text
    links = link_targets(mini.root / "out/mini/GB/en/handout.pdf")
    assert "sms:85258?&body=SHOUT" in links
    assert "https://wa.me/447860077333" in links
    assert not any(link.startswith("tel:") and "7860077333" in link for link in links)
    assert not any(link.startswith("tel:85258") for link in links)
