"""Translations are data: placeholders kept, no markup added, fallbacks counted, drafts shown."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from babel.messages.catalog import Message
from babel.messages.pofile import read_po

from builder.base.errors import InputError, ProblemList
from builder.i18n.upkeep import render_po, update_locale
from builder.model.catalogs import check_translation
from builder.model.project import load_project
from builder.plan.request import BuildRequest

from ..building import build_docs
from ..conftest import REPO, TIMEOUT, MiniProject
from ..pdftext import text_of


def add_locale(mini: MiniProject, locale: str = "fr", fill: bool = True) -> Path:
    """Create a catalog for locale in the mini project, translated with a visible marker."""
    project = load_project(mini.root, ProblemList())
    update_locale(project, locale, "test")
    for domain in ("ui", "content"):
        path = mini.root / "locales" / locale / "LC_MESSAGES" / f"{domain}.po"
        catalog = read_po(path.open("rb"))
        for message in catalog:
            if message.id and fill:
                message.string = "FR " + str(message.id)
        path.write_bytes(render_po(catalog))
    return mini.root / "locales" / locale / "LC_MESSAGES"


def set_translation(path: Path, msgid: str, text: str) -> int:
    """Replace one entry's msgstr; return the line of its msgid."""
    lines = path.read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        if line == f'msgid "{msgid}"':
            lines[i + 1] = 'msgstr "' + text.replace('"', '\\"') + '"'
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
            return i + 1
    raise AssertionError(f"{msgid} not in {path}")


def request(mini: MiniProject, **kw: object) -> BuildRequest:
    kw.setdefault("out", mini.root / "out")
    kw.setdefault("countries", ["GB"])
    return BuildRequest(root=mini.root, **kw)  # type: ignore[arg-type]


def test_translated_build_prints_translation_and_draft_note(mini: MiniProject) -> None:
    add_locale(mini)
    result = build_docs(request(mini, locales=["fr"], products=["handout"]))
    text = " ".join(text_of(result.written[0]).split())
    assert "FR First things" in text and "FR Try this" in text
    assert "1 novembre 2026" in text  # dates in the document's language
    assert "FR Translation not yet reviewed by a native speaker" in text


def test_injected_html_fails_with_po_line(mini: MiniProject) -> None:
    folder = add_locale(mini)
    line = set_translation(
        folder / "content.po", "First things", 'Premier <img src="file:///etc/passwd">'
    )
    with pytest.raises(InputError) as caught:
        build_docs(request(mini, locales=["fr"]))
    message = str(caught.value)
    assert f"locales/fr/LC_MESSAGES/content.po:{line}:" in message
    assert "HTML is not allowed" in message
    assert not (mini.root / "out").exists()


def test_dropped_placeholder_fails_with_po_line(mini: MiniProject) -> None:
    folder = add_locale(mini)
    line = set_translation(folder / "ui.po", "Numbers checked %(date)s", "Numéros vérifiés")
    with pytest.raises(InputError, match=rf"ui\.po:{line}: placeholders differ"):
        build_docs(request(mini, locales=["fr"]))


def test_added_link_is_refused(mini: MiniProject) -> None:
    folder = add_locale(mini)
    set_translation(folder / "content.po", "One item", "[Cliquez](https://evil.example)")
    with pytest.raises(InputError, match="links to an address the source does not"):
        build_docs(request(mini, locales=["fr"]))


def test_missing_strings_warn_then_fail_under_strict(mini: MiniProject) -> None:
    folder = add_locale(mini)
    line = set_translation(folder / "content.po", "Another item", "")
    result = build_docs(request(mini, locales=["fr"], products=["handout"]))
    assert any("fr: 1 string(s) are not translated" in w.message for w in result.warnings)
    assert "Another item" in text_of(result.written[0])  # falls back to English
    with pytest.raises(InputError, match=rf"content\.po:{line}: fr: \"Another item\""):
        build_docs(request(mini, locales=["fr"], strict=True, out=mini.root / "strict"))


def test_require_reviewed_refuses_drafts(mini: MiniProject) -> None:
    add_locale(mini)
    with pytest.raises(InputError, match="draft, not yet reviewed"):
        build_docs(request(mini, locales=["fr"], require_reviewed=True))


def test_default_locales_follow_official_languages(mini: MiniProject) -> None:
    add_locale(mini, "fr")
    project = load_project(mini.root, ProblemList())
    assert project.default_locales("GB", project.packs["mini"]) == ["en"]
    assert project.default_locales("CA", project.packs["mini"]) == ["en", "fr"]


