"""The shipped helpline data: every country loads, passes its checks, and reaches its card."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from pathlib import Path

import phonenumbers
import pytest
from babel import Locale
from babel.dates import format_date

from builder.model.project import Project
from builder.model.regional import formatting_locale
from builder.plan.imposition import card_sheet
from builder.plan.paper import paper_for
from builder.render.selection import card_lines, select
from builder.validate.helplinecheck import HelplineCheck, check_helplines

from ..conftest import DEMO, REPO, BackgroundBuild, data_day
from ..pdftext import flat_poppler_text, flat_text
from ..published import stray_grouping
from .test_repo_data import CANADA

# shared/ sits beside the checkout (CI, main) or beside the folder of worktrees.
REFERENCE = next(
    (
        base / "shared" / "reference" / "helplines-sources.csv"
        for base in (REPO.parent, REPO.parent.parent)
        if (base / "shared" / "reference" / "helplines-sources.csv").is_file()
    ),
    REPO.parent / "shared" / "reference" / "helplines-sources.csv",
)
Run = Callable[..., tuple[int, str]]

# Numbers the reference notes mark as replaced, closed, "do not print" or wrong (first and
# second edition, and the AI-atlas numbers the second edition lists as not to be used), as
# digits, and the one country they are retired in (None: every country; a number that is
# right elsewhere, such as 141 or 171, is retired only where the notes say so).
RETIRED: list[tuple[str, str | None]] = [
    ("18002738255", None),  # US 1-800-273-8255, replaced by 988 (2022)
    ("18334564566", None),  # CA 1-833-456-4566, replaced by 988 (2023)
    ("1393", "KR"),  # KR 1393, replaced by 109 (2024)
    ("15770199", None),  # KR 1577-0199, replaced by 109 (2024)
    ("09000113", None),  # NL 0900-0113, replaced by 113 / 0800-0113
    ("141", "BR"),  # BR 141, replaced by 188 (2018); PT 1411 is a different line
    ("199284284", None),  # IT 199.284.284, replaced by 02 2327 2327 (2020)
    ("0800788995", None),  # TW 0800-788-995, replaced by 1925
    ("500454", None),  # ID 500-454, closed end-2014
    ("18005990019", None),  # IN KIRAN, reportedly merged into Tele MANAS: not printed
    # Second edition: carers' and abuse notes
    ("08009171414", None),  # GB (NI) old Women's Aid NI line
    ("05700055210", None),  # JP old DV soudan navi number, abolished 2021
    ("70203082", None),  # DK old LOKK hotline
    ("10921", "BD"),  # BD replaced by 109 (2017)
    ("801120002", None),  # PL old charged Niebieska Linia number
    ("08000116016", None),  # DE old violence-against-women number
    ("0225110062", None),  # TW carers, 2012
    ("0225111415", None),  # TW carers, 2012
    ("1890621631", None),  # IE Shine, old 1890 number
    ("1300554660", None),  # AU National Carer Helpline, closing
    ("22461922", None),  # NO LPP: numbers disagree, do not print
    ("22491922", None),  # NO LPP: numbers disagree, do not print
    # Second edition: new countries
    ("284016666", None),  # CZ Bohnice trust line, closed 2023
    ("18001567", None),  # VN child line, replaced by 111 (2017)
    ("22723774", None),  # CR old Aqui Estoy number
    ("22273774", None),  # CR typo of the old Aqui Estoy number
    ("171", "VE"),  # VE replaced by 911 (2019)
    ("08008483", None),  # UY transitional VIVE line, obsolete
    ("8092001400", None),  # DO call centre being replaced by 811
    ("0800193193", None),  # SK Ministry of Health line, extended only to Sep 2023
    ("67222922", None),  # LV old Skalbes numbers
    ("27722292", None),  # LV old Skalbes numbers
    ("0800309309", None),  # RS COVID-era line
    ("0117777000", None),  # RS SOS line: sources conflict, do not print unchecked
    ("0800070030", None),  # RO COVID-era TelVerde
    ("0800070968", None),  # RO teen line, status unknown
    ("1809", "LT"),  # LT COVID-era menu line
    ("1471", "CY"),  # CY COVID-era line
    ("068810600", None),  # HU second number (2022)
    ("0800123123", "HR"),  # HR old Zivotna linija source (2014)
    ("0206814666", None),  # GH old temporary line
    ("0800678678", None),  # GH MHA line, reported out of service: do not print
    ("1534", "FJ"),  # FJ typo of 1543
    ("25580800", None),  # HN garbled number
    ("022800299", None),  # TH AI-atlas Samaritans number
    ("1293", "KH"),  # KH AI-atlas number
    ("3911270", None),  # BW AI-atlas number
    ("260955420000", None),  # ZM AI-atlas number
    ("233244846701", None),  # GH AI-atlas number
    ("998712764966", None),  # UZ AI-atlas number
    ("959765400200", None),  # MM AI-atlas number
    ("0800300303", "BA"),  # BA AI-atlas: that is Serbia's Centar Srce
]


@pytest.fixture(scope="module")
def checked() -> HelplineCheck:
    return check_helplines(REPO, data_day())


def number_runs(text: str) -> list[list[str]]:
    """Digit groups of every number-like run ("1-800-273-8255" -> ["1","800","273","8255"])."""
    runs = re.findall(r"(?<!\d)\d+(?:[ \-.\u00a0]\d+)*(?!\d)", text)
    return [re.split(r"[ \-.\u00a0]", run) for run in runs]


def contains_whole(groups: list[str], digits: str) -> bool:
    return any(
        "".join(groups[i:j]) == digits
        for i in range(len(groups))
        for j in range(i + 1, len(groups) + 1)
    )


def test_run_matching_is_whole_number_only() -> None:
    assert contains_whole(["1", "800", "273", "8255"], "18002738255")
    assert contains_whole(["1393", "109"], "1393")
    assert not contains_whole(["31393"], "1393")
    assert not contains_whole(["1411"], "141")
    assert number_runs("SMS 31393, or 0900-0113.") == [["31393"], ["0900", "0113"]]


def test_every_reference_country_has_a_file_that_loads(checked: HelplineCheck) -> None:
    if not REFERENCE.is_file():
        pytest.skip(f"reference table not available at {REFERENCE}")
    with REFERENCE.open(encoding="utf-8") as handle:
        reference = {row["country"] for row in csv.DictReader(handle)}
    files = {p.stem for p in (REPO / "packs/helplines").glob("*.toml")}
    assert len(reference) == 122  # second edition: 47 first-edition countries and 75 new ones
    assert set(checked.countries) == files
    assert files == reference - set(NOT_BUILT), sorted(files ^ (reference - set(NOT_BUILT)))
    assert len(files) >= 110


# Reference countries with no file: a country needs a national emergency number to be built.
NOT_BUILT = {
    "KH": "no emergency number in the reference (115 is a disease hotline)",
    "LA": "the only emergency number (1195) covers Vientiane Capital only",
    "MA": "sources disagree on the emergency short codes; the reference says verify first",
    "ZM": "no reliable emergency number: the reference marks 991 unreliable",
}


def test_helplines_check_passes(run_cli: Run) -> None:
    code, output = run_cli(
        "helplines", "check", "--root", str(REPO), "--today", data_day().isoformat()
    )
    assert code == 0, output
    assert output.startswith("ok: ")
    assert output.splitlines()[0].endswith("; 0 warning(s)")


def retired_in(text: str, country: str | None) -> list[str]:
    """The retired numbers (for country, or for any country when None) found in text."""
    runs = number_runs(text)  # once, not once per retired number
    found = []
    for digits, only in RETIRED:
        if only is not None and country is not None and only != country:
            continue
        found += ["-".join(groups) for groups in runs if contains_whole(groups, digits)]
    return found


def test_retired_numbers_appear_nowhere_in_packs_or_locales() -> None:
    """Data and catalogs: a helpline file is one country's; a catalog entry's msgctxt is."""
    found = []
    for path in sorted((REPO / "packs").rglob("*")):
        # retired-numbers.toml is the list of these very numbers, kept so careprint can
        # refuse them.
        if path.is_file() and path.name != "retired-numbers.toml":
            country = path.stem if path.parent.name == "helplines" else None
            found += [
                (str(path), n)
                for n in retired_in(path.read_text(encoding="utf-8"), country or "--")
            ]
    for path in sorted((REPO / "locales").rglob("*.po*")):
        for block in path.read_text(encoding="utf-8").split("\n\n"):
            context = re.search(r'^msgctxt "([A-Z]{2})"', block, re.M)
            found += [
                (str(path), n) for n in retired_in(block, context.group(1) if context else "--")
            ]
    assert found == []


def test_retired_number_matching_is_per_country() -> None:
    assert retired_in("Call 141", "PY") == [] and retired_in("Call 141", "BR") == ["141"]
    assert retired_in("0800 917 1414", "GB") == ["0800-917-1414"]


COUNTRIES = sorted(p.stem for p in (REPO / "packs/helplines").glob("*.toml"))
DAY = data_day().isoformat()


# The demo builds GB's and US's documents in English, Canada's build CA's, with the options of
# english(): their documents are read there, so each is built once a run.
BUILT_ELSEWHERE = {"GB": DEMO, "US": DEMO, "CA": CANADA}


def english(name: str, countries: list[str], product: str) -> BackgroundBuild:
    """One product of the pack in English for these countries (but those BUILT_ELSEWHERE),
    built once a run beside the tests, judged on the day the data was last checked."""
    return BackgroundBuild(
        name,
        (
            "--pack",
            "partner-support",
            "--country",
            ",".join(c for c in countries if c not in BUILT_ELSEWHERE),
            "--locale",
            "en",
            "--product",
            product,
            "--today",
            DAY,
            "--jobs",
            "2",
        ),
    )


def built_by(build: BackgroundBuild, country: str) -> BackgroundBuild:
    return BUILT_ELSEWHERE.get(country, build)


def reading(build: BackgroundBuild, countries: list[str]) -> list[object]:
    """The countries as parameters, each marked with the build its document comes from."""
    return [
        pytest.param(c, marks=pytest.mark.reads_background(built_by(build, c))) for c in countries
    ]


@pytest.mark.parametrize("country", sorted(BUILT_ELSEWHERE))
def test_a_document_read_from_another_build_is_the_one_english_would_build(
    country: str, shipped_project: Project
) -> None:
    """Same pack, day and English, nothing that changes a page (paper, duplex, overlay)."""
    args = BUILT_ELSEWHERE[country].args
    options = dict(zip(args[::2], args[1::2], strict=True))  # every option takes a value
    assert options["--pack"] == "partner-support" and options["--today"] == DAY
    assert country in options["--country"].split(",")
    locales = options.get("--locale", ",".join(shipped_project.default_locales(country)))
    assert "en" in locales.split(",")
    assert set(options) <= {"--pack", "--country", "--locale", "--product", "--today", "--jobs"}


CARD_SHEETS = english("card-sheets", COUNTRIES, "card-sheet")


def card_sheet_pdf(country: str) -> Path:
    return built_by(CARD_SHEETS, country).file(f"partner-support/{country}/en/card-sheet.pdf")


@pytest.mark.parametrize("country", reading(CARD_SHEETS, COUNTRIES))
def test_card_shows_emergency_crisis_line_and_checked_date(
    country: str, checked: HelplineCheck
) -> None:
    data = checked.countries[country]
    text = flat_poppler_text(card_sheet_pdf(country))
    slots = len(card_sheet(paper_for(country, None), "long-edge").fronts)
    selection = select(data, include_withheld=False)
    for service in selection.emergency:
        for contact in service.dialled:
            assert contact.dial is not None
            assert text.count(contact.dial.display) >= slots, (country, contact.dial.display)
    lines = card_lines(selection)
    # A line for one audience (a teen line) never stands alone as the card's line.
    crisis = [s for s in selection.services if s.kind == "crisis" and s.audience == "everyone"]
    talk = [s for s in lines if (s.kind == "crisis" or s.listening) and s.audience == "everyone"]
    if crisis:
        # A country with a printable crisis line always prints one on its card.
        assert talk and talk[0].kind == "crisis", country
    if talk:
        first = talk[0].dialled[0].dial
        assert first is not None, country
        assert text.count(first.display) >= slots, (country, first.display)
    if not crisis:
        assert text.count("No crisis line was found for this country.") == slots, country
        assert text.count("More help: see “Where to find help” in the handout.") == slots
    printed = selection.emergency + lines
    # English for this country: the date as the country writes it (en_GB, en_IN, en_US...).
    english = formatting_locale(Locale.parse("en"), country)
    day = format_date(min(s.checked for s in printed), format="long", locale=english)
    assert text.count(f"Numbers checked {day}") == slots


@pytest.mark.parametrize("country", ["PT", "IT", "MY", "UA", "DK", "IR"])
def test_lines_doubted_only_for_hours_cost_or_newness_reach_the_card(
    country: str, checked: HelplineCheck
) -> None:
    """The first edition withheld these countries' only crisis (or listening) line for a doubt
    the reference does not call weak; they are printed, with a note for the reader."""
    lines = card_lines(select(checked.countries[country], include_withheld=False))
    assert any(s.kind == "crisis" or s.listening for s in lines), country


def test_helplines_check_lists_cards_without_a_crisis_line(
    run_cli: Run, checked: HelplineCheck
) -> None:
    code, output = run_cli(
        "helplines", "check", "--root", str(REPO), "--today", data_day().isoformat()
    )
    assert code == 0, output
    listed = re.findall(r"^  ([A-Z]{2})  [^:]+: (.+)$", output, re.M)
    expected = sorted(
        code
        for code, c in checked.countries.items()
        if not any(s.kind == "crisis" for s in card_lines(select(c, False)))
    )
    assert [code for code, _ in listed] == expected
    assert {"BD", "SA", "TR", "IT"} <= set(expected)
    assert not {"PT", "MY", "UA"} & set(expected)
    assert all(reason.strip() for _, reason in listed)


def test_gb_nhs_111_is_urgent_and_gb_us_have_carers_and_abuse_lines(checked: HelplineCheck) -> None:
    def kinds(code: str) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for service in checked.countries[code].services:
            found.setdefault(service.kind, []).append(
                "".join(c for c in service.dialled[0].value if c.isdigit())
                if service.dialled
                else service.contacts[0].value
            )
        return found

    gb, us = kinds("GB"), kinds("US")
    assert gb["urgent"] == ["111"]
    assert sorted(gb["carers"]) == ["03001233393", "03003047000"]
    assert sorted(gb["abuse"]) == ["08000271234", "08082000247", "08088010800", "08088021414"]
    assert us["carers"] == ["8009506264"] and us["abuse"] == ["8007997233"]


# Rows of the reference that are deliberately not entered, with the reference's reason.
NOT_ENTERED = {
    ("NO", "carers"): "LPP: the number disagrees between sources; DO NOT PRINT until checked",
}


def reference_rows() -> list[dict[str, str]]:
    if not REFERENCE.is_file():
        pytest.skip(f"reference table not available at {REFERENCE}")
    with REFERENCE.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_every_carers_and_abuse_row_of_the_reference_is_entered(checked: HelplineCheck) -> None:
    """Each reference row of the two new kinds is a service of that kind with a number
    whose digits are in the reference's phone cell (the cell may hold several numbers)."""
    missing = []
    for row in reference_rows():
        if row["kind"] not in ("carers", "abuse") or (row["country"], row["kind"]) in NOT_ENTERED:
            continue
        cell = re.sub(r"\D", "", row["phone"])
        services = [s for s in checked.countries[row["country"]].services if s.kind == row["kind"]]
        if not any(
            re.sub(r"\D", "", c.value)[-7:] in cell
            for s in services
            for c in s.dialled
            if c.type == "phone"
        ):
            missing.append((row["country"], row["kind"], row["name"]))
    assert missing == []
    entered = sum(
        1 for c in checked.countries.values() for s in c.services if s.kind in ("carers", "abuse")
    )
    assert entered == 73  # 74 reference rows, less NOT_ENTERED


