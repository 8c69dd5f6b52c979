"""out/index.html, opened the way a reader opens it: in a browser, without JavaScript."""

from __future__ import annotations

import json
import shutil
import subprocess
import tomllib
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from builder import pipeline
from builder.model.packs import PRODUCTS
from builder.output.index_page import write_catalogue
from builder.output.manifest import Entry
from builder.plan.paper import paper_for, printed_paper
from builder.plan.request import BuildRequest
from builder.run.batch import BatchOptions

from ..conftest import BUILD_EPOCH, REPO, TIMEOUT, MiniProject
from ..render.test_safety_plan import write_plan

EXAMPLE = REPO / "examples" / "clinic"
CLINIC = "Riverside Family Clinic (example only)"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.tags: list[str] = []
        self.text: list[str] = []
        self.handlers: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append(name)
            if name in ("href", "src") and value:
                self.links.append(value)
            if name == "id" and value:
                self.ids.add(value)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        pytest.skip("chromium is not installed (make test installs it)")
    return found


def dump_dom(page: Path, profile: Path) -> str:
    result = subprocess.run(
        [chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=True,
    )
    return result.stdout


def parse(html: str) -> Links:
    parser = Links()
    parser.feed(html)
    return parser


@pytest.fixture(scope="module")
def failing_card_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """GB and US, where the US card sheet fails: the catalogue must show that too. Built once
    for the module (the failing card tries every size down to the floor); its tests only read
    the folder."""
    mini = MiniProject(tmp_path_factory.mktemp("failing-card") / "project")
    path = mini.helplines / "US.toml"
    path.write_text(
        path.read_text().replace(
            'name = "988 Suicide & Crisis Lifeline"', 'name = "' + "Crisis Lifeline " * 120 + '"'
        )
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", BUILD_EPOCH)  # as fixed_build_date sets it per test
        report = pipeline.build(
            BuildRequest(root=mini.root, out=mini.root / "out"), BatchOptions(jobs=1)
        )
    assert [f.path for f in report.failed] == ["mini/US/en/card-sheet.pdf"]
    return mini.root / "out"


def test_catalogue_loads_in_chromium_and_every_link_resolves(
    failing_card_build: Path, tmp_path: Path
) -> None:
    out = failing_card_build
    dom = parse(dump_dom(out / "index.html", tmp_path / "profile"))
    assert "script" not in dom.tags and dom.handlers == []  # nothing needs JavaScript
    text = " ".join(dom.text)
    assert "United Kingdom" in text and "United States" in text and "English" in text
    assert "1 failed" in text and "does not fit" in text
    pdfs = [link for link in dom.links if link.endswith(".pdf")]
    assert sorted(set(pdfs)) == [
        "mini/GB/en/card-sheet.pdf",
        "mini/GB/en/handout.pdf",
        "mini/US/en/handout.pdf",
    ]
    assert len([link for link in dom.links if link.endswith(".png")]) == 3
    for link in dom.links:
        parsed = urlparse(link)
        assert parsed.scheme == "" and parsed.netloc == "", link  # nothing outside the folder
        if parsed.path:
            assert (out / unquote(parsed.path)).is_file(), link
        if parsed.fragment:
            assert parsed.fragment in dom.ids, link


def test_catalogue_without_a_browser_lists_facts_per_document(failing_card_build: Path) -> None:
    html = (failing_card_build / "index.html").read_text()
    assert "PDF, 2 pages" in html and "numbers checked 2026-11-01" in html
    assert html.count('class="document is-failed"') == 1
    assert html.count('class="document is-ok"') == 3


def document_titles(html: str, country: str) -> list[str]:
    """The product names listed under one country, in the order a reader sees them."""
    section = html[html.index(f'<section id="{country}"') :]
    section = section[
        : section.index("</section>\n</section>")
        if "</section>\n</section>" in section
        else len(section)
    ]
    return [
        line.split(">")[2].split("<")[0]
        for line in section.splitlines()
        if line.startswith('<p class="title">')
    ]


def test_catalogue_lists_products_in_the_pack_order_with_their_real_paper(
    mini: MiniProject,
) -> None:
    order = ["safety-plan", "handout", "card", "card-sheet"]  # not alphabetical on purpose
    mini.write_pack(["first", "help"])
    write_plan(mini)  # the plan's text; the pack's product list is written next
    mini.write_pack(["first", "help"], products=order)
    pipeline.build(
        BuildRequest(root=mini.root, out=mini.root / "out", countries=["GB", "US"]),
        BatchOptions(jobs=1),
    )
    html = (mini.root / "out" / "index.html").read_text()
    for country in ("GB", "US"):
        assert document_titles(html, country) == [
            "Safety plan",
            "Handout",
            "Wallet card",
            "Wallet card sheet",
        ]
    documents = json.loads((mini.root / "out" / "manifest.json").read_text())["documents"]
    papers = {name: d["paper"] for name, d in documents.items()}
    assert papers["mini/GB/en/card.pdf"] == papers["mini/US/en/card.pdf"] == "id-1"
    assert papers["mini/GB/en/handout.pdf"] == "a4" and papers["mini/US/en/handout.pdf"] == "letter"
    assert html.count("ID-1 card, 85.60 × 53.98 mm") == 2
    assert all(d["overlay"] == "" for d in documents.values())
    assert "Clinic overlay" not in html


NAMES = {
    "GB": [
        "Handout",
        "Quick guide",
        "Handout booklet (A5)",
        "Handout (A5)",
        "Wallet card sheet",
        "Wallet card",
        "Fold-over wallet card",
        "Safety plan",
    ],
    "US": [
        "Handout",
        "Quick guide",
        "Handout booklet (half-Letter)",
        "Handout (half-Letter)",
        "Wallet card sheet",
        "Wallet card",
        "Fold-over wallet card",
        "Safety plan",
    ],
}


@pytest.mark.parametrize("country", sorted(NAMES))
def test_catalogue_names_every_product_as_the_readme_does(tmp_path: Path, country: str) -> None:
    """Not the id it is built with ("Card fold", "Handout a5"): each product of the shipped
    pack by its name, the A5 editions by the size of their pages on the country's paper."""
    pack = tomllib.loads((REPO / "packs" / "partner-support" / "pack.toml").read_text())
    shipped: list[str] = pack["products"]
    assert sorted(shipped) == sorted(PRODUCTS)  # the shipped pack makes every product
    entries = {}
    for product in shipped:
        name = f"partner-support/{country}/en/{product}.pdf"
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"%PDF-1.7\n")
        entries[name] = Entry(
            pack="partner-support",
            country=country,
            locale="en",
            product=product,
            paper=printed_paper(product, paper_for(country)),
            key="0" * 64,
            status="ok",
            pages=1,
        )
    write_catalogue(REPO / "templates", tmp_path, entries, {"partner-support": shipped})
    html = (tmp_path / "index.html").read_text()
    assert document_titles(html, country) == NAMES[country]
    assert "Card fold" not in html and "Handout a5" not in html


def test_manifest_and_catalogue_record_the_clinic_overlay(mini: MiniProject) -> None:
    mini.write_pack(["first", "help"], products=["handout", "card"])
    pipeline.build(
        BuildRequest(root=mini.root, out=mini.root / "out", overlay=EXAMPLE), BatchOptions(jobs=1)
    )
    documents = json.loads((mini.root / "out" / "manifest.json").read_text())["documents"]
    assert sorted(documents) == ["mini/GB/en/card.pdf", "mini/GB/en/handout.pdf"]
    assert {d["overlay"] for d in documents.values()} == {CLINIC}
    html = (mini.root / "out" / "index.html").read_text()
    assert f"Clinic overlay: <strong>{CLINIC}</strong> on 2 documents" in html
    assert html.count(f"Clinic overlay: {CLINIC}") == 2