def test_shipped_catalogs_pass_msgfmt_check() -> None:
    files = sorted((REPO / "locales").glob("*/LC_MESSAGES/*.po"))
    locales = [path for path in (REPO / "locales").iterdir() if path.is_dir()]
    assert len(locales) >= 8
    assert len(files) == 3 * len(locales)  # ui, content and helplines for every locale
    for path in files:
        run = subprocess.run(
            ["msgfmt", "--check", "-o", "/dev/null", str(path)],
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
        )
        assert run.returncode == 0, run.stderr


def test_shipped_catalogs_record_review_status() -> None:
    for path in sorted((REPO / "locales").glob("*/LC_MESSAGES/*.po")):
        head = path.read_text(encoding="utf-8").split("msgid", 1)[0]
        assert re.search(r"^# Review-Status: (draft|reviewed)$", head, re.M), path
        assert re.search(r"^# Translated-By: \S", head, re.M), path


FR = """\
country = "FR"
timezone = "Europe/Paris"
crisis_gap = "this test needs only the emergency row"

[[services]]
id = "samu"
kind = "emergency"
name = "Medical emergency"
open_24_7 = true
source_url = "https://example.org/fr-emergency"
checked = 2026-11-01

[[services.contacts]]
type = "phone"
value = "15"
instruction = "medical emergencies"
"""


def test_helpline_data_is_translated_for_the_locales_countries(mini: MiniProject) -> None:
    mini.write_helplines("FR", FR)
    folder = add_locale(mini)
    helplines = read_po((folder / "helplines.po").open("rb"))
    assert {m.context for m in helplines if m.id} == {"FR"}  # French is official in FR only
    for message in helplines:
        if message.id:
            message.string = {
                "Medical emergency": "Urgences médicales",
                "medical emergencies": "urgences médicales",
            }[str(message.id)]
    (folder / "helplines.po").write_bytes(render_po(helplines))
    result = build_docs(request(mini, countries=["FR"], locales=["fr"], products=["card-sheet"]))
    text = " ".join(text_of(result.written[0]).split())
    assert "urgences médicales" in text and "medical emergencies" not in text
    assert not any("helpline text" in w.message for w in result.warnings)


def test_untranslated_helpline_data_warns_and_fails_under_strict(mini: MiniProject) -> None:
    add_locale(mini)
    result = build_docs(request(mini, locales=["fr"], products=["card-sheet"]))
    assert any(
        "fr: 3 helpline text(s) for GB are not translated" in w.message for w in result.warnings
    ), [w.message for w in result.warnings]
    with pytest.raises(InputError, match=r"packs/helplines/GB\.toml:\d+: fr: helpline text"):
        build_docs(request(mini, locales=["fr"], strict=True, out=mini.root / "strict"))


@pytest.mark.parametrize(
    "text,codes",
    [
        ("Pàgina %(pagina)s de %(pages)s", ["CP4003"]),  # a misspelt name: one problem
        ("Pàgina %(page)s de %(pages)s al 100%", ["CP4005"]),  # a stray "%" stays its own
        ("Pàgina %(page)s de %(pages)s", []),
    ],
)
def test_each_placeholder_mistake_is_reported_once_as_itself(text: str, codes: list[str]) -> None:
    """A translator who misspells a placeholder gets one error naming the placeholders,
    not a second one about a lone "%" the text does not have."""
    message = Message("Page %(page)s of %(pages)s", text, lineno=55)
    problems = ProblemList()
    check_translation(message, Path("ui.po"), problems)
    assert [p.code for p in problems.errors] == codes


def test_an_unknown_escape_is_refused_on_its_line() -> None:
    from builder.model.catalogs import po_syntax

    text = 'msgid "Remember"\nmsgstr ""\n"Atminkite\\q"\n'
    found = po_syntax(text)
    assert found is not None and found[0] == 3 and '"\\q" is not an escape' in found[1]
    fine = 'msgid "a"\nmsgstr "tab\\t, line\\n, quote \\", backslash \\\\"\n'
    assert po_syntax(fine) is None


def test_a_second_entry_for_one_string_is_refused_naming_the_first() -> None:
    from builder.model.catalogs import po_syntax

    entry = 'msgctxt "card"\nmsgid "Life in danger"\nmsgstr "{}"\n\n'
    twice = (
        'msgid ""\nmsgstr "X: y\\n"\n\n'
        + entry.format("Gyvybei pavojus")
        + entry.format("Viskas gerai")
    )
    assert po_syntax(twice) == (
        9,
        "this string has an entry already, at line 5: only the first is printed",
        "keep one of the two entries (msgfmt --check reports the same)",
    )
    other_context = twice.replace('msgctxt "card"', 'msgctxt "levels"', 1)
    assert po_syntax(other_context) is None