@pytest.mark.parametrize(
    "country,locales",
    [("RU", ["ru"]), ("PE", ["es"]), ("LU", ["de", "fr"]), ("DZ", ["ar", "fr"]), ("GR", ["el"])],
)
def test_new_countries_build_in_their_shipped_languages_else_english(
    country: str, locales: list[str], shipped_project: Project
) -> None:
    assert sorted(shipped_project.default_locales(country)) == locales


def test_english_name_fields_hold_no_other_script(checked: HelplineCheck) -> None:
    """Names in English fields are in a Latin script; local names go in name_local."""
    import unicodedata

    wrong = [
        (code, s.id, s.name)
        for code, c in checked.countries.items()
        for s in c.services
        if any(ch.isalpha() and "LATIN" not in unicodedata.name(ch, "") for ch in s.name)
    ]
    assert wrong == []


# Phrases written for maintainers that once reached printed pages (issue #14).
MAINTAINER_ON_PAGE = re.compile(
    r"per source|planned by|given as option|per IOL|per a \d{4}|"
    r"\(per |Hours not stated|verify|VERIFY|UNCERTAIN|DO NOT PRINT",
    re.IGNORECASE,
)


@pytest.mark.parametrize("country", reading(CARD_SHEETS, COUNTRIES))
def test_cards_print_no_retired_number_no_maintainer_words_and_no_source(
    country: str, checked: HelplineCheck
) -> None:
    text = flat_poppler_text(card_sheet_pdf(country))
    assert retired_in(text, country) == []
    assert not MAINTAINER_ON_PAGE.search(text), MAINTAINER_ON_PAGE.search(text)
    assert "http" not in text  # a chat service may print its own address, without a scheme
    for service in checked.countries[country].services:
        assert service.source_url.split("://")[1] not in text


# Handouts of the countries whose reference notes list retired numbers, and of those whose
# printed fields once carried maintainer notes.
HANDOUT_COUNTRIES = sorted(
    (
        {c for _, c in RETIRED if c}
        | {
            "GB",
            "US",
            "CA",
            "UA",
            "NG",
            "PK",
            "AR",
            "AU",
            "CZ",
            "DE",
            "DK",
            "DO",
            "IE",
            "JP",
            "PL",
            "TW",
            "VN",
            "CR",
            "UY",
            "LV",
            "RS",
            "RO",
            "GH",
            "HU",
            "TH",
            "ZA",
            "MY",
            "IT",
            "FI",
            "AM",
        }
    )
    & {p.stem for p in (REPO / "packs/helplines").glob("*.toml")}
)


HANDOUTS = english("retired-handouts", HANDOUT_COUNTRIES, "handout")


def handout_pdf(country: str) -> Path:
    return built_by(HANDOUTS, country).file(f"partner-support/{country}/en/handout.pdf")


@pytest.mark.reads_background(CARD_SHEETS)
@pytest.mark.reads_background(HANDOUTS)
@pytest.mark.parametrize("country", ["IT", "JP", "AR"])
def test_poppler_reads_english_pages_as_pypdf_does(country: str) -> None:
    """These tests read hundreds of English pages with pdftotext, ten times faster than pypdf;
    on the shipped cards and handouts both readers give the same words in the same order."""
    for pdf in (card_sheet_pdf(country), handout_pdf(country)):
        assert flat_poppler_text(pdf) == flat_text(pdf)


@pytest.mark.reads_background(HANDOUTS)
@pytest.mark.reads_background(built_by(HANDOUTS, "GB"))
def test_help_page_groups_cover_carers_everywhere() -> None:
    """Where the data has no carers' line, the help page says so and where to ask."""
    gb = flat_poppler_text(handout_pdf("GB"))
    it = flat_poppler_text(handout_pdf("IT"))
    for text in (gb, it):
        assert "For families and carers" in text and "Domestic abuse" in text
    assert "SANEline" in gb and "0300 304 7000" in gb and "No national line for families" not in gb
    assert "No national line for families and carers was found for this country." in it
    assert "1522" in it


@pytest.mark.parametrize("country", reading(HANDOUTS, HANDOUT_COUNTRIES))
def test_help_pages_print_no_retired_number_and_no_address_inside_an_entry(country: str) -> None:
    text = flat_poppler_text(handout_pdf(country))
    # Page furniture is not a number to call: "... 14" in the contents, "Page 1 of 14".
    furniture = re.sub(r"(\. )+\d+|Page \d+ of \d+", " ", text)
    assert retired_in(furniture, country) == []
    assert not MAINTAINER_ON_PAGE.search(text), MAINTAINER_ON_PAGE.search(text)
    directory = text[
        text.index("In an emergency", text.index("Where to find help") + 1) : text.index("Sources")
    ]
    assert "http" not in directory and "://" not in directory
    notes = text[text.index("Sources") : text.index("If a number is wrong")]
    assert "http" in notes


# Numbers translators found regrouped by libphonenumber (issue #14 follow-up): the form on the
# service's posters and website, and the regrouping that must not come back.
PUBLISHED = [
    ("DK", "70 201 201", "70 20 12 01"),
    ("FI", "080 005 005", "0800 05005"),
    ("FI", "09 2525 0116", "09 25250116"),
    ("TW", "0800-50-7272", "080 050 7272"),
]


@pytest.mark.reads_background(HANDOUTS)
@pytest.mark.parametrize(("country", "published", "regrouped"), PUBLISHED)
def test_help_pages_print_numbers_as_their_services_publish_them(
    country: str, published: str, regrouped: str, checked: HelplineCheck
) -> None:
    displays = [
        c.dial.display for s in checked.countries[country].services for c in s.dialled if c.dial
    ]
    assert published in displays and regrouped not in displays
    text = flat_poppler_text(handout_pdf(country))
    assert published in text and regrouped not in text


def test_every_printed_number_dials_the_datas_digits(checked: HelplineCheck) -> None:
    """For every contact of every country: the tel: link is the number libphonenumber validates
    from value (unchanged by how it is printed), and the printed digits are value's own (the
    national form's, or without the trunk prefix as India's NCW publishes 7827170170), or,
    where value cannot be printed as written (international form, North American toll-free
    without its 1), the national form's."""
    contacts = 0
    as_written = 0
    for code, country in checked.countries.items():
        for service in country.services:
            for contact in service.dialled:
                assert contact.dial is not None
                contacts += 1
                shown = re.sub(r"\D", "", contact.dial.display)
                written = re.sub(r"\D", "", contact.value)
                where = (code, service.id, contact.value, contact.dial.display)
                if contact.dial.short:
                    assert contact.dial.tel == re.sub(r"[^\d*#]", "", contact.value), where
                    assert shown == written, where
                    as_written += 1
                    continue
                number = phonenumbers.parse(contact.value, code)
                assert contact.dial.tel == phonenumbers.format_number(
                    number, phonenumbers.PhoneNumberFormat.E164
                ), where
                national = re.sub(
                    r"\D",
                    "",
                    phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL),
                )
                nsn = phonenumbers.national_significant_number(number)
                if shown == written and shown in (national, nsn):
                    as_written += 1
                    continue
                assert shown in (national, "1" + nsn), where
                assert (
                    contact.value.startswith("+")
                    or written != national
                    or contact.dial.display.startswith("1-")
                ), where
    assert contacts >= 500
    assert as_written >= 0.9 * contacts


def reference_cells() -> dict[str, list[str]]:
    """The reference's phone and sms cells, per country: the numbers as sources wrote them."""
    cells: dict[str, list[str]] = {}
    for row in reference_rows():
        cells.setdefault(row["country"], []).extend([row["phone"], row["sms"]])
    return cells


def test_every_value_is_grouped_as_the_reference_wrote_it(checked: HelplineCheck) -> None:
    """Values are printed as written, so one retyped in another grouping would put a form no
    poster shows on the card."""
    cells = reference_cells()
    stray = [
        (code, service.id, contact.value, form)
        for code, country in checked.countries.items()
        for service in country.services
        for contact in service.dialled
        if (form := stray_grouping(contact.value, cells.get(code, [])))
    ]
    assert stray == []


def test_a_value_in_another_grouping_than_the_reference_is_caught() -> None:
    cells = [
        "70 201 201",
        "0800-50-7272 (source writes ○八○○-五○-七二七二)",
        "999 (112 also works)",
        "0228 / 71002424 or 01805 / 950 951",
        "*4141",
    ]
    assert stray_grouping("70 20 12 01", cells) == "70 201 201"
    assert stray_grouping("0800 50 7272", cells) == "0800-50-7272"
    assert stray_grouping("0228 71002424", cells) == "0228 / 71002424"
    for same in ("70 201 201", "0800-50-7272", "112", "999", "0228/71002424", "*4141"):
        assert stray_grouping(same, cells) == "", same
    assert stray_grouping("0800 111 0 111", cells) == ""  # not in the reference: nothing to say
